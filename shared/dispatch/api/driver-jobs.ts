/**
 * The HTTP contract of the driver's side of a job: the pending offer, accept or decline, the job
 * in hand, pickup, delivery and failure. The handler parses with these schemas
 * (functions/dispatch/driver-jobs.ts) and the OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { addressView, instantView, locationView } from '../../platform/http/views.ts';
import { boundedText, idSchema, nameSchema } from '../../platform/schemas.ts';
import { KECAMATAN } from '../../platform/service-area.ts';
import { JOB_KINDS } from '../../kernel/dispatch-messages.ts';
import { DISPATCH_JOB_STATUSES } from '../domain/dispatch-job.ts';
import { HANDLING_NOTES } from '../domain/handling-notes.ts';
import type { driverJobView, OfferView } from '../application/driver-actions.ts';

const kind = z.enum(JOB_KINDS).meta({ description: 'MEDICINE (Gancang Aron), FOOD (Pesta Kuliner Go-Food) or RIDE (a passenger).' });
const kecamatan = z.enum(KECAMATAN as [string, ...string[]]);

export const offerResource = z
  .strictObject({
    offerId: z.string(),
    jobId: z.string(),
    kind,
    pickup: z.strictObject({ location: locationView, kecamatan }),
    dropoff: z
      .strictObject({ location: locationView.meta({ description: 'Rounded to 2 decimals of a degree (about 1 km).' }), kecamatan })
      .meta({ description: 'Before acceptance only roughly where to: enough to weigh the trip, not to find the home.' }),
    distanceToPickupKm: z.number(),
    expiresAt: instantView.meta({ description: 'Accept before this (30 s after the offer), or the job goes to the next driver.' }),
    fareIdr: z.int().nullable().meta({ description: 'What the trip pays, when the job carries a fare.' }),
  })
  .meta({ id: 'Offer', description: 'A job offered to this driver alone: where from, roughly where to, how far to the pickup and until when. No name, phone, address or pharmacy name.' });

const timelineView = z
  .array(z.strictObject({ status: z.enum(DISPATCH_JOB_STATUSES), at: instantView }))
  .meta({ description: 'Every status the job reached, oldest first.' });

export const driverJobResource = z
  .strictObject({
    jobId: z.string(),
    kind,
    status: z.enum(DISPATCH_JOB_STATUSES).meta({
      description:
        'ASSIGNED → PICKED_UP → DELIVERED, or PICKED_UP → FAILED; DELIVERY_LOCKED after too many wrong delivery codes; WAITING once the driver gave ' +
        'the job back before pickup; CANCELLED when the order was withdrawn.',
    }),
    pickup: z.strictObject({
      location: locationView,
      kecamatan,
      name: z.string().optional().meta({ description: 'MEDICINE: the facility whose pharmacy hands over the package; FOOD: the merchant. Only while the contact is shown.' }),
      address: addressView.optional().meta({ description: 'RIDE: where to meet the passenger. Only while the contact is shown.' }),
    }),
    dropoff: z.strictObject({
      location: locationView.meta({ description: 'The exact drop-off.' }),
      kecamatan,
      address: addressView.optional().meta({ description: "MEDICINE and FOOD: the recipient's address. Only while the contact is shown." }),
    }),
    recipient: z
      .strictObject({ name: z.string(), phone: z.string().meta({ description: 'E.164, +628…' }) })
      .nullable()
      .meta({
        description:
          'Who receives the goods (the patient, the customer) or, for a ride, the passenger, as ordering has them. Shown to the assigned driver only, ' +
          'while the job is ASSIGNED, PICKED_UP or DELIVERY_LOCKED and for 3 hours after DELIVERED or FAILED; null otherwise, and null when the order names nobody.',
      }),
    handlingNote: z
      .string()
      .nullable()
      .meta({ description: `What every driver of the kind is told: MEDICINE "${HANDLING_NOTES.MEDICINE}"; FOOD "${HANDLING_NOTES.FOOD}"; null for a RIDE.` }),
    deliveryCodeRequired: z.boolean().meta({ description: 'True for medicine: `deliver` needs the six-digit code the patient tells the driver at the door.' }),
    fareIdr: z.int().nullable(),
    timeline: timelineView,
  })
  .meta({
    id: 'DriverJob',
    description:
      "The job as its assigned driver sees it: where from and to, the recipient's contact (read from the order when the driver asks, never carried on a queue), " +
      'and the handling note of the kind. Never what is inside the package. Another driver gets 404 for it.',
  });

const offerPath = z.object({ offerId: idSchema.meta({ example: 'of_01JDZA3M5N7P9Q1R3S5T7V9W1X' }) });
const jobPath = z.object({
  jobId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'is not a valid job id').meta({ example: 'job_mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB' }),
});
/** Steps that carry no data accept no body or an empty object, and refuse anything else. */
const noBody = z.strictObject({});
/** A medicine delivery needs the patient's code (refused as 400 without it); every delivery names who took it. */
const deliverBody = z.strictObject({
  code: z
    .string()
    .regex(/^\d{6}$/, 'must be the 6-digit code')
    .optional()
    .meta({ description: 'The six digits the patient tells the driver at the door; required when the job says `deliveryCodeRequired`.' }),
  recipientName: nameSchema
    .optional()
    .meta({ description: 'Who took the goods at the door: required for medicine and food (400 `VALIDATION_FAILED` without it); a ride needs none, the passenger is the recipient.' }),
});
const failBody = z.strictObject({ reason: boundedText(300) });

