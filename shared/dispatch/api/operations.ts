/**
 * The HTTP contract of dispatch's reads for the operations room (admin only): the drivers on the
 * live map and the jobs still in play. The handler parses with these schemas (functions/dispatch/operations.ts) and the
 * OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { FLEETS, JOB_KINDS, VEHICLE_TYPES } from '../../kernel/dispatch-messages.ts';
import { DRIVER_STATES } from '../domain/driver-state.ts';
import { OPEN_JOB_STATUSES } from '../domain/dispatch-job.ts';
import type { DriverOnMap, JobOnMap } from '../application/operations.ts';

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
});

// What the handler sends: this fails to compile when the view stops fitting the schema above.
export const driverOnMapFits: ViewFits<DriverOnMap, z.input<typeof driverOnMapResource>> = true;
export const jobOnMapFits: ViewFits<JobOnMap, z.input<typeof jobOnMapResource>> = true;
