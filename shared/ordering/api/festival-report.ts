/**
 * The HTTP contract of the government's festival report, as JSON or CSV. The handler parses with
 * these schemas (functions/ordering/festival-report.ts) and the OpenAPI document is generated
 * from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { addressView, dayView, instantView } from '../../platform/http/views.ts';
import { idSchema } from '../../platform/schemas.ts';
import { REPORT_CSV_HEADER } from '../domain/festival-report.ts';
import type { festivalReport } from '../application/food-order-use-cases.ts';

const kecamatan = addressView.shape.kecamatan;

const figures = {
  orders: z.int().meta({ description: 'Orders the merchant accepted that were not rejected or cancelled (a failed delivery counts).' }),
  grossIdr: z.int().meta({ description: 'The sum of subtotals: menu prices × quantities, before discounts, without delivery fees.' }),
  discountIdr: z.int().meta({ description: "The sum of discounts, paid by the festival's partners." }),
  merchantRevenueIdr: z.int().meta({ description: 'What reached the merchants: equal to `grossIdr`, since the partners fund the promotions.' }),
};

const dayFigures = z.strictObject({ day: dayView.meta({ description: 'The WIB day the orders were placed.' }), ...figures });
const byDay = z.array(dayFigures).meta({ description: 'Per WIB day on which orders counted, oldest first.' });

export const festivalReportResource = z
  .strictObject({
    festivalId: z.string(),
    name: z.string(),
    startsAt: instantView,
    endsAt: instantView,
    timeZone: z.literal('Asia/Jakarta').meta({ description: 'Days are WIB calendar days.' }),
    days: z.array(dayView).meta({ description: 'The WIB days the festival spans.' }),
    totals: z.strictObject({ ...figures, byDay }),
    byMerchant: z
      .array(z.strictObject({ merchantId: z.string(), name: z.string(), kecamatan, ...figures, byDay }))
      .meta({ description: 'Per merchant with counted orders, highest gross first.' }),
    byKecamatan: z
      .array(z.strictObject({ kecamatan, merchants: z.int().meta({ description: 'Merchants of this kecamatan with counted orders.' }), ...figures, byDay }))
      .meta({ description: "Per kecamatan (the merchant's), highest gross first." }),
  })
  .meta({
    id: 'FestivalReport',
    description: 'What a festival brought its UMKM, per merchant, per kecamatan and per WIB day, computed from the orders themselves so that it reconciles exactly.',
  });

const DAY = (day: string, orders: number, grossIdr: number, discountIdr: number) => ({ day, orders, grossIdr, discountIdr, merchantRevenueIdr: grossIdr });

const EXAMPLE_REPORT: z.input<typeof festivalReportResource> = {
  festivalId: 'fest_01JDZ2M8K4H6G2F0E8D6C4B2A0',
  name: 'Pesta Kuliner Go-Food Banyuwangi',
  startsAt: '2026-12-18T10:00:00+07:00',
  endsAt: '2026-12-21T00:00:00+07:00',
  timeZone: 'Asia/Jakarta',
  days: ['2026-12-18', '2026-12-19', '2026-12-20'],
  totals: { orders: 5, grossIdr: 130000, discountIdr: 13800, merchantRevenueIdr: 130000, byDay: [DAY('2026-12-18', 2, 65000, 8800), DAY('2026-12-19', 3, 65000, 5000)] },
  byMerchant: [
    {
      merchantId: 'mer_01JDZ3N9P5Q7R1S3T5V7W9X1Y3',
      name: 'Sego Tempong Mbok Nah',
      kecamatan: 'Giri',
      orders: 3,
      grossIdr: 88000,
      discountIdr: 13800,
      merchantRevenueIdr: 88000,
      byDay: [DAY('2026-12-18', 1, 44000, 8800), DAY('2026-12-19', 2, 44000, 5000)],
    },
    {
      merchantId: 'mer_01JDZ3P1Q3R5S7T9V1W3X5Y7Z9',
      name: 'Pecel Rawon Mbah Jum',
      kecamatan: 'Genteng',
      orders: 2,
      grossIdr: 42000,
      discountIdr: 0,
      merchantRevenueIdr: 42000,
      byDay: [DAY('2026-12-18', 1, 21000, 0), DAY('2026-12-19', 1, 21000, 0)],
    },
  ],
  byKecamatan: [
    { kecamatan: 'Giri', merchants: 1, orders: 3, grossIdr: 88000, discountIdr: 13800, merchantRevenueIdr: 88000, byDay: [DAY('2026-12-18', 1, 44000, 8800), DAY('2026-12-19', 2, 44000, 5000)] },
    { kecamatan: 'Genteng', merchants: 1, orders: 2, grossIdr: 42000, discountIdr: 0, merchantRevenueIdr: 42000, byDay: [DAY('2026-12-18', 1, 21000, 0), DAY('2026-12-19', 1, 21000, 0)] },
  ],
};

const EXAMPLE_CSV = [
  REPORT_CSV_HEADER.join(','),
  'MERCHANT,mer_01JDZ3N9P5Q7R1S3T5V7W9X1Y3,Sego Tempong Mbok Nah,Giri,2026-12-18,1,44000,8800,44000',
  'MERCHANT,mer_01JDZ3N9P5Q7R1S3T5V7W9X1Y3,Sego Tempong Mbok Nah,Giri,2026-12-19,2,44000,5000,44000',
  'MERCHANT,mer_01JDZ3N9P5Q7R1S3T5V7W9X1Y3,Sego Tempong Mbok Nah,Giri,ALL,3,88000,13800,88000',
  'MERCHANT,mer_01JDZ3P1Q3R5S7T9V1W3X5Y7Z9,Pecel Rawon Mbah Jum,Genteng,2026-12-18,1,21000,0,21000',
  'MERCHANT,mer_01JDZ3P1Q3R5S7T9V1W3X5Y7Z9,Pecel Rawon Mbah Jum,Genteng,2026-12-19,1,21000,0,21000',
  'MERCHANT,mer_01JDZ3P1Q3R5S7T9V1W3X5Y7Z9,Pecel Rawon Mbah Jum,Genteng,ALL,2,42000,0,42000',
  'KECAMATAN,,,Giri,2026-12-18,1,44000,8800,44000',
  'KECAMATAN,,,Giri,2026-12-19,2,44000,5000,44000',
  'KECAMATAN,,,Giri,ALL,3,88000,13800,88000',
  'KECAMATAN,,,Genteng,2026-12-18,1,21000,0,21000',
  'KECAMATAN,,,Genteng,2026-12-19,1,21000,0,21000',
  'KECAMATAN,,,Genteng,ALL,2,42000,0,42000',
  'FESTIVAL,,,,2026-12-18,2,65000,8800,65000',
  'FESTIVAL,,,,2026-12-19,3,65000,5000,65000',
  'FESTIVAL,,,,ALL,5,130000,13800,130000',
  '',
].join('\r\n');

export const festivalReportContract = defineContract({
  'GET /v1/festivals/{festivalId}/report': {
    tag: 'Festival: admin',
    summary: "Read a festival's report, as JSON or CSV",
    description:
      'The report covers orders the merchant accepted that were not rejected or cancelled; a failed delivery still counts, the food was ' +
      'cooked and handed over. Each order counts on the WIB day it was placed. The figures are broken down per merchant and per kecamatan ' +
      "(the merchant's), each with a `byDay` list, plus festival totals. `grossIdr` is the sum of subtotals and `discountIdr` the sum of " +
      'discounts; promotions are funded by the partners, not the merchants, so `merchantRevenueIdr` equals `grossIdr`. Delivery fees go to ' +
      'the drivers and are not in the report. With `Accept: text/csv` the same report comes as CSV.',
    path: z.object({ festivalId: idSchema.meta({ example: 'fest_01JDZ2M8K4H6G2F0E8D6C4B2A0' }) }),
    responses: {
      200: {
        description: 'The report.',
        schema: festivalReportResource,
        example: EXAMPLE_REPORT,
        csv: {
          description:
            `Sent for \`Accept: text/csv\` (as an attachment): columns ${REPORT_CSV_HEADER.join(', ')}; one row per merchant × day, kecamatan × day ` +
            'and festival × day, plus `ALL` rows with the totals of each. Text cells that a spreadsheet would run as a formula start with an apostrophe.',
          example: EXAMPLE_CSV,
        },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
  },
});

// The use case's result is what the handler sends: this fails to compile when it stops fitting the schema.
export const festivalReportFits: ViewFits<Awaited<ReturnType<typeof festivalReport>>, z.input<typeof festivalReportResource>> = true;
