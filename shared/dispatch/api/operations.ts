/**
 * The HTTP contract of dispatch's reads for the operations room (admin only): the drivers on the
 * live map. The handler parses with these schemas (functions/dispatch/operations.ts) and the
 * OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { FLEETS, VEHICLE_TYPES } from '../../kernel/dispatch-messages.ts';
import { DRIVER_STATES } from '../domain/driver-state.ts';
import type { DriverOnMap } from '../application/operations.ts';

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
});

// What the handler sends: this fails to compile when the view stops fitting the schema above.
export const driverOnMapFits: ViewFits<DriverOnMap, z.input<typeof driverOnMapResource>> = true;
