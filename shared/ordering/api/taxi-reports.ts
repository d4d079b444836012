/**
 * The HTTP contract of a taxi company's settlement report, as JSON or CSV. The handler parses
 * with these schemas (functions/ordering/taxi-reports.ts) and the OpenAPI document is generated
 * from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { dayView } from '../../platform/http/views.ts';
import { daySchema, idSchema } from '../../platform/schemas.ts';
import { MAX_REPORT_DAYS, type taxiCompanyReport } from '../application/ride-use-cases.ts';

const dayFigures = {
  rides: z.int().meta({ description: 'COMPLETED rides.' }),
  distanceKm: z.number().meta({ description: "Sum of the rides' stored distances, in km to 0.1 km (summed in whole tenths: no float drift)." }),
  revenueIdr: z.int().meta({ description: "Sum of the rides' stored fares." }),
};

export const settlementReportView = z
  .strictObject({
    companyId: z.string(),
    companyName: z.string(),
    from: dayView,
    to: dayView,
    currency: z.literal('IDR'),
    days: z.array(z.strictObject({ day: dayView, ...dayFigures })).meta({ description: 'Every WIB day of the period, in order, days without rides included.' }),
    totals: z.strictObject(dayFigures).meta({ description: 'Sums of exactly the rides counted in `days`.' }),
  })
  .meta({ id: 'TaxiSettlementReport', description: "A taxi company's completed rides, distance and revenue per WIB day, and totals." });

export const taxiReportsContract = defineContract({
  'GET /v1/taxi-companies/{companyId}/report': {
    tag: 'Taxi: companies',
    summary: "Read a taxi company's settlement report",
    description:
      "The company's COMPLETED rides counted on the WIB day they were completed, with each ride's stored fare and distance, per day (days without " +
      'rides included) and in total; the totals are sums of exactly those rides, so the report reconciles with the rides. FAILED and cancelled rides ' +
      `are not in it. A period runs from \`from\` to \`to\` inclusive, must not end before it starts and covers at most ${MAX_REPORT_DAYS} days ` +
      '(400 `INVALID_PERIOD`). A taxi operator reads its own company only (another company is 403); admins read every company. ' +
      'Send `Accept: text/csv` or `?format=csv` for CSV.',
    path: z.object({ companyId: idSchema.meta({ example: 'cmp_osing-taksi' }) }),
    query: z.strictObject({
      from: daySchema,
      to: daySchema,
      format: z.enum(['json', 'csv']).optional().meta({ description: 'Overrides the Accept header: `csv` for CSV, `json` for JSON.' }),
    }),
    responses: {
      200: {
        description: 'The report.',
        schema: settlementReportView,
        example: {
          companyId: 'cmp_osing-taksi',
          companyName: 'Osing Taksi',
          from: '2026-11-01',
          to: '2026-11-03',
          currency: 'IDR',
          days: [
            { day: '2026-11-01', rides: 0, distanceKm: 0, revenueIdr: 0 },
            { day: '2026-11-02', rides: 2, distanceKm: 16.3, revenueIdr: 82_645 },
            { day: '2026-11-03', rides: 1, distanceKm: 12, revenueIdr: 57_300 },
          ],
          totals: { rides: 3, distanceKm: 28.3, revenueIdr: 139_945 },
        },
        csv: {
          description:
            'RFC 4180, CRLF line ends, sent as an attachment `settlement-<companyId>-<from>-<to>.csv`: one line per WIB day, then a TOTAL line. ' +
            'A company name that a spreadsheet would run as a formula is written as text (prefixed with `\'`).',
          example:
            'companyId,companyName,day,rides,distanceKm,revenueIdr\r\n' +
            'cmp_osing-taksi,Osing Taksi,2026-11-01,0,0.0,0\r\n' +
            'cmp_osing-taksi,Osing Taksi,2026-11-02,2,16.3,82645\r\n' +
            'cmp_osing-taksi,Osing Taksi,2026-11-03,1,12.0,57300\r\n' +
            'cmp_osing-taksi,Osing Taksi,TOTAL,3,28.3,139945\r\n',
        },
      },
    },
    refusals: { 400: ['INVALID_PERIOD'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
    example: { path: { companyId: 'cmp_osing-taksi' }, query: { from: '2026-11-01', to: '2026-11-30' } },
  },
});

// What the handler sends as JSON: this fails to compile when the report stops fitting its schema.
export const settlementReportFits: ViewFits<Awaited<ReturnType<typeof taxiCompanyReport>>, z.input<typeof settlementReportView>> = true;
