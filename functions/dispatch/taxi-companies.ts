import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { created, ok, requireCaller } from '#platform/http/request';
import { taxiCompaniesContract } from '#dispatch/api/taxi-companies';
import { getTaxiCompany, listTaxiCompanies, registerTaxiCompany, taxiCompanyView } from '#dispatch/domain/taxi-company';
import { taxiCompanyPorts } from '#dispatch/adapters/taxi-company-adapters';

/** Taxi companies: admins register them (with operators and tariff) and list them; an operator reads its own. */
export const handler = httpFunction(
  routesOf(taxiCompaniesContract, {
    'POST /v1/taxi-companies': async ({ body, request }) =>
      created(taxiCompanyView(await registerTaxiCompany(taxiCompanyPorts(), requireCaller(request), body))),
    'GET /v1/taxi-companies': async ({ query, request }) => {
      const page = await listTaxiCompanies(taxiCompanyPorts(), requireCaller(request), query);
      return ok({ items: page.items.map(taxiCompanyView), nextCursor: page.nextCursor });
    },
    'GET /v1/taxi-companies/{companyId}': async ({ path, request }) =>
      ok(taxiCompanyView(await getTaxiCompany(taxiCompanyPorts(), requireCaller(request), path.companyId))),
  }),
  { idempotent: true },
);
