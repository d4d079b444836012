/**
 * The HTTP contract of Pesta Kuliner Go-Food orders: what citizens, merchants and admins send and
 * get back. The handler parses with these schemas (functions/ordering/food-orders.ts) and the
 * OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { addressView, instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { idSchema } from '../../platform/schemas.ts';
import {
  cancelFoodOrderSchema,
  changeFoodStatusSchema,
  FOOD_ORDER_STATUSES,
  placeFoodOrderSchema,
  type followedFoodOrderView,
  type foodOrderView,
} from '../domain/food-order.ts';
import { assignedDriverView, cancelRefusalView, driverPositionView, orderAttentionView, ownPageUrlView, pendingCancellationView } from './order-views.ts';

const status = z.enum(FOOD_ORDER_STATUSES);
const kecamatan = addressView.shape.kecamatan;

/** Where the food goes: the whole drop-off for its citizen and admins, only the kecamatan for the merchant. */
const dropoffView = z.union([
  z
    .strictObject({ location: locationView, address: addressView })
    .meta({ description: 'The citizen who placed the order and admins: the drop-off point and address.' }),
  z.strictObject({ kecamatan }).meta({ description: "The order's merchant: only the customer's kecamatan, never the address." }),
]);

export const foodOrderResource = z
  .strictObject({
    orderId: z.string(),
    festivalId: z.string(),
    festivalName: z.string(),
    merchant: z.strictObject({
      merchantId: z.string(),
      name: z.string(),
      kecamatan,
      location: locationView,
      prepMinutes: z.int().optional().meta({ description: "The kitchen's usual preparation time when the order was placed (absent on older orders); accepting without minutes takes it." }),
    }),
    status,
    items: z.array(
      z.strictObject({
        itemId: z.string(),
        name: z.string().meta({ description: 'As on the menu when the order was placed.' }),
        priceIdr: z.int().meta({ description: 'The menu price when the order was placed.' }),
        quantity: z.int(),
        lineTotalIdr: z.int(),
      }),
    ),
    subtotalIdr: z.int().meta({ description: 'Menu price × quantity, summed.' }),
    discountIdr: z.int().meta({ description: "The promotion's discount (0 without one), paid by the festival's partners." }),
    deliveryFeeIdr: z.int().meta({ description: 'The platform motorbike tariff over the road distance from the stall; the driver earns it.' }),
    totalIdr: z.int().meta({ description: 'subtotal − discount + delivery fee.' }),
    deliveryDistanceKm: z.number(),
    promo: z.strictObject({ code: z.string(), discountIdr: z.int() }).optional().meta({ description: 'The promotion redeemed, if a code was given.' }),
    dropoff: dropoffView,
    recipient: z
      .strictObject({ name: z.string(), phone: z.string().meta({ description: 'E.164, +628…' }) })
      .optional()
      .meta({ description: 'Who the driver hands the food to, if the citizen named someone. The citizen and admins see it; the merchant never does.' }),
    notes: z.string().optional(),
    timeline: z.array(z.strictObject({ status, at: instantView })).meta({ description: 'Every status the order reached, oldest first.' }),
    prepMinutes: z.int().optional().meta({ description: 'From ACCEPTED: the minutes the kitchen needs.' }),
    readyAt: instantView.optional().meta({ description: 'From ACCEPTED: when the food will be ready (accepted + prep minutes); the driver is timed to it.' }),
    foodReadyAt: instantView.optional().meta({ description: 'When the merchant marked the food READY (also when a courier was already assigned).' }),
    rejectReason: z.string().optional().meta({ description: "REJECTED: the merchant's reason." }),
    cancelReason: z.string().optional().meta({ description: 'CANCELLED: why.' }),
    cancellation: pendingCancellationView.optional(),
    cancelRefused: cancelRefusalView.optional(),
    driver: assignedDriverView.optional().meta({ description: 'The assigned Go-Jek driver, while there is one (kept after pickup, for the record).' }),
    attention: orderAttentionView.optional().meta({ description: 'Something to look at, e.g. NO_DRIVER_YET: no driver has taken the order 10 minutes after the food is ready. Cleared when the order moves on.' }),
    deliveredTo: z.string().optional().meta({ description: 'DELIVERED: who took the food at the door.' }),
    failureReason: z.string().optional().meta({ description: "DELIVERY_FAILED: the driver's reason." }),
    placedAt: instantView,
    updatedAt: instantView,
    trackingUrl: ownPageUrlView('food-orders/<orderId>'),
  })
  .meta({
    id: 'FoodOrder',
    description:
      "A citizen's order from one festival merchant, delivered by a Go-Jek motorbike. The citizen who placed it and admins see all of it; " +
      "the order's merchant sees what to cook, the totals and the customer's kecamatan: `dropoff` holds only `kecamatan`, and there is no `recipient`.",
  });

