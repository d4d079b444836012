import * as z from 'zod';
import { ConflictError, InvalidTransitionError, RuleViolation } from '../../platform/errors.ts';
import { addressSchema, boundedText, idSchema, locationSchema, nameSchema, nikSchema, phoneSchema } from '../../platform/schemas.ts';
import { kecamatanCentre, type Location } from '../../platform/service-area.ts';
import type { DriverPosition } from '../../kernel/driver-positions.ts';
import type { ATTENTION_CODES, JobEvent } from '../../kernel/job-events.ts';
import type { CancelRefusal, PendingCancellation } from './cancellation.ts';
import { DRIVER_POSITION_SHOWN_WHILE, driverPositionView } from './driver-on-the-way.ts';

/** Gancang Aron: a prescription registered for home delivery. */
export const MEDICINE_ORDER_STATUSES = [
  'REGISTERED',
  'PREPARING',
  'READY_FOR_PICKUP',
  'COURIER_ASSIGNED',
  'PICKED_UP',
  'DELIVERED',
  'DELIVERY_FAILED',
  'RETURNED_TO_PHARMACY',
  'CANCELLED',
] as const;
export type MedicineOrderStatus = (typeof MEDICINE_ORDER_STATUSES)[number];

/** Who may cause a transition: the facility's pharmacy, or dispatch following the delivery. */
type Actor = 'pharmacy' | 'dispatch';

/**
 * The lifecycle as a table: from → to → who may do it. Anything not listed is a 409.
 * Cancelling is possible until the driver has the package in hand: at once while the pharmacy
 * still has the order; once it is in dispatch (READY_FOR_PICKUP, COURIER_ASSIGNED) the pharmacy
 * asks and dispatch's JOB_WITHDRAWN cancels it (see cancellation.ts).
 */
export const MEDICINE_ORDER_TRANSITIONS: Readonly<
  Record<MedicineOrderStatus, Readonly<Partial<Record<MedicineOrderStatus, Actor>>>>
> = {
  REGISTERED: { PREPARING: 'pharmacy', CANCELLED: 'pharmacy' },
  PREPARING: { READY_FOR_PICKUP: 'pharmacy', CANCELLED: 'pharmacy' },
  READY_FOR_PICKUP: { COURIER_ASSIGNED: 'dispatch', CANCELLED: 'dispatch' },
  COURIER_ASSIGNED: { PICKED_UP: 'dispatch', READY_FOR_PICKUP: 'dispatch', CANCELLED: 'dispatch' },
  PICKED_UP: { DELIVERED: 'dispatch', DELIVERY_FAILED: 'dispatch' },
  DELIVERY_FAILED: { RETURNED_TO_PHARMACY: 'pharmacy' },
  DELIVERED: {},
  RETURNED_TO_PHARMACY: {},
  CANCELLED: {},
};

export function assertTransition(from: MedicineOrderStatus, to: MedicineOrderStatus, actor: Actor): void {
  if (MEDICINE_ORDER_TRANSITIONS[from][to] !== actor) throw new InvalidTransitionError('The medicine order', from, to);
}

export const MEDICINE_CATEGORIES = ['REGULAR', 'COLD_CHAIN', 'NARCOTIC', 'PSYCHOTROPIC'] as const;
/** BPOM regulation 8/2020 forbids delivering narcotics and psychotropics through online services. */
export const RESTRICTED_CATEGORIES: ReadonlySet<string> = new Set(['NARCOTIC', 'PSYCHOTROPIC']);

export const PAYERS = ['BPJS_PBI', 'GENERAL'] as const;

const itemSchema = z.strictObject({
  name: boundedText(120),
  quantity: z.number().int().positive().max(10_000),
  unit: boundedText(32),
  category: z.enum(MEDICINE_CATEGORIES),
});

export const registerMedicineOrderSchema = z.strictObject({
  facilityId: idSchema,
  patient: z.strictObject({
    name: nameSchema,
    nik: nikSchema.optional(),
    phone: phoneSchema,
    address: addressSchema,
    location: locationSchema,
  }),
  prescriptionNo: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9/._-]+$/, 'letters, digits and / . _ - only'),
  payer: z.enum(PAYERS),
  items: z.array(itemSchema).min(1).max(50),
  notes: boundedText(500, { multiline: true }).optional(),
});
export type RegisterMedicineOrder = z.infer<typeof registerMedicineOrderSchema>;

export const PHARMACY_STATUS_CHANGES = ['PREPARING', 'READY_FOR_PICKUP', 'CANCELLED', 'RETURNED_TO_PHARMACY'] as const;

export const changeStatusSchema = z.strictObject({
  status: z.enum(PHARMACY_STATUS_CHANGES),
  reason: boundedText(200).optional(),
});
export type ChangeStatus = z.infer<typeof changeStatusSchema>;

export interface TimelineEntry {
  readonly status: MedicineOrderStatus;
  readonly at: string;
}

/**
 * What the facility sees of the assigned driver (the public sees only `firstName`): the driver as
 * the COURIER_ASSIGNED job event names it, and when dispatch assigned them (the event's time).
 */
export type AssignedDriver = NonNullable<JobEvent['driver']> & { readonly assignedAt: string };

