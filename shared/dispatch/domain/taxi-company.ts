import * as z from 'zod';
import { assertActsForCompany } from '../../kernel/taxi-fleet.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { requireRole, type Caller } from '../../platform/http/caller.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Page } from '../../platform/pagination.ts';
import { nameSchema, subjectSchema } from '../../platform/schemas.ts';
import { toWibIso, type Clock } from '../../platform/time.ts';
import { tariffSchema, type Tariff } from '../../kernel/fares.ts';

/**
 * A licensed local taxi company (yellow plates) that takes rides through Gancang's dispatch at
 * its own tariff. It lives in the dispatch context, on the same `COMPANY#<id>` item that driver
 * registration already reads for its operators.
 */
export interface TaxiCompany {
  /** `cmp_<ulid>` (demo companies have readable ids, e.g. `cmp_osing-taxi`). */
  readonly companyId: string;
  readonly name: string;
  /** The Dishub (Dinas Perhubungan) operating licence, as written on the licence. */
  readonly licenseNo: string;
  /** Subjects with the taxi_operator role who act for the company. */
  readonly operators: readonly string[];
  readonly tariff: Tariff;
  readonly createdAt: string;
  readonly createdBy: string;
}

export const licenseNoSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ./_-]*$/, 'letters, digits, spaces and . / _ - only');

export const registerTaxiCompanySchema = z.strictObject({
  name: nameSchema,
  licenseNo: licenseNoSchema,
  operators: z
    .array(subjectSchema)
    .min(1)
    .max(50)
    .refine((subs) => new Set(subs).size === subs.length, 'must not list an operator twice'),
  tariff: tariffSchema,
});
export type RegisterTaxiCompany = z.infer<typeof registerTaxiCompanySchema>;

/** The spelling the licence guard compares: "551.2/ 17 / 429.104/2024" and "551.2/17/429.104/2024" are one licence. */
export const normalizeLicenseNo = (licenseNo: string): string => licenseNo.toUpperCase().replace(/\s+/g, '');

export class LicenseTakenError extends ConflictError {
  constructor() {
    super('LICENSE_TAKEN', 'A taxi company with this Dishub licence number is already registered', [{ path: 'licenseNo', message: 'already registered' }]);
  }
}

export interface TaxiCompanyStore {
  /** Writes the company with its licence guard in one transaction: LicenseTakenError. */
  createCompany(company: TaxiCompany): Promise<void>;
  getCompany(companyId: string): Promise<TaxiCompany | undefined>;
  /** Every company, in the order of its name as names compare (comparableName), then id. */
  listCompanies(page: { limit: number; cursor?: string }): Promise<Page<TaxiCompany>>;
}

export interface TaxiCompanyPorts {
  readonly companies: TaxiCompanyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export async function registerTaxiCompany(ports: TaxiCompanyPorts, caller: Caller, input: RegisterTaxiCompany): Promise<TaxiCompany> {
  requireRole(caller, 'admin');
  const company: TaxiCompany = {
    companyId: ports.ids.next('cmp'),
    name: input.name,
    licenseNo: input.licenseNo,
    operators: input.operators,
    tariff: input.tariff,
    createdAt: toWibIso(ports.clock.now()),
    createdBy: caller.sub,
  };
  await ports.companies.createCompany(company);
  return company;
}

/** The rule is shared with ordering's settlement report, so it lives in the kernel. */
export { assertActsForCompany };

export async function getTaxiCompany(ports: Pick<TaxiCompanyPorts, 'companies'>, caller: Caller, companyId: string): Promise<TaxiCompany> {
  const company = await ports.companies.getCompany(companyId);
  if (!company) throw new NotFoundError('Taxi company');
  assertActsForCompany(caller, company);
  return company;
}

/** One page of the companies by name, for the operations room's settlement charts (admins only). */
export async function listTaxiCompanies(ports: Pick<TaxiCompanyPorts, 'companies'>, caller: Caller, query: { limit: number; cursor?: string }): Promise<Page<TaxiCompany>> {
  requireRole(caller, 'admin');
  return ports.companies.listCompanies({ limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) });
}

export function taxiCompanyView(company: TaxiCompany) {
  const { createdBy: _createdBy, ...view } = company;
  return view;
}