/** One order read by itself: the order and where its driver is while the food is on its way. */
export const followedFoodOrderResource = foodOrderResource
  .extend({
    driverPosition: driverPositionView.nullable().meta({
      description:
        "While the food is on its way (PICKED_UP): the driver's last reported position and when it was reported. " +
        'Null otherwise, and when the last report is older than 10 minutes.',
    }),
  })
  .meta({ id: 'FoodOrderWithDriverPosition', description: 'A food order read by itself: as `FoodOrder`, with the driver\'s position while the food is on its way.' });

const orderPath = z.object({ orderId: idSchema.meta({ example: 'fo_01JE3K7ZQ8W4N6P2R5T9V1X3Y5' }) });

const PLACED_AT = '2026-12-19T12:05:10+07:00';
const EXAMPLE_ORDER: z.input<typeof foodOrderResource> = {
  orderId: 'fo_01JE3K7ZQ8W4N6P2R5T9V1X3Y5',
  festivalId: 'fest_01JDZ2M8K4H6G2F0E8D6C4B2A0',
  festivalName: 'Pesta Kuliner Go-Food Banyuwangi',
  merchant: { merchantId: 'mer_01JDZ3N9P5Q7R1S3T5V7W9X1Y3', name: 'Sego Tempong Mbok Nah', kecamatan: 'Giri', location: { lat: -8.19, lng: 114.33 } },
  status: 'PLACED',
  items: [{ itemId: 'item_01JDZ4A2B4C6D8E0F2G4H6J8K0', name: 'Sego tempong ayam goreng', priceIdr: 22000, quantity: 2, lineTotalIdr: 44000 }],
  subtotalIdr: 44000,
  discountIdr: 8800,
  deliveryFeeIdr: 18500,
  totalIdr: 53700,
  deliveryDistanceKm: 4.2,
  promo: { code: 'KULINER20', discountIdr: 8800 },
  dropoff: {
    location: { lat: -8.2045, lng: 114.3712 },
    address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
  },
  recipient: { name: 'Ayu Lestari', phone: '+6281234500009' },
  timeline: [{ status: 'PLACED', at: PLACED_AT }],
  placedAt: PLACED_AT,
  updatedAt: PLACED_AT,
  trackingUrl: 'https://d111111abcdef8.cloudfront.net/food-orders/fo_01JE3K7ZQ8W4N6P2R5T9V1X3Y5',
};

/** The same order as its merchant sees it, once accepted. */
const { dropoff: _dropoff, recipient: _recipient, ...FOR_MERCHANT } = EXAMPLE_ORDER;
const EXAMPLE_ACCEPTED: z.input<typeof foodOrderResource> = {
  ...FOR_MERCHANT,
  dropoff: { kecamatan: 'Banyuwangi' },
  status: 'ACCEPTED',
  timeline: [
    { status: 'PLACED', at: PLACED_AT },
    { status: 'ACCEPTED', at: '2026-12-19T12:06:00+07:00' },
  ],
  prepMinutes: 20,
  readyAt: '2026-12-19T12:26:00+07:00',
  updatedAt: '2026-12-19T12:06:00+07:00',
};

/** The order read while the driver carries it, as its citizen sees it. */
const EXAMPLE_ON_ITS_WAY: z.input<typeof followedFoodOrderResource> = {
  ...EXAMPLE_ORDER,
  status: 'PICKED_UP',
  timeline: [
    { status: 'PLACED', at: PLACED_AT },
    { status: 'ACCEPTED', at: '2026-12-19T12:06:00+07:00' },
    { status: 'COURIER_ASSIGNED', at: '2026-12-19T12:17:40+07:00' },
    { status: 'PICKED_UP', at: '2026-12-19T12:27:15+07:00' },
  ],
  prepMinutes: 20,
  readyAt: '2026-12-19T12:26:00+07:00',
  driver: { driverId: 'drv_01JDZ7H3K5M7N9P1Q3R5S7T9V1', firstName: 'Rizal', vehiclePlate: 'P 7001 FD', vehicleType: 'MOTORBIKE', assignedAt: '2026-12-19T12:17:40+07:00' },
  driverPosition: { lat: -8.1978, lng: 114.3521, at: '2026-12-19T12:31:02+07:00' },
  updatedAt: '2026-12-19T12:27:15+07:00',
};

