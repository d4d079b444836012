/**
 * The HTTP contract of Pesta Kuliner Go-Food festivals: the admin creates them, enrols approved
 * merchants and sets up the co-funded promotions; anyone reads the festivals and browses their
 * catalogue, which shows merchants as the public may see them (no owner, phone, NIB or street,
 * points to about 100 m). The handler parses with these schemas (functions/promotion/festivals.ts)
 * and the OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { idSchema, kecamatanSchema } from '../../platform/schemas.ts';
import {
  createFestivalSchema,
  createPromotionSchema,
  enrolMerchantSchema,
  PROMOTION_KINDS,
  type festivalView,
  type promotionView,
} from '../domain/festival.ts';
import { HALAL_STATUSES, type publicMerchantView } from '../domain/merchant.ts';
import type { enrolMerchant, festivalCatalogue } from '../application/promotion-use-cases.ts';
import { halalView, kecamatanView, menuItemResource } from './merchants.ts';

export const festivalResource = z
  .strictObject({
    festivalId: z.string(),
    name: z.string(),
    description: z.string().optional(),
    startsAt: instantView.meta({ description: 'Orders are taken from here (inclusive), in WIB.' }),
    endsAt: instantView.meta({ description: 'Up to here (exclusive), in WIB.' }),
    createdAt: instantView,
  })
  .meta({ id: 'Festival', description: 'A Pesta Kuliner Go-Food festival: a window of at most 31 days in which its merchants sell through Go-Food.' });

/** What anyone may see of a merchant (publicMerchantView). */
const publicMerchantResource = z.strictObject({
  merchantId: z.string(),
  name: z.string(),
  kecamatan: kecamatanView,
  desa: z.string(),
  location: locationView,
  halal: halalView,
  description: z.string().optional(),
  prepMinutes: z.int().meta({ description: 'How long the kitchen usually takes, in minutes.' }),
});

export const catalogueMerchantResource = publicMerchantResource
  .extend({ featured: z.boolean(), menu: z.array(menuItemResource) })
  .meta({ id: 'CatalogueMerchant', description: 'A festival merchant as anyone sees it, with its menu: no owner, phone, NIB or street address, and its point rounded to about 100 m (3 decimals of a degree).' });

export const enrolmentResource = z
  .strictObject({
    festivalId: z.string(),
    merchantId: z.string(),
    featured: z.boolean().meta({ description: 'Featured merchants come first in the catalogue.' }),
    name: z.string(),
    kecamatan: kecamatanView,
    halalStatus: z.enum(HALAL_STATUSES),
    enrolledAt: instantView,
  })
  .meta({ id: 'Enrolment', description: "A merchant's place in a festival." });

export const promotionResource = z
  .strictObject({
    festivalId: z.string(),
    code: z.string().meta({ description: 'Upper case; customers may type it in any case.' }),
    kind: z.enum(PROMOTION_KINDS),
    value: z.int().meta({ description: 'PERCENT: whole percent 1–100; FLAT: rupiah off the subtotal.' }),
    maxDiscountIdr: z.int().optional(),
    minSubtotalIdr: z.int(),
    quota: z.int().meta({ description: 'How many orders may use it in all.' }),
    perCustomerLimit: z.int(),
    budgetIdr: z.int().optional(),
    merchantIds: z.array(z.string()).optional().meta({ description: "Only these merchants' orders may use it; all of the festival's when absent." }),
    startsAt: instantView,
    endsAt: instantView,
    fundedBy: z.string().optional(),
    redeemedCount: z.int().meta({ description: 'Orders holding a use of it now (a rejected or cancelled order gives its use back).' }),
    spentIdr: z.int(),
    createdAt: instantView,
    remainingQuota: z.int(),
    remainingBudgetIdr: z.int().optional().meta({ description: 'When it has a budget.' }),
  })
  .meta({ id: 'Promotion', description: 'A promotion code of a festival, funded by the partners (never the merchants), with what is left of it.' });

const festivalPath = z.object({ festivalId: idSchema.meta({ example: 'fest_01JE1Y8R2T4V6W8X0Z2B4D6F8H' }) });
const FESTIVAL_ID = 'fest_01JE1Y8R2T4V6W8X0Z2B4D6F8H';
const MERCHANT_ID = 'mer_01JE2K7XQ4M8N3P5R6S7T8V9WA';

const EXAMPLE_FESTIVAL: z.input<typeof festivalResource> = {
  festivalId: FESTIVAL_ID,
  name: 'Pesta Kuliner Go-Food Banyuwangi',
  description: 'Tiga hari kuliner UMKM Banyuwangi, diantar Go-Food. Promo didanai Pemkab Banyuwangi dan Go-Food.',
  startsAt: '2026-12-18T10:00:00.000+07:00',
  endsAt: '2026-12-21T00:00:00.000+07:00',
  createdAt: '2026-12-01T09:00:00.000+07:00',
};

