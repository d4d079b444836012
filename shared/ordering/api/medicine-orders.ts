/**
 * The HTTP contract of Gancang Aron: what pharmacy staff send and get back, and what the public
 * tracking link shows. The handlers parse with these schemas (functions/ordering/medicine-orders.ts,
 * tracking.ts) and the OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { addressView, instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { idSchema } from '../../platform/schemas.ts';
import { KECAMATAN } from '../../platform/service-area.ts';
import {
  changeStatusSchema,
  MEDICINE_CATEGORIES,
  MEDICINE_ORDER_STATUSES,
  PAYERS,
  registerMedicineOrderSchema,
  type pharmacyView,
  type trackingView,
} from '../domain/medicine-order.ts';
import { assignedDriverView, cancelRefusalView, driverPositionView, orderAttentionView, pendingCancellationView } from './order-views.ts';

const status = z.enum(MEDICINE_ORDER_STATUSES);

const timelineView = z.array(z.strictObject({ status, at: instantView })).meta({ description: 'Every status the order reached, oldest first.' });

export const medicineOrderView = z
  .strictObject({
    orderId: z.string(),
    facilityId: z.string(),
    facilityName: z.string(),
    status,
    payer: z.enum(PAYERS),
    prescriptionNo: z.string(),
    patient: z.strictObject({
      name: z.string(),
      nik: z.string().optional(),
      phone: z.string().meta({ description: 'E.164, +628…' }),
      address: addressView,
      location: locationView,
    }),
    items: z.array(z.strictObject({ name: z.string(), quantity: z.int(), unit: z.string(), category: z.enum(MEDICINE_CATEGORIES) })),
    notes: z.string().optional(),
    deliveryCode: z.string().meta({ description: 'Six digits the patient tells the driver at the door; the driver cannot finish the delivery without it.' }),
    trackingToken: z.string().meta({ description: 'The capability in the public tracking link `GET /v1/track/{trackingToken}`.' }),
    trackingUrl: z.string().meta({
      description:
        "The family's tracking page, to hand over (or print as a QR code): `<app origin>/track/<trackingToken>`. " +
        "Relative (`/track/<trackingToken>`) only where the deployment does not name the app's origin; resolve it against the API's origin then.",
    }),
    timeline: timelineView,
    cancelReason: z.string().optional(),
    cancellation: pendingCancellationView.optional(),
    cancelRefused: cancelRefusalView.optional(),
    createdAt: instantView,
    updatedAt: instantView,
    driverFirstName: z.string().optional(),
    driver: assignedDriverView.optional().meta({ description: 'The assigned driver, while there is one (kept after pickup, for the record).' }),
    attention: orderAttentionView
      .optional()
      .meta({ description: 'Something the pharmacy should look at: no driver has taken the job yet, or the driver\'s delivery-code attempts were locked.' }),
    deliveredTo: z.string().optional().meta({ description: 'DELIVERED: who took the package at the door.' }),
    failureReason: z.string().optional().meta({ description: "DELIVERY_FAILED: the driver's reason." }),
  })
  .meta({ id: 'MedicineOrder', description: "A prescription registered for home delivery, as its facility's pharmacy sees it." });

export const trackingResource = z
  .strictObject({
    status,
    facilityName: z.string(),
    driverFirstName: z.string().nullable(),
    timeline: timelineView,
    updatedAt: instantView,
    facility: z
      .strictObject({ name: z.string(), location: locationView })
      .meta({ description: 'The pharmacy that hands the package over, and its point: a public place.' }),
    destination: z
      .strictObject({
        kecamatan: z.enum(KECAMATAN as [string, ...string[]]),
        center: locationView.meta({ description: "The kecamatan's centre (reference data), not the patient's point." }),
      })
      .meta({ description: 'Where the package goes, only as its kecamatan: never the address or the point.' }),
    driver: z
      .strictObject({ firstName: z.string(), vehiclePlate: z.string(), vehicleType: z.string() })
      .nullable()
      .meta({ description: 'The assigned driver, once there is one: first name and vehicle, to recognise them at the door.' }),
    driverPosition: driverPositionView.nullable().meta({
      description:
        "While the package is on its way (PICKED_UP): the driver's last reported position and when it was reported. " +
        'Null otherwise, and when the last report is older than 10 minutes.',
    }),
  })
  .meta({
    id: 'Tracking',
    description:
      "Status and times of a delivery, the facility and its point, the destination's kecamatan, the driver's first name and vehicle, " +
      "and the driver's position on the way: no personal or medical data.",
  });

const orderPath = z.object({ orderId: idSchema.meta({ example: 'mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB' }) });

const EXAMPLE_ORDER: z.input<typeof medicineOrderView> = {
  orderId: 'mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB',
  facilityId: 'fac_rsud-blambangan',
  facilityName: 'RSUD Blambangan',
  status: 'REGISTERED',
  payer: 'BPJS_PBI',
  prescriptionNo: 'RX-2026/0001',
  patient: {
    name: 'Siti Aminah',
    nik: '3510012345678901',
    phone: '+6281234500001',
    address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
    location: { lat: -8.2045, lng: 114.3712 },
  },
  items: [
    { name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' },
    { name: 'Insulin glargine', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' },
  ],
  deliveryCode: '048213',
  trackingToken: 'k3QeV9xZbT2mW8pLr5sN1a',
  trackingUrl: 'https://d111111abcdef8.cloudfront.net/track/k3QeV9xZbT2mW8pLr5sN1a',
  timeline: [{ status: 'REGISTERED', at: '2026-12-01T09:15:02+07:00' }],
  createdAt: '2026-12-01T09:15:02+07:00',
  updatedAt: '2026-12-01T09:15:02+07:00',
};

const TAG = 'Pharmacy: Gancang Aron';

export const medicineOrderContract = defineContract({
  'POST /v1/medicine-orders': {
    tag: TAG,
    summary: 'Register a prescription for home delivery',
    description:
      'A pharmacist registers a prescription of one of the facilities that list them as staff (admins: any facility). ' +
      'Give the patient the `deliveryCode`, which the driver must be told at the door, and the tracking link `trackingUrl`. ' +
      'Narcotic and psychotropic items are refused with 422 `RESTRICTED_MEDICINE` (BPOM regulation 8/2020 forbids delivering them). ' +
      'A prescription number registered twice at one facility is 409 `DUPLICATE_PRESCRIPTION`; it can be registered again once the first order is cancelled.',
    body: registerMedicineOrderSchema,
    responses: { 201: { description: 'The order, REGISTERED.', schema: medicineOrderView, example: EXAMPLE_ORDER } },
    refusals: { 403: ['FORBIDDEN'], 409: ['DUPLICATE_PRESCRIPTION'], 422: ['UNKNOWN_FACILITY', 'OUTSIDE_SERVICE_AREA', 'RESTRICTED_MEDICINE'] },
    example: {
      body: {
        facilityId: 'fac_rsud-blambangan',
        patient: {
          name: 'Siti Aminah',
          nik: '3510012345678901',
          phone: '0812-3450-0001',
          address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
          location: { lat: -8.2045, lng: 114.3712 },
        },
        prescriptionNo: 'RX-2026/0001',
        payer: 'BPJS_PBI',
        items: [
          { name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' },
          { name: 'Insulin glargine', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' },
        ],
      } satisfies z.input<typeof registerMedicineOrderSchema>,
    },
  },
  'GET /v1/medicine-orders': {
    tag: TAG,
    summary: "List a facility's orders, newest first",
    description: 'Optionally only those in one status (e.g. `READY_FOR_PICKUP`).',
    query: z.strictObject({ facilityId: idSchema, status: status.optional(), ...pageQuerySchema }),
    responses: { 200: { description: 'A page of orders.', schema: pageOf(medicineOrderView), example: { items: [EXAMPLE_ORDER], nextCursor: null } } },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
    example: { query: { facilityId: 'fac_rsud-blambangan', status: 'READY_FOR_PICKUP', limit: '20' } },
  },
  'GET /v1/medicine-orders/{orderId}': {
    tag: TAG,
    summary: 'Read one order',
    description: 'Poll it to see a pending cancellation decided, or the delivery move on.',
    path: orderPath,
    responses: { 200: { description: 'The order.', schema: medicineOrderView, example: EXAMPLE_ORDER } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
  },
  'POST /v1/medicine-orders/{orderId}/status': {
    tag: TAG,
    summary: 'Move an order along: PREPARING, READY_FOR_PICKUP, CANCELLED or RETURNED_TO_PHARMACY',
    description:
      'REGISTERED → PREPARING → READY_FOR_PICKUP (hands the job to dispatch) → COURIER_ASSIGNED → PICKED_UP → DELIVERED, or ' +
      'PICKED_UP → DELIVERY_FAILED → RETURNED_TO_PHARMACY. Any other step is 409 `INVALID_TRANSITION`; two changes that race: one wins, ' +
      'the other gets 409 `CONCURRENT_UPDATE`. CANCELLED while REGISTERED or PREPARING is immediate (200). Once the order is in dispatch ' +
      '(READY_FOR_PICKUP, COURIER_ASSIGNED) it is a request that dispatch answers: 202 with the pending `cancellation`; the order becomes ' +
      'CANCELLED if nobody has picked the goods up, else the request is refused and `cancelRefused` says why.',
    path: orderPath,
    body: changeStatusSchema,
    responses: {
      200: { description: 'The order in its new status.', schema: medicineOrderView, example: { ...EXAMPLE_ORDER, status: 'PREPARING' } },
      202: {
        description: 'A cancellation asked of dispatch: the order keeps its status and shows the pending `cancellation`.',
        schema: medicineOrderView,
        example: {
          ...EXAMPLE_ORDER,
          status: 'READY_FOR_PICKUP',
          cancellation: { requestedAt: '2026-12-01T09:40:00+07:00', reason: 'patient admitted', by: 'pharmacy' },
        },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['INVALID_TRANSITION'] },
    example: { path: { orderId: 'mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB' }, body: { status: 'CANCELLED', reason: 'patient admitted' } },
  },
});

export const trackingContract = defineContract({
  'GET /v1/track/{trackingToken}': {
    tag: 'Anyone',
    summary: 'Follow a delivery with its tracking link',
    description:
      "What the family's tracking page shows: status and step times, the facility and its point, the destination as its kecamatan and that " +
      "kecamatan's centre, the driver's first name and vehicle once assigned, and while the package is on its way (PICKED_UP) the driver's " +
      'last reported position (left out when older than 10 minutes). No patient name, NIK, phone, address or point, no medicines, no driver ' +
      'surname or phone: anyone holding the link sees it.',
    path: z.object({ trackingToken: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'is not a tracking token').meta({ example: 'k3QeV9xZbT2mW8pLr5sN1a' }) }),
    responses: {
      200: {
        description: 'Where the delivery stands.',
        schema: trackingResource,
        example: {
          status: 'PICKED_UP',
          facilityName: 'RSUD Blambangan',
          driverFirstName: 'Bagus',
          timeline: [
            { status: 'REGISTERED', at: '2026-12-01T09:15:02+07:00' },
            { status: 'PREPARING', at: '2026-12-01T09:20:40+07:00' },
            { status: 'READY_FOR_PICKUP', at: '2026-12-01T09:41:10+07:00' },
            { status: 'COURIER_ASSIGNED', at: '2026-12-01T09:41:13+07:00' },
            { status: 'PICKED_UP', at: '2026-12-01T09:52:30+07:00' },
          ],
          updatedAt: '2026-12-01T09:52:30+07:00',
          facility: { name: 'RSUD Blambangan', location: { lat: -8.208396, lng: 114.366168 } },
          destination: { kecamatan: 'Banyuwangi', center: { lat: -8.228372, lng: 114.367684 } },
          driver: { firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' },
          driverPosition: { lat: -8.2071, lng: 114.3689, at: '2026-12-01T09:58:04+07:00' },
        },
      },
    },
    refusals: { 404: ['NOT_FOUND'] },
  },
});

// The views are what the handlers send: these fail to compile when a view's fields stop fitting
// the response schemas above (a field changed, or one the schema does not name).
export const medicineOrderViewFits: ViewFits<ReturnType<typeof pharmacyView>, z.input<typeof medicineOrderView>> = true;
export const trackingViewFits: ViewFits<ReturnType<typeof trackingView>, z.input<typeof trackingResource>> = true;
