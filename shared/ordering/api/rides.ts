/**
 * The HTTP contract of rides: what a citizen sends to quote, book, follow and cancel a ride, and
 * what comes back. The handler parses with these schemas (functions/ordering/rides.ts) and the
 * OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { addressView, instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { idSchema } from '../../platform/schemas.ts';
import { tariffView } from '../../kernel/api/tariff.ts';
import { bookRideSchema, cancelRideSchema, quoteRideSchema, RIDE_STATUSES, RIDE_VEHICLE_TYPES, type followedRideView, type rideView } from '../domain/ride.ts';
import type { quoteRide } from '../application/ride-use-cases.ts';
import { cancelRefusalView, driverPositionView, ownPageUrlView, pendingCancellationView } from './order-views.ts';

const status = z.enum(RIDE_STATUSES);
const vehicleType = z.enum(RIDE_VEHICLE_TYPES);

const placeView = z.strictObject({ location: locationView, address: addressView });

export const rideQuoteView = z
  .strictObject({
    vehicleType,
    distanceKm: z.number().meta({ description: 'Road distance: great-circle × 1.3, rounded up to 0.1 km.' }),
    fareIdr: z.int(),
    tariff: tariffView,
    companyId: z.string().optional().meta({ description: 'TAXI: the company whose tariff priced the trip (that of the nearest available partner taxi).' }),
    companyName: z.string().optional(),
  })
  .meta({ id: 'RideQuote', description: 'What a ride would cost now; booking prices it again the same way.' });

export const rideResource = z
  .strictObject({
    rideId: z.string(),
    status,
    vehicleType,
    pickup: placeView,
    dropoff: placeView,
    passenger: z
      .strictObject({ name: z.string(), phone: z.string().meta({ description: 'E.164, +628…' }) })
      .optional()
      .meta({ description: 'Who the driver picks up, when the citizen named someone.' }),
    fareIdr: z.int().meta({ description: 'Fixed at booking: the ride keeps the fare it was quoted, whatever happens to tariffs later.' }),
    distanceKm: z.number(),
    tariff: tariffView,
    companyId: z.string().optional().meta({ description: 'TAXI: the company whose tariff priced the ride; only its taxis are offered it.' }),
    companyName: z.string().optional(),
    driver: z
      .strictObject({
        firstName: z.string(),
        vehiclePlate: z.string(),
        vehicleType: z.string(),
        companyId: z.string().optional(),
        companyName: z.string().optional(),
      })
      .nullable()
      .meta({ description: 'The assigned driver; null while none is.' }),
    timeline: z.array(z.strictObject({ status, at: instantView })).meta({ description: 'Every status the ride reached, oldest first.' }),
    cancelReason: z.string().optional(),
    cancellation: pendingCancellationView.optional(),
    cancelRefused: cancelRefusalView.optional(),
    failureReason: z.string().optional().meta({ description: "FAILED: the driver's reason." }),
    completedAt: instantView.optional().meta({ description: 'COMPLETED: when the driver dropped the passenger off; the settlement report counts the ride on this WIB day.' }),
    createdAt: instantView,
    updatedAt: instantView,
    trackingUrl: ownPageUrlView('rides/<rideId>'),
  })
  .meta({ id: 'Ride', description: "A citizen's ride with a Go-Jek motorbike or car, or a partner taxi at its company's tariff." });

/** One ride read by itself: the ride and where its driver is, from assignment to the end of the trip. */
export const followedRideResource = rideResource
  .extend({
    driverPosition: driverPositionView.nullable().meta({
      description:
        "From the driver's assignment until the trip ends (DRIVER_ASSIGNED, ON_TRIP): the driver's last reported position and when it was reported. " +
        'Null otherwise, and when the last report is older than 10 minutes.',
    }),
  })
  .meta({ id: 'RideWithDriverPosition', description: "A ride read by itself: as `Ride`, with the driver's position from assignment to the end of the trip." });

const ridePath = z.object({ rideId: idSchema.meta({ example: 'rd_01JE3K7M2N4P6Q8R0S2T4V6W8X' }) });