/** The admin's request, and below what the API answers to it. */
const EXAMPLE_NEW_PROMOTION = {
  code: 'KULINER20',
  kind: 'PERCENT',
  value: 20,
  maxDiscountIdr: 15_000,
  minSubtotalIdr: 25_000,
  quota: 500,
  perCustomerLimit: 2,
  budgetIdr: 5_000_000,
  merchantIds: [MERCHANT_ID],
  fundedBy: 'Pemkab Banyuwangi',
} satisfies z.input<typeof createPromotionSchema>;

const EXAMPLE_PROMOTION: z.input<typeof promotionResource> = {
  festivalId: FESTIVAL_ID,
  ...EXAMPLE_NEW_PROMOTION,
  // Without their own window, a promotion runs for its festival's.
  startsAt: '2026-12-18T10:00:00.000+07:00',
  endsAt: '2026-12-21T00:00:00.000+07:00',
  redeemedCount: 0,
  spentIdr: 0,
  createdAt: '2026-12-01T09:20:00.000+07:00',
  remainingQuota: 500,
  remainingBudgetIdr: 5_000_000,
};

const ADMIN = 'Festival: admin';

export const festivalContract = defineContract({
  'POST /v1/festivals': {
    tag: ADMIN,
    summary: 'Create a festival',
    description:
      'Festival times are ISO-8601 with an offset and are stored in WIB. Orders are taken from `startsAt` up to, but not including, ' +
      '`endsAt`, and a festival lasts at most 31 days. A festival with the same name (letter case and spaces aside) whose window overlaps ' +
      'an existing one\'s is 409 `FESTIVAL_ALREADY_EXISTS`.',
    body: createFestivalSchema,
    responses: { 201: { description: 'The festival.', schema: festivalResource, example: EXAMPLE_FESTIVAL } },
    refusals: { 403: ['FORBIDDEN'], 409: ['FESTIVAL_ALREADY_EXISTS'] },
    example: {
      body: {
        name: 'Pesta Kuliner Go-Food Banyuwangi',
        startsAt: '2026-12-18T10:00:00+07:00',
        endsAt: '2026-12-21T00:00:00+07:00',
        description: 'Tiga hari kuliner UMKM Banyuwangi, diantar Go-Food. Promo didanai Pemkab Banyuwangi dan Go-Food.',
      } satisfies z.input<typeof createFestivalSchema>,
    },
  },
  'GET /v1/festivals': {
    tag: 'Anyone',
    summary: 'List the festivals, newest first',
    description: 'Public: each festival with its window (WIB).',
    query: z.strictObject({ ...pageQuerySchema }),
    responses: { 200: { description: 'A page of festivals.', schema: pageOf(festivalResource), example: { items: [EXAMPLE_FESTIVAL], nextCursor: null } } },
    refusals: { 400: ['INVALID_CURSOR'] },
    example: { query: { limit: '20' } },
  },
  'GET /v1/festivals/{festivalId}': {
    tag: 'Anyone',
    summary: 'Read one festival',
    description: 'Public: its name, description and window (WIB).',
    path: festivalPath,
    responses: { 200: { description: 'The festival.', schema: festivalResource, example: EXAMPLE_FESTIVAL } },
    refusals: { 404: ['NOT_FOUND'] },
  },
  'POST /v1/festivals/{festivalId}/merchants': {
    tag: ADMIN,
    summary: 'Enrol an approved merchant in a festival',
    description:
      'Only approved merchants join a festival (422 `MERCHANT_NOT_APPROVED`); a merchant joins a festival once (409 `ALREADY_ENROLLED`). ' +
      'Featured merchants come first in the catalogue; `featured` is false when left out.',
    path: festivalPath,
    body: enrolMerchantSchema,
    responses: {
      201: {
        description: "The merchant's place in the festival.",
        schema: enrolmentResource,
        example: {
          festivalId: FESTIVAL_ID,
          merchantId: MERCHANT_ID,
          featured: true,
          name: 'Sego Tempong Mbok Nah',
          kecamatan: 'Giri',
          halalStatus: 'CERTIFIED',
          enrolledAt: '2026-12-02T10:10:00.000+07:00',
        },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['ALREADY_ENROLLED'], 422: ['UNKNOWN_MERCHANT', 'MERCHANT_NOT_APPROVED'] },
    example: { path: { festivalId: FESTIVAL_ID }, body: { merchantId: MERCHANT_ID, featured: true } satisfies z.input<typeof enrolMerchantSchema> },
  },
  'GET /v1/festivals/{festivalId}/merchants': {
    tag: 'Anyone',
    summary: "Browse a festival's merchants and their menus",
    description:
      'Public: featured merchants come first, then the others by name. `kecamatan` (any letter case) and `halal` (`CERTIFIED`, ' +
      '`SELF_DECLARED`, `NONE`, any letter case) filter the list. The catalogue shows no owner, phone, NIB or street address, and ' +
      'merchant points rounded to about 100 m (3 decimals of a degree).',
    path: festivalPath,
    query: z.strictObject({
      kecamatan: kecamatanSchema.optional(),
      halal: z
        .string()
        .transform((value) => value.toUpperCase())
        .pipe(z.enum(HALAL_STATUSES))
        .optional()
        .meta({ description: '`CERTIFIED`, `SELF_DECLARED` or `NONE`, in any letter case.' }),
      ...pageQuerySchema,
    }),
    responses: {
      200: {
        description: 'A page of the catalogue.',
        schema: pageOf(catalogueMerchantResource),
        example: {
          items: [
            {
              merchantId: MERCHANT_ID,
              name: 'Sego Tempong Mbok Nah',
              kecamatan: 'Giri',
              desa: 'Giri',
              location: { lat: -8.19, lng: 114.33 },
              halal: { status: 'CERTIFIED', certificateNo: 'ID35110000451230' },
              prepMinutes: 20,
              featured: true,
              menu: [
                { itemId: 'item_01JE2M3B5C7D9F1G3H5J7K9M1N', name: 'Sego tempong ayam goreng', priceIdr: 22_000, available: true },
                { itemId: 'item_01JE2M3B5C7D9F1G3H5J7K9M1P', name: 'Es teh gula asem', priceIdr: 5_000, available: true },
              ],
            },
          ],
          nextCursor: null,
        },
      },
    },
    refusals: { 400: ['INVALID_CURSOR'], 404: ['NOT_FOUND'] },
    example: { path: { festivalId: FESTIVAL_ID }, query: { kecamatan: 'giri', halal: 'CERTIFIED', limit: '20' } },
  },
  'POST /v1/festivals/{festivalId}/promotions': {
    tag: ADMIN,
    summary: 'Create a promotion code for a festival',
    description:
      '`PERCENT` takes a whole percent (1–100) and `FLAT` takes rupiah off the subtotal, never the delivery fee. `maxDiscountIdr` caps the ' +
      'discount, and the discount never exceeds the subtotal; it is rounded down to whole rupiah. `merchantIds`, `startsAt` and `endsAt` ' +
      "are optional and default to all the festival's merchants and the festival's window; a promotion runs within its festival (422 " +
      '`OUTSIDE_FESTIVAL_WINDOW`) and only for merchants enrolled in it (422 `MERCHANT_NOT_IN_FESTIVAL`). The quota, the budget and ' +
      "each customer's limit hold under any concurrency. A code is used once per festival (409 `PROMOTION_EXISTS`).",
    path: festivalPath,
    body: createPromotionSchema,
    responses: { 201: { description: 'The promotion.', schema: promotionResource, example: EXAMPLE_PROMOTION } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['PROMOTION_EXISTS'], 422: ['OUTSIDE_FESTIVAL_WINDOW', 'MERCHANT_NOT_IN_FESTIVAL'] },
    example: {
      path: { festivalId: FESTIVAL_ID },
      body: EXAMPLE_NEW_PROMOTION,
    },
  },
  'GET /v1/festivals/{festivalId}/promotions': {
    tag: ADMIN,
    summary: "List a festival's promotions",
    description: 'All of them on one page, each with `redeemedCount`, `spentIdr`, `remainingQuota` and, when it has a budget, `remainingBudgetIdr`.',
    path: festivalPath,
    responses: {
      200: {
        description: "The festival's promotions (`nextCursor` is always null).",
        schema: pageOf(promotionResource),
        example: { items: [{ ...EXAMPLE_PROMOTION, redeemedCount: 37, spentIdr: 412_600, remainingQuota: 463, remainingBudgetIdr: 4_587_400 }], nextCursor: null },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
  },
});

// The views are what the handler sends: these fail to compile when a view's fields stop fitting
// the response schemas above (a field changed, or one the schema does not name).
export const festivalViewFits: ViewFits<ReturnType<typeof festivalView>, z.input<typeof festivalResource>> = true;
export const publicMerchantViewFits: ViewFits<ReturnType<typeof publicMerchantView>, z.input<typeof publicMerchantResource>> = true;
export const catalogueFits: ViewFits<Awaited<ReturnType<typeof festivalCatalogue>>['items'][number], z.input<typeof catalogueMerchantResource>> = true;
export const enrolmentFits: ViewFits<Awaited<ReturnType<typeof enrolMerchant>>, z.input<typeof enrolmentResource>> = true;
export const promotionViewFits: ViewFits<ReturnType<typeof promotionView>, z.input<typeof promotionResource>> = true;