const EXAMPLE_ASSIGNED: z.input<typeof driverJobResource> = {
  jobId: 'job_mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB',
  kind: 'MEDICINE',
  status: 'ASSIGNED',
  pickup: { location: { lat: -8.208396, lng: 114.366168 }, kecamatan: 'Banyuwangi', name: 'RSUD Blambangan' },
  dropoff: {
    location: { lat: -8.2045, lng: 114.3712 },
    kecamatan: 'Banyuwangi',
    address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
  },
  recipient: { name: 'Siti Aminah', phone: '+6281234500001' },
  handlingNote: HANDLING_NOTES.MEDICINE ?? null,
  deliveryCodeRequired: true,
  fareIdr: 10500,
  timeline: [
    { status: 'WAITING', at: '2026-12-01T09:41:10.204+07:00' },
    { status: 'OFFERED', at: '2026-12-01T09:41:10.950+07:00' },
    { status: 'ASSIGNED', at: '2026-12-01T09:41:13.402+07:00' },
  ],
};
const pickedUp = [...EXAMPLE_ASSIGNED.timeline, { status: 'PICKED_UP' as const, at: '2026-12-01T09:52:30.118+07:00' }];

const TAG = 'Drivers';
const ONLY_THE_ASSIGNED_DRIVER = 'Only the assigned driver acts on a job: for another driver it does not exist (404). A step out of order is 409 `INVALID_TRANSITION`.';