const TAMAN_BLAMBANGAN = { lat: -8.2191, lng: 114.3691 };
const KETAPANG = { lat: -8.1402, lng: 114.3951 };
const OSING_TARIFF = { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 };

const EXAMPLE_RIDE: z.input<typeof rideResource> = {
  rideId: 'rd_01JE3K7M2N4P6Q8R0S2T4V6W8X',
  status: 'SEARCHING',
  vehicleType: 'TAXI',
  pickup: { location: TAMAN_BLAMBANGAN, address: { street: 'Jl. Ahmad Yani 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
  dropoff: { location: KETAPANG, address: { street: 'Pelabuhan Ketapang', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
  passenger: { name: 'Rina Kartika', phone: '+6281233300001' },
  fareIdr: 57_300,
  distanceKm: 12,
  tariff: OSING_TARIFF,
  companyId: 'cmp_osing-taksi',
  companyName: 'Osing Taksi',
  driver: null,
  timeline: [{ status: 'SEARCHING', at: '2026-12-01T16:05:12+07:00' }],
  createdAt: '2026-12-01T16:05:12+07:00',
  updatedAt: '2026-12-01T16:05:12+07:00',
  trackingUrl: 'https://d111111abcdef8.cloudfront.net/rides/rd_01JE3K7M2N4P6Q8R0S2T4V6W8X',
};

const ASSIGNED_RIDE: z.input<typeof rideResource> = {
  ...EXAMPLE_RIDE,
  status: 'DRIVER_ASSIGNED',
  driver: { firstName: 'Hartono', vehiclePlate: 'P 1101 UA', vehicleType: 'TAXI', companyId: 'cmp_osing-taksi', companyName: 'Osing Taksi' },
  timeline: [
    { status: 'SEARCHING', at: '2026-12-01T16:05:12+07:00' },
    { status: 'DRIVER_ASSIGNED', at: '2026-12-01T16:05:40+07:00' },
  ],
  updatedAt: '2026-12-01T16:05:40+07:00',
};

/** The ride read while its driver is on the way to the pickup. */
const ASSIGNED_RIDE_FOLLOWED: z.input<typeof followedRideResource> = {
  ...ASSIGNED_RIDE,
  driverPosition: { lat: -8.2102, lng: 114.3712, at: '2026-12-01T16:06:20+07:00' },
};

const TAG = 'Taxi: rides';

const PRICING =
  'Distance is the great-circle distance × 1.3 for the roads, rounded up to 0.1 km. Fare is `max(minimumFareIdr, flagFallIdr + ⌈perKmIdr × tenths ÷ 10⌉)` ' +
  'in whole rupiah. MOTORBIKE and CAR use the platform tariff; TAXI uses the tariff of the company of the nearest partner taxi that dispatch could offer ' +
  'the ride to right now (switched on, free, seen in the last 5 minutes, within 30 km); with no such taxi the answer is 422 `NO_VEHICLE_AVAILABLE`. ' +
  'Places outside the regency are 422 `OUTSIDE_SERVICE_AREA`; the same pickup and drop-off is 422 `SAME_PICKUP_AND_DROPOFF`.';

export const ridesContract = defineContract({
  'POST /v1/rides/quote': {
    tag: TAG,
    summary: 'Quote a ride',
    description: `Distance and fare; for TAXI also the company whose tariff priced it. Nothing is booked. ${PRICING}`,
    body: quoteRideSchema,
    responses: {
      200: {
        description: 'The quote.',
        schema: rideQuoteView,
        example: { vehicleType: 'TAXI', distanceKm: 12, fareIdr: 57_300, tariff: OSING_TARIFF, companyId: 'cmp_osing-taksi', companyName: 'Osing Taksi' },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 422: ['OUTSIDE_SERVICE_AREA', 'SAME_PICKUP_AND_DROPOFF', 'NO_VEHICLE_AVAILABLE'] },
    example: { body: { pickup: TAMAN_BLAMBANGAN, dropoff: KETAPANG, vehicleType: 'TAXI' } },
  },
  'POST /v1/rides': {
    tag: TAG,
    summary: 'Book a ride',
    description:
      'Priced again exactly as a quote made now, and the ride keeps that fare. It is in dispatch from its booking: SEARCHING → DRIVER_ASSIGNED → ON_TRIP → COMPLETED, ' +
      'or NO_DRIVER_FOUND when nobody took it in time. A booked TAXI ride goes only to the taxis of the company that priced it, so the fare and the ' +
      'company always agree; motorbike and car rides go only to Go-Jek drivers. The driver learns whom to pick up, and the street, only once assigned. ' +
      PRICING,
    body: bookRideSchema,
    responses: { 201: { description: 'The ride, SEARCHING.', schema: rideResource, example: EXAMPLE_RIDE } },
    refusals: { 403: ['FORBIDDEN'], 422: ['OUTSIDE_SERVICE_AREA', 'SAME_PICKUP_AND_DROPOFF', 'NO_VEHICLE_AVAILABLE'] },
    example: {
      body: {
        pickup: { location: TAMAN_BLAMBANGAN, address: { street: 'Jl. Ahmad Yani 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
        dropoff: { location: KETAPANG, address: { street: 'Pelabuhan Ketapang', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
        vehicleType: 'TAXI',
        passenger: { name: 'Rina Kartika', phone: '081233300001' },
      } satisfies z.input<typeof bookRideSchema>,
    },
  },
  'GET /v1/rides': {
    tag: TAG,
    summary: "List the citizen's own rides, newest first",
    description: 'Only the rides the caller booked.',
    query: z.strictObject(pageQuerySchema),
    responses: { 200: { description: 'A page of rides.', schema: pageOf(rideResource), example: { items: [ASSIGNED_RIDE], nextCursor: null } } },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'] },
    example: { query: { limit: '20' } },
  },
  'GET /v1/rides/{rideId}': {
    tag: TAG,
    summary: 'Read one ride',
    description:
      "The citizen's own ride (admins: any ride); another citizen's ride is 404. Poll it to see a driver assigned, the trip move on, or a pending cancellation decided. " +
      "Read by itself, the ride also says where its driver is from assignment to the end of the trip (`driverPosition`); `trackingUrl` is the citizen's page that follows it.",
    path: ridePath,
    responses: { 200: { description: 'The ride.', schema: followedRideResource, example: ASSIGNED_RIDE_FOLLOWED } },
    refusals: { 404: ['NOT_FOUND'] },
  },
  'POST /v1/rides/{rideId}/cancel': {
    tag: TAG,
    summary: 'Cancel a ride before the trip starts',
    description:
      'Cancelling is a request: 202 with the pending `cancellation`. Dispatch withdraws any open offer and frees the driver, and the ride becomes CANCELLED. ' +
      'If the passenger was picked up meanwhile, dispatch refuses (`cancelRefused`), and the trip goes on to COMPLETED and into the settlement. ' +
      'Asking again while a request is pending changes nothing. Once the ride shows ON_TRIP or has ended, a cancel is 409 `INVALID_TRANSITION`. ' +
      'Only the citizen who booked the ride may cancel it. The body, and its `reason`, may be left out.',
    path: ridePath,
    body: cancelRideSchema,
    bodyOptional: true,
    responses: {
      202: {
        description: 'The cancellation asked of dispatch: the ride keeps its status and shows the pending `cancellation`.',
        schema: rideResource,
        example: {
          ...ASSIGNED_RIDE,
          cancellation: { requestedAt: '2026-12-01T16:07:03+07:00', reason: 'changed plans', by: 'citizen' },
          updatedAt: '2026-12-01T16:07:03+07:00',
        },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['INVALID_TRANSITION'] },
    example: { path: { rideId: 'rd_01JE3K7M2N4P6Q8R0S2T4V6W8X' }, body: { reason: 'changed plans' } },
  },
});

// What the handler sends: these fail to compile when a view stops fitting its response schema.
export const rideViewFits: ViewFits<ReturnType<typeof rideView>, z.input<typeof rideResource>> = true;
export const followedRideViewFits: ViewFits<ReturnType<typeof followedRideView>, z.input<typeof followedRideResource>> = true;
export const rideQuoteFits: ViewFits<Awaited<ReturnType<typeof quoteRide>>, z.input<typeof rideQuoteView>> = true;
