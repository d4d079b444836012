/**
 * The HTTP contract of the driver registry: admins and taxi operators register drivers (and
 * operators list their fleet); a driver reads itself, reports where it is and switches itself on
 * and off. The handler parses with these schemas (functions/dispatch/drivers.ts) and the OpenAPI
 * document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { idSchema, locationSchema } from '../../platform/schemas.ts';
import { FLEETS, VEHICLE_TYPES } from '../../kernel/dispatch-messages.ts';
import { availabilitySchema, registerDriverSchema, type DriverView } from '../domain/driver.ts';

export const driverResource = z
  .strictObject({
    driverId: z.string(),
    sub: z.string().meta({ description: "The driver's login subject (the token's `sub`): one driver per subject." }),
    name: z.string(),
    phone: z.string().meta({ description: 'E.164, +628…' }),
    vehicle: z.strictObject({
      type: z.enum(VEHICLE_TYPES),
      plate: z.string().meta({ description: 'In its one canonical spelling, e.g. `P 4821 AB`, however it was written at registration.' }),
    }),
    fleet: z.strictObject({
      kind: z.enum(FLEETS),
      companyId: z.string().optional().meta({ description: 'PARTNER_TAXI: the taxi company the driver drives for.' }),
    }),
    medicineTrained: z.boolean().meta({ description: 'Only medicine-trained drivers are offered Gancang Aron deliveries.' }),
    available: z.boolean().meta({ description: "The driver's own switch; false at registration." }),
    location: locationView.optional().meta({ description: 'The last reported position; absent until the first report.' }),
    lastSeenAt: instantView.optional().meta({ description: 'When the last position arrived (server clock).' }),
    currentOfferId: z.string().optional().meta({ description: 'The offer the driver is considering, while there is one.' }),
    currentJobId: z.string().optional().meta({ description: 'The job in hand (or of the pending offer), while there is one.' }),
    createdAt: instantView,
  })
  .meta({ id: 'Driver', description: 'A Go-Jek partner on a motorbike or car, or a partner taxi company\'s driver: the profile, the switch and the last position.' });

const EXAMPLE_NEW_DRIVER: z.input<typeof driverResource> = {
  driverId: 'drv_01JDZ9A2K4M6P8R0S2T4V6W8X0',
  sub: 'driver-bagus',
  name: 'Bagus Prasetyo',
  phone: '+6281299900001',
  vehicle: { type: 'MOTORBIKE', plate: 'P 4821 AB' },
  fleet: { kind: 'GOJEK' },
  medicineTrained: true,
  available: false,
  createdAt: '2026-11-28T08:00:00.000+07:00',
};

const EXAMPLE_DRIVER: z.input<typeof driverResource> = {
  ...EXAMPLE_NEW_DRIVER,
  available: true,
  location: { lat: -8.2151, lng: 114.3641 },
  lastSeenAt: '2026-12-01T09:40:55.120+07:00',
};

const EXAMPLE_TAXI: z.input<typeof driverResource> = {
  driverId: 'drv_01JDZ9B7C1D3F5G7H9J1K3M5N7',
  sub: 'taxi-hartono',
  name: 'Hartono Wibisono',
  phone: '+6281277710001',
  vehicle: { type: 'TAXI', plate: 'P 1101 UA' },
  fleet: { kind: 'PARTNER_TAXI', companyId: 'cmp_osing-taksi' },
  medicineTrained: false,
  available: true,
  location: { lat: -8.2191, lng: 114.3691 },
  lastSeenAt: '2026-12-01T09:41:02.310+07:00',
  createdAt: '2026-11-28T08:00:01.000+07:00',
};

const TAG = 'Drivers';
const NOT_REGISTERED = 'A driver token whose subject has no driver is 404 `DRIVER_NOT_REGISTERED` (ask the fleet to register you).';

export const driverContract = defineContract({
  'POST /v1/drivers': {
    tag: TAG,
    summary: 'Register a driver',
    description:
      'Admins register Go-Jek drivers (MOTORBIKE or CAR, fleet `GOJEK`, no company) and partner taxis (TAXI, fleet `PARTNER_TAXI` with its `companyId`). ' +
      "A taxi operator registers only its own company's taxis (else 403). The fleet must fit the vehicle (422 `VEHICLE_NOT_IN_FLEET`, " +
      '`COMPANY_REQUIRED`, `COMPANY_NOT_ALLOWED`) and the company must exist (422 `UNKNOWN_COMPANY`). The phone is stored as +628…, the plate ' +
      'in its canonical spelling; the same subject or plate (however written) again is 409 `DRIVER_EXISTS` / `PLATE_TAKEN`. A new driver is unavailable ' +
      'until it switches itself on.',
    body: registerDriverSchema,
    responses: { 201: { description: 'The driver, unavailable.', schema: driverResource, example: EXAMPLE_NEW_DRIVER } },
    refusals: { 403: ['FORBIDDEN'], 409: ['DRIVER_EXISTS', 'PLATE_TAKEN'], 422: ['VEHICLE_NOT_IN_FLEET', 'COMPANY_REQUIRED', 'COMPANY_NOT_ALLOWED', 'UNKNOWN_COMPANY'] },
    example: {
      body: {
        sub: 'driver-bagus',
        name: 'Bagus Prasetyo',
        phone: '0812-9990-0001',
        vehicle: { type: 'MOTORBIKE', plate: 'p4821ab' },
        fleet: { kind: 'GOJEK' },
        medicineTrained: true,
      } satisfies z.input<typeof registerDriverSchema>,
    },
  },
  'GET /v1/drivers/me': {
    tag: TAG,
    summary: "Read the calling driver's own record",
    description: `The profile, the switch and the last reported position. ${NOT_REGISTERED}`,
    responses: { 200: { description: 'The driver.', schema: driverResource, example: EXAMPLE_DRIVER } },
    refusals: { 403: ['FORBIDDEN'], 404: ['DRIVER_NOT_REGISTERED'] },
  },
  'PUT /v1/drivers/me/location': {
    tag: TAG,
    summary: 'Report where the driver is',
    description:
      "The driver's app reports its position every minute or so; the server's clock says when (`lastSeenAt`). Dispatch offers work only to drivers " +
      `seen in the last 5 minutes. A point outside Banyuwangi is 422 \`OUTSIDE_SERVICE_AREA\`. ${NOT_REGISTERED}`,
    body: locationSchema,
    responses: { 200: { description: 'The driver at its new position.', schema: driverResource, example: EXAMPLE_DRIVER } },
    refusals: { 403: ['FORBIDDEN'], 404: ['DRIVER_NOT_REGISTERED'], 422: ['OUTSIDE_SERVICE_AREA'] },
    example: { body: { lat: -8.2151, lng: 114.3641 } satisfies z.input<typeof locationSchema> },
  },
  'PUT /v1/drivers/me/availability': {
    tag: TAG,
    summary: 'Switch the driver on or off',
    description:
      'Only an available driver is offered work. Switching off while holding an offer or a job is allowed: no new work comes, and the job in hand ' +
      `carries on. ${NOT_REGISTERED}`,
    body: availabilitySchema,
    responses: { 200: { description: 'The driver with its switch as set.', schema: driverResource, example: EXAMPLE_DRIVER } },
    refusals: { 403: ['FORBIDDEN'], 404: ['DRIVER_NOT_REGISTERED'] },
    example: { body: { available: true } satisfies z.input<typeof availabilitySchema> },
  },
  'GET /v1/taxi-companies/{companyId}/drivers': {
    tag: 'Taxi: companies',
    summary: "List a taxi company's drivers and their vehicles",
    description: "A taxi operator lists its own company's fleet, in registration order; another company's is 403. Admins list any company's.",
    path: z.object({ companyId: idSchema.meta({ example: 'cmp_osing-taksi' }) }),
    query: z.strictObject(pageQuerySchema),
    responses: { 200: { description: 'A page of drivers.', schema: pageOf(driverResource), example: { items: [EXAMPLE_TAXI], nextCursor: null } } },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
    example: { path: { companyId: 'cmp_osing-taksi' }, query: { limit: '20' } },
  },
});

// What the handler sends: this fails to compile when the view stops fitting the schema above.
export const driverViewFits: ViewFits<DriverView, z.input<typeof driverResource>> = true;
