/**
 * The HTTP contract of partner taxi companies: admins register and list them, their operators read their
 * own. The handler parses with these schemas (functions/dispatch/taxi-companies.ts) and the
 * OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { instantView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { idSchema } from '../../platform/schemas.ts';
import { tariffView } from '../../kernel/api/tariff.ts';
import { registerTaxiCompanySchema, type taxiCompanyView } from '../domain/taxi-company.ts';

export const taxiCompanyResource = z
  .strictObject({
    companyId: z.string(),
    name: z.string(),
    licenseNo: z.string().meta({ description: 'The Dishub (Dinas Perhubungan) operating licence, as written on the licence.' }),
    operators: z.array(z.string()).meta({ description: 'Subjects with the taxi_operator role who act for the company.' }),
    tariff: tariffView,
    createdAt: instantView,
  })
  .meta({ id: 'TaxiCompany', description: 'A licensed local taxi company (yellow plates) that takes rides through Gancang dispatch at its own tariff.' });

const EXAMPLE_COMPANY: z.input<typeof taxiCompanyResource> = {
  companyId: 'cmp_01JE2V5R8T1W4X7Z0B3D6F9H2K',
  name: 'Taksi Gandrung',
  licenseNo: '551.21/0301/429.104/2025',
  operators: ['operator-gandrung'],
  tariff: { flagFallIdr: 8_000, perKmIdr: 4_300, minimumFareIdr: 22_000 },
  createdAt: '2026-11-20T10:12:45+07:00',
};

const TAG = 'Taxi: companies';

export const taxiCompaniesContract = defineContract({
  'POST /v1/taxi-companies': {
    tag: TAG,
    summary: 'Register a taxi company',
    description:
      'Admins register a licensed taxi company with its operators and its tariff. Tariffs are whole rupiah, each more than 0. ' +
      'One company per Dishub licence number (409 `LICENSE_TAKEN`; spaces and letter case do not make a licence number another one).',
    body: registerTaxiCompanySchema,
    responses: { 201: { description: 'The company.', schema: taxiCompanyResource, example: EXAMPLE_COMPANY } },
    refusals: { 403: ['FORBIDDEN'], 409: ['LICENSE_TAKEN'] },
    example: {
      body: {
        name: 'Taksi Gandrung',
        licenseNo: '551.21/0301/429.104/2025',
        operators: ['operator-gandrung'],
        tariff: { flagFallIdr: 8_000, perKmIdr: 4_300, minimumFareIdr: 22_000 },
      } satisfies z.input<typeof registerTaxiCompanySchema>,
    },
  },
  'GET /v1/taxi-companies': {
    tag: TAG,
    summary: 'List the taxi companies',
    description:
      'Every registered company, by name (letter case and spacing aside), a page at a time: what the operations room charts settlements for. Admins only; ' +
      'a taxi operator reads its own company.',
    query: z.strictObject(pageQuerySchema),
    responses: {
      200: {
        description: 'A page of companies.',
        schema: pageOf(taxiCompanyResource),
        example: { items: [EXAMPLE_COMPANY], nextCursor: null },
      },
    },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'] },
    example: { query: { limit: '20' } },
  },
  'GET /v1/taxi-companies/{companyId}': {
    tag: TAG,
    summary: 'Read a taxi company',
    description: 'A taxi operator reads its own company only (another company is 403); admins read every company.',
    path: z.object({ companyId: idSchema.meta({ example: 'cmp_osing-taksi' }) }),
    responses: {
      200: {
        description: 'The company.',
        schema: taxiCompanyResource,
        example: {
          companyId: 'cmp_osing-taksi',
          name: 'Osing Taksi',
          licenseNo: '551.21/0117/429.104/2024',
          operators: ['operator-osing'],
          tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 },
          createdAt: '2026-11-01T08:00:00+07:00',
        },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
  },
});

// What the handler sends: this fails to compile when the view stops fitting its response schema.
export const taxiCompanyViewFits: ViewFits<ReturnType<typeof taxiCompanyView>, z.input<typeof taxiCompanyResource>> = true;
