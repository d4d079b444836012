import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { created, ok, parseInput, requireCaller } from '#platform/http/request';
import { idSchema } from '#platform/schemas';
import { getTaxiCompany, registerTaxiCompany, registerTaxiCompanySchema, taxiCompanyView } from '#dispatch/taxi-company';
import { taxiCompanyPorts } from '#dispatch/taxi-company-adapters';

const companyPath = z.object({ companyId: idSchema });

/** Taxi companies: admins register them (with operators and tariff); an operator reads its own. */
export const handler = httpFunction(
  {
    'POST /v1/taxi-companies': async (request) => {
      const input = parseInput(registerTaxiCompanySchema, request.body, 'body');
      const company = await registerTaxiCompany(taxiCompanyPorts(), requireCaller(request), input);
      return created(taxiCompanyView(company));
    },
    'GET /v1/taxi-companies/{companyId}': async (request) => {
      const { companyId } = parseInput(companyPath, request.pathParameters, 'path');
      return ok(taxiCompanyView(await getTaxiCompany(taxiCompanyPorts(), requireCaller(request), companyId)));
    },
  },
  { idempotent: true },
);