export const driverJobContract = defineContract({
  'GET /v1/drivers/me/offers': {
    tag: TAG,
    summary: "List the driver's pending offer",
    description:
      'A driver holds at most one offer: `items` has it, or is empty. Not a paged list. The offer shows the pickup point, and the drop-off only as its ' +
      'kecamatan and a point rounded to about 1 km; no name, phone, address or pharmacy name before acceptance. An offer not accepted within 30 s lapses ' +
      'and the job goes to the next nearest eligible driver, never again to this one.',
    responses: {
      200: {
        description: 'The pending offer, if any.',
        schema: z.strictObject({ items: z.array(offerResource).max(1) }),
        example: {
          items: [
            {
              offerId: 'of_01JDZA3M5N7P9Q1R3S5T7V9W1X',
              jobId: 'job_mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB',
              kind: 'MEDICINE',
              pickup: { location: { lat: -8.208396, lng: 114.366168 }, kecamatan: 'Banyuwangi' },
              dropoff: { location: { lat: -8.2, lng: 114.37 }, kecamatan: 'Banyuwangi' },
              distanceToPickupKm: 0.8,
              expiresAt: '2026-12-01T09:41:40.950+07:00',
              fareIdr: 10500,
            },
          ],
        },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
  },
  'POST /v1/offers/{offerId}/accept': {
    tag: TAG,
    summary: 'Accept an offer',
    description:
      "Within 30 s of the offer. Only now does the driver see the pickup's name, who receives the goods and their phone, the exact drop-off and address " +
      '(for a ride: the pickup address), and the handling note of the kind. An offer that lapsed is 409 `OFFER_EXPIRED`; one already answered or ' +
      'withdrawn (the order was cancelled) is 409 `OFFER_NOT_PENDING`. Another driver\'s offer is 404. No body, or `{}`.',
    path: offerPath,
    body: noBody,
    bodyOptional: true,
    responses: { 200: { description: 'The job, ASSIGNED to the driver.', schema: driverJobResource, example: EXAMPLE_ASSIGNED } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['OFFER_NOT_PENDING', 'OFFER_EXPIRED'] },
    example: { path: { offerId: 'of_01JDZA3M5N7P9Q1R3S5T7V9W1X' } },
  },
  'POST /v1/offers/{offerId}/decline': {
    tag: TAG,
    summary: 'Decline an offer',
    description:
      'Frees the driver; the job goes to the next nearest eligible driver, and never again to this one. An offer already answered, lapsed or withdrawn ' +
      "is 409 `OFFER_NOT_PENDING`; another driver's offer is 404. No body, or `{}`.",
    path: offerPath,
    body: noBody,
    bodyOptional: true,
    responses: {
      200: {
        description: 'The offer, declined.',
        schema: z.strictObject({ offerId: z.string(), status: z.literal('DECLINED') }),
        example: { offerId: 'of_01JDZA3M5N7P9Q1R3S5T7V9W1X', status: 'DECLINED' },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['OFFER_NOT_PENDING'] },
    example: { path: { offerId: 'of_01JDZA3M5N7P9Q1R3S5T7V9W1X' } },
  },
  'GET /v1/jobs/{jobId}': {
    tag: TAG,
    summary: 'Read the job in hand',
    description:
      "The assigned driver's view. The recipient's contact and the address are shown while the job is ASSIGNED, PICKED_UP or DELIVERY_LOCKED, and for " +
      '3 hours after it is DELIVERED or FAILED; then `recipient` is null and no address is shown. A job given back or cancelled shows none. ' +
      ONLY_THE_ASSIGNED_DRIVER,
    path: jobPath,
    responses: { 200: { description: 'The job.', schema: driverJobResource, example: EXAMPLE_ASSIGNED } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
    example: { path: { jobId: 'job_mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB' } },
  },
  'POST /v1/jobs/{jobId}/pickup': {
    tag: TAG,
    summary: 'Report the goods (or the passenger) picked up',
    description:
      'At the pharmacy, the merchant\'s stall, or with the passenger in: ASSIGNED → PICKED_UP. From here on a cancellation of the order is refused and the ' +
      `delivery goes on. ${ONLY_THE_ASSIGNED_DRIVER} No body, or \`{}\`.`,
    path: jobPath,
    body: noBody,
    bodyOptional: true,
    responses: { 200: { description: 'The job, PICKED_UP.', schema: driverJobResource, example: { ...EXAMPLE_ASSIGNED, status: 'PICKED_UP', timeline: pickedUp } } },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['INVALID_TRANSITION'] },
    example: { path: { jobId: 'job_mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB' } },
  },
  'POST /v1/jobs/{jobId}/deliver': {
    tag: TAG,
    summary: 'Report the delivery done',
    description:
      'PICKED_UP → DELIVERED, with the name of whoever took the goods at the door (a ride needs no body at all: the passenger is the recipient). A medicine delivery (`deliveryCodeRequired`) also needs the `code` ' +
      'the patient tells the driver: without it 400 `VALIDATION_FAILED`; a wrong code is 422 `WRONG_DELIVERY_CODE`, which says how many attempts are left. ' +
      'After 5 wrong codes the delivery is locked (409 `DELIVERY_LOCKED`), the pharmacy is told, and the driver reports the job failed and returns the package. ' +
      `Food orders and rides need no code. ${ONLY_THE_ASSIGNED_DRIVER}`,
    path: jobPath,
    body: deliverBody,
    bodyOptional: true,
    responses: {
      200: {
        description: 'The job, DELIVERED.',
        schema: driverJobResource,
        example: { ...EXAMPLE_ASSIGNED, status: 'DELIVERED', timeline: [...pickedUp, { status: 'DELIVERED', at: '2026-12-01T10:04:12.560+07:00' }] },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['DELIVERY_LOCKED', 'INVALID_TRANSITION'], 422: ['WRONG_DELIVERY_CODE'] },
    example: { path: { jobId: 'job_mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB' }, body: { code: '048213', recipientName: 'Siti Aminah' } satisfies z.input<typeof deliverBody> },
  },
  'POST /v1/jobs/{jobId}/fail': {
    tag: TAG,
    summary: 'Give the job back, or report the delivery failed',
    description:
      'Before pickup (ASSIGNED) the driver gives the job back: it goes to the next driver, never again to this one, and the answer shows it WAITING without ' +
      'the contact. After pickup (PICKED_UP or DELIVERY_LOCKED) the delivery failed: FAILED, and the goods go back (the pharmacy records RETURNED_TO_PHARMACY). ' +
      ONLY_THE_ASSIGNED_DRIVER,
    path: jobPath,
    body: failBody,
    responses: {
      200: {
        description: 'The job, FAILED (or WAITING when given back before pickup).',
        schema: driverJobResource,
        example: { ...EXAMPLE_ASSIGNED, status: 'FAILED', timeline: [...pickedUp, { status: 'FAILED', at: '2026-12-01T10:15:40.003+07:00' }] },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['INVALID_TRANSITION'] },
    example: { path: { jobId: 'job_mo_01JDZ8Q4T7S0M9V6W3X2Y1Z0AB' }, body: { reason: 'Rumah kosong, pasien tidak bisa dihubungi' } satisfies z.input<typeof failBody> },
  },
});

// What the handlers send: these fail to compile when a view stops fitting its schema above.
export const offerViewFits: ViewFits<OfferView, z.input<typeof offerResource>> = true;
export const driverJobViewFits: ViewFits<Awaited<ReturnType<typeof driverJobView>>, z.input<typeof driverJobResource>> = true;
