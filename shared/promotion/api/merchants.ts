/**
 * The HTTP contract of festival merchants (UMKM): registration, the admin's review, and the menu.
 * What the owner and admins see of a merchant (`Merchant`) is not what the public sees: the
 * public menu and the festival catalogue (festivals.ts) show no owner, phone, NIB or street.
 * The handler parses with these schemas (functions/promotion/merchants.ts) and the OpenAPI
 * document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { addressView, instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { idSchema } from '../../platform/schemas.ts';
import {
  HALAL_STATUSES,
  MERCHANT_STATUSES,
  putMenuSchema,
  registerMerchantSchema,
  rejectMerchantSchema,
  type menuView,
  type merchantView,
} from '../domain/merchant.ts';

export const kecamatanView = addressView.shape.kecamatan;

export const halalView = z
  .strictObject({
    status: z.enum(HALAL_STATUSES),
    certificateNo: z.string().optional().meta({ description: 'The BPJPH certificate number; only (and always) when CERTIFIED.' }),
  })
  .meta({ id: 'Halal', description: 'CERTIFIED (with the certificate number), SELF_DECLARED or NONE.' });

export const merchantResource = z
  .strictObject({
    merchantId: z.string(),
    name: z.string(),
    nib: z.string().optional().meta({ description: 'Nomor Induk Berusaha (OSS), 13 digits, when given.' }),
    ownerName: z.string(),
    ownerSub: z.string().meta({ description: 'The merchant account (token `sub`) that registered and runs it.' }),
    phone: z.string().meta({ description: 'E.164, +628…' }),
    kecamatan: kecamatanView,
    address: addressView,
    location: locationView,
    halal: halalView,
    description: z.string().optional(),
    prepMinutes: z.int().meta({ description: "The kitchen's usual preparation time in minutes (15 when the merchant gave none); accepting an order without minutes takes it." }),
    status: z.enum(MERCHANT_STATUSES),
    rejectionReason: z.string().optional().meta({ description: "REJECTED: the admin's reason." }),
    reviewedBy: z.string().optional().meta({ description: 'The admin account that approved or rejected it.' }),
    reviewedAt: instantView.optional(),
    createdAt: instantView,
    updatedAt: instantView,
  })
  .meta({ id: 'Merchant', description: 'A UMKM food business as its owner and the admins see it. New merchants are PENDING_REVIEW until an admin approves or rejects them.' });

export const menuItemResource = z
  .strictObject({
    itemId: z.string().meta({ description: 'Send it back in `PUT …/menu` to keep (and update) the item.' }),
    name: z.string(),
    priceIdr: z.int().meta({ description: 'Whole rupiah, above 0.' }),
    available: z.boolean(),
    description: z.string().optional(),
  })
  .meta({ id: 'MenuItem' });

export const menuResource = z
  .strictObject({ merchantId: z.string(), items: z.array(menuItemResource) })
  .meta({ id: 'Menu', description: "A merchant's menu, as a whole." });

const merchantPath = z.object({ merchantId: idSchema.meta({ example: 'mer_01JE2K7XQ4M8N3P5R6S7T8V9WA' }) });

const EXAMPLE_MERCHANT: z.input<typeof merchantResource> = {
  merchantId: 'mer_01JE2K7XQ4M8N3P5R6S7T8V9WA',
  name: 'Sego Tempong Mbok Nah',
  nib: '9120300123456',
  ownerName: 'Siti Nahariyah',
  ownerSub: 'umkm-mbok-nah',
  phone: '+6285236000001',
  kecamatan: 'Giri',
  address: { street: 'Jl. Gajah Mada No. 25', desa: 'Giri', kecamatan: 'Giri' },
  location: { lat: -8.19, lng: 114.33 },
  halal: { status: 'CERTIFIED', certificateNo: 'ID35110000451230' },
  prepMinutes: 20,
  status: 'PENDING_REVIEW',
  createdAt: '2026-12-01T08:30:00.000+07:00',
  updatedAt: '2026-12-01T08:30:00.000+07:00',
};

const EXAMPLE_APPROVED: z.input<typeof merchantResource> = {
  ...EXAMPLE_MERCHANT,
  status: 'APPROVED',
  reviewedBy: 'admin-pemkab',
  reviewedAt: '2026-12-02T10:05:00.000+07:00',
  updatedAt: '2026-12-02T10:05:00.000+07:00',
};

const EXAMPLE_MENU: z.input<typeof menuResource> = {
  merchantId: 'mer_01JE2K7XQ4M8N3P5R6S7T8V9WA',
  items: [
    { itemId: 'item_01JE2M3B5C7D9F1G3H5J7K9M1N', name: 'Sego tempong ayam goreng', priceIdr: 22_000, available: true },
    { itemId: 'item_01JE2M3B5C7D9F1G3H5J7K9M1P', name: 'Es teh gula asem', priceIdr: 5_000, available: false },
  ],
};

const TAG = 'Festival: merchants';

export const merchantContract = defineContract({
  'POST /v1/merchants': {
    tag: TAG,
    summary: 'Register a UMKM merchant for the festival',
    description:
      'A merchant account registers its food business; it starts PENDING_REVIEW. A NIB, when given, has 13 digits. The halal status is ' +
      '`CERTIFIED` (the certificate number is then required), `SELF_DECLARED` or `NONE`. The location must lie in Banyuwangi (else 422 ' +
      '`OUTSIDE_SERVICE_AREA`). The same NIB, or the same name in the same desa, registered twice is 409 `MERCHANT_ALREADY_REGISTERED`. It may prepare its menu while in review, but only an approved merchant shows a public menu, joins festivals and sells.',
    body: registerMerchantSchema,
    responses: { 201: { description: 'The merchant, PENDING_REVIEW.', schema: merchantResource, example: EXAMPLE_MERCHANT } },
    refusals: { 403: ['FORBIDDEN'], 409: ['MERCHANT_ALREADY_REGISTERED'], 422: ['OUTSIDE_SERVICE_AREA'] },
    example: {
      body: {
        name: 'Sego Tempong Mbok Nah',
        nib: '9120300123456',
        ownerName: 'Siti Nahariyah',
        phone: '0852-3600-0001',
        kecamatan: 'Giri',
        address: { street: 'Jl. Gajah Mada No. 25', desa: 'Giri', kecamatan: 'Giri' },
        location: { lat: -8.19, lng: 114.33 },
        halal: { status: 'CERTIFIED', certificateNo: 'ID35110000451230' },
        prepMinutes: 20,
      } satisfies z.input<typeof registerMerchantSchema>,
    },
  },
  'GET /v1/merchants': {
    tag: TAG,
    summary: 'List merchants: an admin by status (the review queue), a merchant account its own',
    description:
      'An admin lists the merchants in one status, `PENDING_REVIEW` when none is given: the review queue. A merchant account lists the ' +
      'merchants it registered, with their review status (optionally only those in `status`).',
    query: z.strictObject({ status: z.enum(MERCHANT_STATUSES).optional(), ...pageQuerySchema }),
    responses: { 200: { description: 'A page of merchants.', schema: pageOf(merchantResource), example: { items: [EXAMPLE_MERCHANT], nextCursor: null } } },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'] },
    example: { query: { status: 'PENDING_REVIEW', limit: '20' } },
  },
  'GET /v1/merchants/{merchantId}': {
    tag: TAG,
    summary: 'Read one merchant',
    description: 'Its owner or an admin: the review status, and the reason of a rejection.',
    path: merchantPath,
    responses: { 200: { description: 'The merchant.', schema: merchantResource, example: EXAMPLE_APPROVED } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
  },
  'POST /v1/merchants/{merchantId}/approve': {
    tag: 'Festival: admin',
    summary: 'Approve a merchant in review',
    description:
      'The merchant may then show its public menu, join festivals and sell. A decision is final: approving an approved merchant again ' +
      'answers it unchanged, approving a rejected one is 409 `MERCHANT_ALREADY_REVIEWED`. The body may be left out, or be `{}`.',
    path: merchantPath,
    body: z.strictObject({}),
    bodyOptional: true,
    responses: { 200: { description: 'The merchant, APPROVED.', schema: merchantResource, example: EXAMPLE_APPROVED } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['MERCHANT_ALREADY_REVIEWED'] },
    example: { path: { merchantId: 'mer_01JE2K7XQ4M8N3P5R6S7T8V9WA' } },
  },
  'POST /v1/merchants/{merchantId}/reject': {
    tag: 'Festival: admin',
    summary: 'Reject a merchant in review, with a reason',
    description: 'The owner sees the reason. A decision is final: a merchant already approved or rejected is 409 `MERCHANT_ALREADY_REVIEWED`.',
    path: merchantPath,
    body: rejectMerchantSchema,
    responses: {
      200: {
        description: 'The merchant, REJECTED.',
        schema: merchantResource,
        example: { ...EXAMPLE_APPROVED, status: 'REJECTED', rejectionReason: 'NIB tidak sesuai dengan nama usaha' },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['MERCHANT_ALREADY_REVIEWED'] },
    example: { path: { merchantId: 'mer_01JE2K7XQ4M8N3P5R6S7T8V9WA' }, body: { reason: 'NIB tidak sesuai dengan nama usaha' } satisfies z.input<typeof rejectMerchantSchema> },
  },
  'PUT /v1/merchants/{merchantId}/menu': {
    tag: TAG,
    summary: "Replace the merchant's menu",
    description:
      'The whole menu: an item with its `itemId` is updated, an item without one is new, and an item left out is removed. Prices are whole ' +
      'rupiah above 0; at most 100 items. An unknown `itemId` is a 422 `UNKNOWN_MENU_ITEM`. A merchant in review may prepare its menu; a ' +
      'rejected one may not (422 `MERCHANT_NOT_APPROVED`). Orders already placed keep the names and prices they had.',
    path: merchantPath,
    body: putMenuSchema,
    responses: { 200: { description: 'The menu, with the ids of new items.', schema: menuResource, example: EXAMPLE_MENU } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 422: ['MERCHANT_NOT_APPROVED', 'UNKNOWN_MENU_ITEM'] },
    example: {
      path: { merchantId: 'mer_01JE2K7XQ4M8N3P5R6S7T8V9WA' },
      body: {
        items: [
          { name: 'Sego tempong ayam goreng', priceIdr: 22_000, available: true },
          { itemId: 'item_01JE2M3B5C7D9F1G3H5J7K9M1P', name: 'Es teh gula asem', priceIdr: 5_000, available: false },
        ],
      } satisfies z.input<typeof putMenuSchema>,
    },
  },
  'GET /v1/merchants/{merchantId}/menu': {
    tag: 'Anyone',
    summary: "Read an approved merchant's menu",
    description:
      'Public: the items with their prices and whether they are available. Only an approved merchant has a public menu: for a merchant ' +
      'in review or rejected the answer is 404 (its owner sees the menu in the answer to `PUT …/menu`).',
    path: merchantPath,
    responses: { 200: { description: 'The menu (empty before the merchant fills it).', schema: menuResource, example: EXAMPLE_MENU } },
    refusals: { 404: ['NOT_FOUND'] },
  },
});

// The views are what the handler sends: these fail to compile when a view's fields stop fitting
// the response schemas above (a field changed, or one the schema does not name).
export const merchantViewFits: ViewFits<ReturnType<typeof merchantView>, z.input<typeof merchantResource>> = true;
export const menuViewFits: ViewFits<ReturnType<typeof menuView>, z.input<typeof menuResource>> = true;
