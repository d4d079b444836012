/**
 * The HTTP contract of dispatch's reads for the operations room (admin only): the drivers on the
 * live map, the jobs still in play and the day's figures. The handler parses with these schemas (functions/dispatch/operations.ts) and the
 * OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { dayView, instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { daySchema } from '../../platform/schemas.ts';
import { FLEETS, JOB_KINDS, VEHICLE_TYPES } from '../../kernel/dispatch-messages.ts';
import { DRIVER_STATES } from '../domain/driver-state.ts';
import { OPEN_JOB_STATUSES } from '../domain/dispatch-job.ts';
import { DAY_FIGURES_MAX_DAYS_BACK, type DriverOnMap, type JobDecision, type JobOnMap } from '../application/operations.ts';
import type { DayFigures } from '../domain/day-figures.ts';

export const driverOnMapResource = z
  .strictObject({
    driverId: z.string(),
    firstName: z.string().meta({ description: 'The first word of the registered name; no surname, no phone.' }),
    vehicle: z.strictObject({ type: z.enum(VEHICLE_TYPES), plate: z.string() }),
    fleet: z.strictObject({
      kind: z.enum(FLEETS),
      companyId: z.string().optional().meta({ description: 'PARTNER_TAXI: the taxi company the driver drives for.' }),
    }),
    state: z.enum(DRIVER_STATES).meta({
      description:
        '`BUSY`: holds an offer or a job (even if switched off since). `OFFLINE`: switched off. `STALE`: switched on but no location report within ' +
        'the staleness limit (GANCANG_DRIVER_STALE_SECONDS, 5 minutes), so dispatch offers it nothing. `AVAILABLE`: dispatch may offer it work.',
    }),
    location: locationView.nullable().meta({ description: 'The last reported position; null until the first report.' }),
    lastSeenAt: instantView.nullable().meta({ description: 'When the last position arrived (server clock); null until the first report.' }),
  })
  .meta({ id: 'DriverOnMap', description: 'A driver as the operations map shows it: who, which vehicle, which fleet, its state now and where it was last seen.' });

const EXAMPLE_DRIVER_ON_MAP: z.input<typeof driverOnMapResource> = {
  driverId: 'drv_01JDZ9A2K4M6P8R0S2T4V6W8X0',
  firstName: 'Bagus',
  vehicle: { type: 'MOTORBIKE', plate: 'P 4821 AB' },
  fleet: { kind: 'GOJEK' },
  state: 'AVAILABLE',
  location: { lat: -8.2151, lng: 114.3641 },
  lastSeenAt: '2026-12-01T09:40:55.120+07:00',
};

export const jobOnMapResource = z
  .strictObject({
    jobId: z.string(),
    kind: z.enum(JOB_KINDS),
    orderId: z.string().meta({ description: 'The medicine order, food order or ride the job carries.' }),
    status: z.enum(OPEN_JOB_STATUSES).meta({
      description: 'WAITING for a driver, OFFERED to one, ASSIGNED, PICKED_UP (on its way), DELIVERY_LOCKED (too many wrong delivery codes).',
    }),
    readyAt: instantView.meta({ description: 'When the goods are (or were) ready at the pickup point.' }),
    since: instantView.meta({ description: 'When the job entered its current status.' }),
    pickup: z.strictObject({ location: locationView, kecamatan: z.string() }).meta({ description: 'The pharmacy, stall or rider: a public place.' }),
    dropoff: z
      .strictObject({
        area: locationView.meta({ description: 'The drop-off point rounded to 0.01° (about 1 km): the area, never the house.' }),
        kecamatan: z.string(),
      })
      .meta({ description: 'Only roughly where the job ends.' }),
    driverId: z.string().nullable().meta({ description: 'The assigned driver once ASSIGNED; null before.' }),
  })
  .meta({ id: 'JobOnMap', description: 'A job still in play as the operations map shows it.' });

const EXAMPLE_JOB_ON_MAP: z.input<typeof jobOnMapResource> = {
  jobId: 'job_mo_01JDZA0000000000000000000',
  kind: 'MEDICINE',
  orderId: 'mo_01JDZA0000000000000000000',
  status: 'ASSIGNED',
  readyAt: '2026-12-01T09:30:00.000+07:00',
  since: '2026-12-01T09:31:12.400+07:00',
  pickup: { location: { lat: -8.208396, lng: 114.366168 }, kecamatan: 'Banyuwangi' },
  dropoff: { area: { lat: -8.2, lng: 114.37 }, kecamatan: 'Banyuwangi' },
  driverId: 'drv_01JDZ9A2K4M6P8R0S2T4V6W8X0',
};

const durationView = z
  .strictObject({
    count: z.int().nonnegative().meta({ description: 'How many jobs the duration was measured over.' }),
    medianSeconds: z.int().nonnegative().nullable().meta({ description: 'Nearest-rank median, whole seconds; null when `count` is 0.' }),
    p90Seconds: z.int().nonnegative().nullable().meta({ description: 'Nearest-rank 90th percentile, whole seconds; null when `count` is 0.' }),
  })
  .meta({ id: 'Duration', description: 'How long something took over a set of jobs.' });

const figures = {
  orders: z.int().nonnegative().meta({ description: 'Jobs that became ready for a driver that day: the orders handed to dispatch.' }),
  open: z.int().nonnegative().meta({ description: 'Of those, still WAITING, OFFERED, ASSIGNED, PICKED_UP or DELIVERY_LOCKED.' }),
  delivered: z.int().nonnegative().meta({ description: 'DELIVERED (a completed ride is DELIVERED in dispatch).' }),
  failed: z.int().nonnegative().meta({ description: 'FAILED, or NO_DRIVER_FOUND (a ride nobody took).' }),
  cancelled: z.int().nonnegative().meta({ description: 'CANCELLED (the order was withdrawn).' }),
  readyToAssigned: durationView.meta({
    description:
      '`readyAt` → the first assignment, over the jobs ever assigned (a job given back counts its first). A driver assigned before the goods ' +
      'were ready (matching starts a little ahead) counts as 0.',
  }),
  readyToDelivered: durationView.meta({ description: '`readyAt` → DELIVERED, over the delivered jobs.' }),
};

export const dayFiguresResource = z
  .strictObject({
    day: dayView.meta({ description: 'The WIB day.' }),
    timeZone: z.literal('Asia/Jakarta'),
    asOf: instantView.meta({ description: 'When the figures were read: the open jobs of the day may still move on.' }),
    totals: z.strictObject(figures).meta({ id: 'Figures' }),
    byKind: z
      .array(z.strictObject({ kind: z.enum(JOB_KINDS), ...figures }))
      .meta({ description: 'Always MEDICINE, FOOD and RIDE, in that order, a kind without jobs as zeros.' }),
  })
  .meta({ id: 'DayFigures', description: "One WIB day's jobs, counted on the day their goods became ready, by where they stand now; in total and per kind." });

const EXAMPLE_DAY_FIGURES: z.input<typeof dayFiguresResource> = {
  day: '2026-11-30',
  timeZone: 'Asia/Jakarta',
  asOf: '2026-11-30T14:05:12.480+07:00',
  totals: {
    orders: 57, open: 9, delivered: 44, failed: 1, cancelled: 3,
    readyToAssigned: { count: 48, medianSeconds: 95, p90Seconds: 412 },
    readyToDelivered: { count: 44, medianSeconds: 1_710, p90Seconds: 2_940 },
  },
  byKind: [
    {
      kind: 'MEDICINE', orders: 31, open: 5, delivered: 24, failed: 0, cancelled: 2,
      readyToAssigned: { count: 27, medianSeconds: 120, p90Seconds: 480 },
      readyToDelivered: { count: 24, medianSeconds: 1_980, p90Seconds: 3_120 },
    },
    {
      kind: 'FOOD', orders: 18, open: 3, delivered: 14, failed: 0, cancelled: 1,
      readyToAssigned: { count: 15, medianSeconds: 75, p90Seconds: 300 },
      readyToDelivered: { count: 14, medianSeconds: 1_320, p90Seconds: 2_100 },
    },
    {
      kind: 'RIDE', orders: 8, open: 1, delivered: 6, failed: 1, cancelled: 0,
      readyToAssigned: { count: 6, medianSeconds: 40, p90Seconds: 150 },
      readyToDelivered: { count: 6, medianSeconds: 1_500, p90Seconds: 2_400 },
    },
  ],
};

const DECISIONS = ['OFFERED', 'NO_DRIVER', 'OFFER_DECLINED', 'OFFER_EXPIRED', 'OFFER_WITHDRAWN', 'GIVEN_BACK'] as const;

export const jobDecisionResource = z
  .strictObject({
    at: instantView,
    decision: z.enum(DECISIONS).meta({
      description:
        '`OFFERED` to `chosenDriverId`; `NO_DRIVER`: nobody could take it then (the job retries, `note` says when); the offer `OFFER_DECLINED`, ' +
        '`OFFER_EXPIRED` or `OFFER_WITHDRAWN` (the order was cancelled); `GIVEN_BACK` by its driver before pickup (`note`: the reason given).',
    }),
    chosenDriverId: z.string().nullable().meta({ description: 'The driver offered, or whose offer or job this was; null for NO_DRIVER.' }),
    distanceKm: z.number().nullable().meta({ description: 'OFFERED: the chosen driver’s straight-line distance to the pickup.' }),
    candidates: z
      .array(z.strictObject({ driverId: z.string(), distanceKm: z.number(), verdict: z.string().meta({ description: '`CHOSEN`, or the first eligibility rule the driver failed (e.g. `BUSY`, `STALE_LOCATION`, `NOT_MEDICINE_TRAINED`).' }) }))
      .meta({ description: 'The drivers considered, nearest first, at most 20 passed over and then the chosen one.' }),
    cellsRead: z.number().int().meta({ description: 'Cells of the geo index the search read.' }),
    note: z.string().nullable(),
  })
  .meta({ id: 'JobDecision', description: 'One decision dispatch made about a job, with the drivers it considered (by id only).' });

const EXAMPLE_DECISIONS: { items: z.input<typeof jobDecisionResource>[] } = {
  items: [
    {
      at: '2026-12-01T09:41:02.310+07:00', decision: 'NO_DRIVER', chosenDriverId: null, distanceKm: null,
      candidates: [{ driverId: 'drv_01JDZ9A2K4M6P8R0S2T4V6W8X0', distanceKm: 0.8, verdict: 'BUSY' }], cellsRead: 9, note: 'retry in 15 s (attempt 1)',
    },
    {
      at: '2026-12-01T09:41:17.402+07:00', decision: 'OFFERED', chosenDriverId: 'drv_01JDZ9A2K4M6P8R0S2T4V6W8X0', distanceKm: 0.8,
      candidates: [{ driverId: 'drv_01JDZ9A2K4M6P8R0S2T4V6W8X0', distanceKm: 0.8, verdict: 'CHOSEN' }], cellsRead: 0,
      note: 'the driver was free again: of the waiting jobs they may take, the nearest counting 1 km for each minute waited',
    },
  ],
};

const TAG = 'Admin: operations';

export const dispatchOperationsContract = defineContract({
  'GET /v1/ops/drivers': {
    tag: TAG,
    summary: 'List the drivers for the live map',
    description:
      'Every registered driver in driver id order, each with its state as of the request. `?state=` keeps only the drivers in that state; a ' +
      'filtered page may then hold fewer than `limit` drivers (even none) while `nextCursor` says there is more. A driver registered before this ' +
      'list existed appears once it next reports a location or switches itself on or off. Admins only.',
    query: z.strictObject({ ...pageQuerySchema, state: z.enum(DRIVER_STATES).optional() }),
    responses: { 200: { description: 'A page of drivers.', schema: pageOf(driverOnMapResource), example: { items: [EXAMPLE_DRIVER_ON_MAP], nextCursor: null } } },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'] },
    example: { query: { limit: '50', state: 'AVAILABLE' } },
  },
  'GET /v1/ops/jobs': {
    tag: TAG,
    summary: 'List the jobs still in play for the live map',
    description:
      'Jobs not yet delivered, failed, cancelled or given up, status by status (WAITING, OFFERED, ASSIGNED, PICKED_UP, DELIVERY_LOCKED), ' +
      'within a status the longest ready first. The drop-off is only its area (rounded to about 1 km) and kecamatan. Admins only.',
    query: z.strictObject(pageQuerySchema),
    responses: { 200: { description: 'A page of jobs.', schema: pageOf(jobOnMapResource), example: { items: [EXAMPLE_JOB_ON_MAP], nextCursor: null } } },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'] },
    example: { query: { limit: '50' } },
  },
  'GET /v1/ops/jobs/{jobId}/decisions': {
    tag: TAG,
    summary: 'Read why a job went to whom, or waited',
    description:
      'Every decision dispatch recorded about a job, oldest first: each offer and whom it went to, each search that found nobody (with the ' +
      'drivers it considered and the rule each failed), and each offer declined, expired or withdrawn. Drivers appear by id only. Admins only.',
    path: z.object({ jobId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'is not a valid job id').meta({ example: 'job_mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB' }) }),
    responses: { 200: { description: 'The decisions.', schema: z.strictObject({ items: z.array(jobDecisionResource) }), example: EXAMPLE_DECISIONS } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
    example: { path: { jobId: 'job_mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB' } },
  },
  'GET /v1/ops/today': {
    tag: TAG,
    summary: "Read a day's figures",
    description:
      'The jobs whose goods became ready (`readyAt`) on a WIB day, today by default, counted by where they stand now: orders, open, delivered, ' +
      'failed, cancelled, and the nearest-rank median and 90th percentile of ready → first assigned and ready → delivered, in total and per ' +
      `kind. A day still to come, or more than ${DAY_FIGURES_MAX_DAYS_BACK} days back, is 400 \`INVALID_PERIOD\`. Admins only.`,
    query: z.strictObject({ day: daySchema.optional().meta({ description: 'A WIB day, YYYY-MM-DD; today (WIB) when left out.' }) }),
    responses: { 200: { description: "The day's figures.", schema: dayFiguresResource, example: EXAMPLE_DAY_FIGURES } },
    refusals: { 400: ['INVALID_PERIOD'], 403: ['FORBIDDEN'] },
    example: { query: { day: '2026-11-30' } },
  },
});

// What the handler sends: this fails to compile when the view stops fitting the schema above.
export const driverOnMapFits: ViewFits<DriverOnMap, z.input<typeof driverOnMapResource>> = true;
export const jobOnMapFits: ViewFits<JobOnMap, z.input<typeof jobOnMapResource>> = true;
export const jobDecisionFits: ViewFits<JobDecision, z.input<typeof jobDecisionResource>> = true;
export const dayFiguresFits: ViewFits<DayFigures, z.input<typeof dayFiguresResource>> = true;