const TAG = 'Festival: food orders';

/** Why an order is refused before it exists (README "Citizens: ordering"). */
const PLACE_REFUSALS = [
  'OUTSIDE_SERVICE_AREA',
  'OUTSIDE_FESTIVAL_WINDOW',
  'UNKNOWN_FESTIVAL',
  'MERCHANT_NOT_IN_FESTIVAL',
  'MERCHANT_NOT_APPROVED',
  'UNKNOWN_MENU_ITEM',
  'ITEM_UNAVAILABLE',
  'PROMO_NOT_FOUND',
  'PROMO_NOT_STARTED',
  'PROMO_EXPIRED',
  'PROMO_NOT_APPLICABLE',
  'PROMO_MIN_SUBTOTAL',
  'PROMO_EXHAUSTED',
  'PROMO_BUDGET_EXHAUSTED',
  'PROMO_LIMIT_REACHED',
];

export const foodOrderContract = defineContract({
  'POST /v1/food-orders': {
    tag: TAG,
    summary: 'Order from a festival merchant',
    description:
      'A citizen orders from one merchant of an open festival, optionally with a promotion code. Prices come from the menu (a price in the request ' +
      'is refused, 400): `subtotalIdr` is menu price × quantity, `deliveryFeeIdr` the platform motorbike tariff over the road distance from the ' +
      'stall (default Rp 8,000 + Rp 2,500/km, at least Rp 10,000), `totalIdr` = subtotal − discount + delivery fee, all in whole rupiah. ' +
      '`recipient` is optional, but without it the driver has only the map pin and the address. A 422 leaves no order: the festival is ' +
      'closed (`OUTSIDE_FESTIVAL_WINDOW`), the festival or merchant is wrong, an item is not on the menu or sold out (the details name it), ' +
      'the drop-off is outside Banyuwangi, or the promotion refuses (`PROMO_…`: unknown code, outside its window, for other merchants, ' +
      'below its minimum subtotal, quota or budget used up, or this customer has used it as often as allowed).',
    body: placeFoodOrderSchema,
    responses: { 201: { description: 'The order, PLACED.', schema: foodOrderResource, example: EXAMPLE_ORDER } },
    refusals: { 403: ['FORBIDDEN'], 409: ['ORDER_EXISTS', 'REDEMPTION_EXISTS'], 422: PLACE_REFUSALS },
    example: {
      body: {
        festivalId: 'fest_01JDZ2M8K4H6G2F0E8D6C4B2A0',
        merchantId: 'mer_01JDZ3N9P5Q7R1S3T5V7W9X1Y3',
        items: [{ itemId: 'item_01JDZ4A2B4C6D8E0F2G4H6J8K0', quantity: 2 }],
        promoCode: 'KULINER20',
        dropoff: {
          location: { lat: -8.2045, lng: 114.3712 },
          address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
        },
        recipient: { name: 'Ayu Lestari', phone: '081234500009' },
      } satisfies z.input<typeof placeFoodOrderSchema>,
    },
  },
  'GET /v1/food-orders': {
    tag: TAG,
    summary: 'List food orders, newest first',
    description:
      "Without `merchantId`: a citizen's own orders. With `merchantId`: that merchant's orders, for its owner or an admin; any other merchant " +
      'account gets 403, whether or not the merchant has orders. `attention=true` (with `merchantId`) lists only the orders dispatch flagged, ' +
      'e.g. no driver yet. A merchant or admin who leaves out `merchantId` gets 400.',
    query: z.strictObject({
      merchantId: idSchema.optional().meta({ description: "Whose orders: the merchant's owner or an admin. Left out: the calling citizen's own orders." }),
      attention: z.enum(['true', 'false']).optional().meta({ description: 'With `merchantId`: `true` lists only the orders that need attention.' }),
      ...pageQuerySchema,
    }),
    responses: { 200: { description: 'A page of orders.', schema: pageOf(foodOrderResource), example: { items: [EXAMPLE_ACCEPTED], nextCursor: null } } },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'] },
    example: { query: { merchantId: 'mer_01JDZ3N9P5Q7R1S3T5V7W9X1Y3', attention: 'true', limit: '20' } },
  },
  'GET /v1/food-orders/{orderId}': {
    tag: TAG,
    summary: 'Read one food order',
    description:
      'Its citizen, its merchant and admins may read it; for anyone else it is 404, not a hint. Poll it to follow the delivery or see a ' +
      "pending cancellation decided. Read by itself, the order also says where its driver is while the food is on its way (`driverPosition`, " +
      "PICKED_UP only); `trackingUrl` is the citizen's page that follows it.",
    path: orderPath,
    responses: { 200: { description: 'The order, as the caller may see it.', schema: followedFoodOrderResource, example: EXAMPLE_ON_ITS_WAY } },
    refusals: { 404: ['NOT_FOUND'] },
  },
  'POST /v1/food-orders/{orderId}/status': {
    tag: TAG,
    summary: 'Accept, mark ready or reject an order (its merchant)',
    description:
      'PLACED → ACCEPTED, optionally with the minutes the kitchen needs (1–180; without them, the merchant\'s usual preparation time, ' +
      '15 minutes if it set none): `readyAt` is now plus those minutes, and the delivery goes to dispatch, ' +
      'which starts looking for a Go-Jek motorbike 10 minutes before `readyAt` so that the driver arrives as the food is ready. ' +
      'READY: marking the food ready before `readyAt` tells dispatch, which looks at once; when a courier is already assigned READY only ' +
      'sets `foodReadyAt`. PLACED → REJECTED with a reason gives the promotion back. Only the order\'s merchant moves it: to another ' +
      'merchant the order does not exist (404). ' +
      'A step out of order is 409 `INVALID_TRANSITION`; a lost race is 409 `CONCURRENT_UPDATE`.',
    path: orderPath,
    body: changeFoodStatusSchema,
    responses: { 200: { description: 'The order in its new status.', schema: foodOrderResource, example: EXAMPLE_ACCEPTED } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['INVALID_TRANSITION'] },
    example: {
      path: { orderId: 'fo_01JE3K7ZQ8W4N6P2R5T9V1X3Y5' },
      body: { status: 'ACCEPTED', prepMinutes: 20 } satisfies z.input<typeof changeFoodStatusSchema>,
    },
  },
  'POST /v1/food-orders/{orderId}/cancel': {
    tag: TAG,
    summary: 'Cancel a food order',
    description:
      'The citizen cancels while the order is PLACED (200, CANCELLED at once, the promotion given back); after the merchant accepts it is ' +
      '409 `INVALID_TRANSITION`. Once accepted the order is in dispatch: its merchant or an admin (e.g. when no driver comes) asks dispatch ' +
      'to cancel it before pickup: 202 with the pending `cancellation` (asking again while it is pending changes nothing, 202 again); ' +
      'a PLACED order is not theirs to cancel (409; the merchant rejects it instead). ' +
      'The order becomes CANCELLED and its promotion use is given back if nobody has picked the food up; else the request is refused and ' +
      '`cancelRefused` says why. Poll the order for the outcome. The body, and its `reason`, may be left out.',
    path: orderPath,
    body: cancelFoodOrderSchema,
    bodyOptional: true,
    responses: {
      200: {
        description: 'Cancelled at once (a PLACED order, by its citizen), or already cancelled.',
        schema: foodOrderResource,
        example: {
          ...EXAMPLE_ORDER,
          status: 'CANCELLED',
          cancelReason: 'salah pesan',
          timeline: [
            { status: 'PLACED', at: PLACED_AT },
            { status: 'CANCELLED', at: '2026-12-19T12:07:30+07:00' },
          ],
          updatedAt: '2026-12-19T12:07:30+07:00',
        },
      },
      202: {
        description: 'A cancellation asked of dispatch: the order keeps its status and shows the pending `cancellation`.',
        schema: foodOrderResource,
        example: {
          ...EXAMPLE_ACCEPTED,
          cancellation: { requestedAt: '2026-12-19T12:40:00+07:00', reason: 'Tidak ada driver', by: 'merchant' },
          updatedAt: '2026-12-19T12:40:00+07:00',
        },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['INVALID_TRANSITION'] },
    example: { path: { orderId: 'fo_01JE3K7ZQ8W4N6P2R5T9V1X3Y5' }, body: { reason: 'salah pesan' } satisfies z.input<typeof cancelFoodOrderSchema> },
  },
});

// The view is what the handler sends (to each caller): this fails to compile when it stops fitting the schema.
export const foodOrderViewFits: ViewFits<ReturnType<typeof foodOrderView>, z.input<typeof foodOrderResource>> = true;
export const followedFoodOrderViewFits: ViewFits<ReturnType<typeof followedFoodOrderView>, z.input<typeof followedFoodOrderResource>> = true;