/**
 * Something about the delivery the pharmacy should look at: nobody has taken the job yet, or the
 * driver's attempts at the delivery code were locked. Cleared when the order moves on.
 */
export interface OrderAttention {
  readonly code: (typeof ATTENTION_CODES)[number];
  readonly since: string;
}

export interface MedicineOrder {
  readonly orderId: string;
  readonly facilityId: string;
  /** Copied at registration so tracking needs no second read. */
  readonly facilityName: string;
  readonly status: MedicineOrderStatus;
  /** Incremented on every write; state writes are conditional on it. */
  readonly version: number;
  readonly payer: RegisterMedicineOrder['payer'];
  readonly prescriptionNo: string;
  readonly patient: {
    readonly name: string;
    readonly nik?: string;
    readonly phone: string;
    readonly address: RegisterMedicineOrder['patient']['address'];
    readonly location: Location;
  };
  readonly items: RegisterMedicineOrder['items'];
  readonly notes?: string;
  readonly deliveryCode: string;
  readonly trackingToken: string;
  readonly timeline: readonly TimelineEntry[];
  readonly cancelReason?: string;
  /** A cancellation asked of dispatch and not yet answered (see cancellation.ts). */
  readonly cancellation?: PendingCancellation;
  readonly cancelRefused?: CancelRefusal;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set by dispatch once a driver is assigned: only the first name is ever shown publicly. */
  readonly driverFirstName?: string;
  /** The assigned driver, while there is one (kept after pickup, for the record). */
  readonly driver?: AssignedDriver;
  readonly attention?: OrderAttention;
  /** DELIVERED: who took the package at the door, as the driver recorded it. */
  readonly deliveredTo?: string;
  /** DELIVERY_FAILED: the driver's reason. */
  readonly failureReason?: string;
  /**
   * Time of the last job event that moved the order (a status or a driver change). A job event
   * older than this describes a past the order has already left behind, e.g. the assignment of a
   * driver who has since given the job back.
   */
  readonly lastJobEventAt?: string;
}

export class RestrictedMedicineError extends RuleViolation {
  constructor(indexes: readonly number[]) {
    super(
      'RESTRICTED_MEDICINE',
      'Narcotic and psychotropic medicines cannot be delivered (BPOM regulation 8/2020); hand them over at the pharmacy',
      indexes.map((i) => ({ path: `items.${i}.category`, message: 'narcotic or psychotropic' })),
    );
  }
}

export class DuplicatePrescriptionError extends ConflictError {
  constructor() {
    super('DUPLICATE_PRESCRIPTION', 'This facility already registered an order for this prescription number', [
      { path: 'prescriptionNo', message: 'already registered' },
    ]);
  }
}

export function assertDeliverable(items: RegisterMedicineOrder['items']): void {
  const restricted = items.flatMap((item, index) => (RESTRICTED_CATEGORIES.has(item.category) ? [index] : []));
  if (restricted.length > 0) throw new RestrictedMedicineError(restricted);
}

/** What the tracking link looks up: the order, its facility, and where its driver is, if asked. */
export interface TrackedMedicineOrder {
  readonly order: MedicineOrder;
  /** The pharmacy is a public place: its point is shown on the map. */
  readonly facility: { readonly location: Location };
  /** The assigned driver's last reported position, while the driver holds this order's job. */
  readonly driverPosition?: DriverPosition;
}

/**
 * Public tracking: status and times, the facility and its point, the destination only as its
 * kecamatan and that kecamatan's centre, the driver's first name and vehicle once assigned, and
 * the driver's last position while the package is on its way (PICKED_UP). Anyone holding the link
 * sees it: no patient name, NIK, phone, address or point, no medicines, no driver surname or phone.
 */
export function trackingView({ order, facility, driverPosition }: TrackedMedicineOrder, now: Date) {
  const kecamatan = order.patient.address.kecamatan;
  return {
    status: order.status,
    facilityName: order.facilityName,
    driverFirstName: order.driverFirstName ?? null,
    timeline: order.timeline,
    updatedAt: order.updatedAt,
    facility: { name: order.facilityName, location: { lat: facility.location.lat, lng: facility.location.lng } },
    destination: { kecamatan, center: kecamatanCentre(kecamatan) },
    driver: order.driver ? { firstName: order.driver.firstName, vehiclePlate: order.driver.vehiclePlate, vehicleType: order.driver.vehicleType } : null,
    driverPosition: DRIVER_POSITION_SHOWN_WHILE.MEDICINE.has(order.status) ? driverPositionView(driverPosition, now) : null,
  };
}

/**
 * The family's tracking page in the web app, the link the pharmacy hands over. Absolute on the
 * app's origin when the deployment names it (`appUrl`, from GANCANG_APP_URL); without it a path
 * relative to the origin that served the response, which is the app's origin both locally and
 * behind CloudFront: always there, so a client never has to build the link itself.
 */
export const trackingUrl = (trackingToken: string, appUrl: string | undefined): string => `${appUrl ?? ''}/track/${trackingToken}`;

/** What the facility's pharmacy (and admins) see. */
export function pharmacyView(order: MedicineOrder, appUrl: string | undefined) {
  const { version: _version, createdBy: _createdBy, lastJobEventAt: _lastJobEventAt, ...view } = order;
  return { ...view, trackingUrl: trackingUrl(order.trackingToken, appUrl) };
}
