import * as z from 'zod';
import { InvalidTransitionError, RuleViolation } from '../../platform/errors.ts';
import { addressSchema, boundedText, locationSchema, nameSchema, phoneSchema } from '../../platform/schemas.ts';
import type { Location } from '../../platform/service-area.ts';
import type { DriverPosition } from '../../kernel/driver-positions.ts';
import type { Tariff } from '../../kernel/fares.ts';
import type { CancelRefusal, PendingCancellation } from './cancellation.ts';
import { DRIVER_POSITION_SHOWN_WHILE, driverPositionView } from './driver-on-the-way.ts';

/** A citizen's ride: a Go-Jek motorbike or car, or a partner taxi at its company's tariff. */
export const RIDE_STATUSES = ['SEARCHING', 'DRIVER_ASSIGNED', 'ON_TRIP', 'COMPLETED', 'CANCELLED', 'NO_DRIVER_FOUND', 'FAILED'] as const;
export type RideStatus = (typeof RIDE_STATUSES)[number];

export const RIDE_VEHICLE_TYPES = ['MOTORBIKE', 'CAR', 'TAXI'] as const;
export type RideVehicleType = (typeof RIDE_VEHICLE_TYPES)[number];

/** Who may cause a transition: the citizen who booked it, or dispatch following the trip. */
type Actor = 'citizen' | 'dispatch';

/**
 * The lifecycle as a table: from → to → who may do it; anything else is a 409. The citizen may
 * cancel until the trip starts. A driver who gives the ride back before pickup puts it back to
 * SEARCHING. FAILED: the driver reported the trip failed after pickup (dispatch's
 * DELIVERY_FAILED); it ends the ride unpaid and outside the company's report.
 */
export const RIDE_TRANSITIONS: Readonly<Record<RideStatus, Readonly<Partial<Record<RideStatus, Actor>>>>> = {
  // A ride is in dispatch from its booking: the citizen's cancel is a request that dispatch's
  // JOB_WITHDRAWN confirms (see cancellation.ts).
  SEARCHING: { DRIVER_ASSIGNED: 'dispatch', NO_DRIVER_FOUND: 'dispatch', CANCELLED: 'dispatch' },
  DRIVER_ASSIGNED: { ON_TRIP: 'dispatch', SEARCHING: 'dispatch', CANCELLED: 'dispatch' },
  ON_TRIP: { COMPLETED: 'dispatch', FAILED: 'dispatch' },
  COMPLETED: {},
  CANCELLED: {},
  NO_DRIVER_FOUND: {},
  FAILED: {},
};

export function assertRideTransition(from: RideStatus, to: RideStatus, actor: Actor): void {
  if (RIDE_TRANSITIONS[from][to] !== actor) throw new InvalidTransitionError('The ride', from, to);
}

const placeSchema = z.strictObject({ location: locationSchema, address: addressSchema });

/** A quote takes a bare point, or the place as booked, so a client can send the same pickup to both. */
const quotePlaceSchema = z.union([locationSchema, placeSchema]);

export const quoteRideSchema = z.strictObject({
  pickup: quotePlaceSchema,
  dropoff: quotePlaceSchema,
  vehicleType: z.enum(RIDE_VEHICLE_TYPES),
});
export type QuoteRide = z.infer<typeof quoteRideSchema>;

/** Where a quote's place lies: the point itself, or the location of a booked place. */
export const quotedPoint = (place: QuoteRide['pickup']): Location => ('location' in place ? place.location : place);

export const bookRideSchema = z.strictObject({
  pickup: placeSchema,
  dropoff: placeSchema,
  vehicleType: z.enum(RIDE_VEHICLE_TYPES),
  /** Who the driver picks up; without it the driver sees only the places. */
  passenger: z.strictObject({ name: nameSchema, phone: phoneSchema }).optional(),
});
export type BookRide = z.infer<typeof bookRideSchema>;

export const cancelRideSchema = z.strictObject({ reason: boundedText(200).optional() });

export interface Quote {
  readonly vehicleType: RideVehicleType;
  readonly distanceKm: number;
  readonly fareIdr: number;
  readonly tariff: Tariff;
  /** TAXI: the company whose tariff priced the trip (that of the nearest available partner taxi). */
  readonly companyId?: string;
  readonly companyName?: string;
}

export interface RidePlace {
  readonly location: Location;
  readonly address: BookRide['pickup']['address'];
}

/** What the citizen sees of the assigned driver. */
export interface RideDriver {
  readonly driverId: string;
  readonly firstName: string;
  readonly vehiclePlate: string;
  readonly vehicleType: string;
  readonly companyId?: string;
  readonly companyName?: string;
  readonly assignedAt: string;
}

export interface Ride {
  /** `rd_<ulid>`. */
  readonly rideId: string;
  /** The citizen's subject: only they (and admins) read or cancel it. */
  readonly citizenSub: string;
  readonly status: RideStatus;
  readonly version: number;
  readonly vehicleType: RideVehicleType;
  readonly pickup: RidePlace;
  readonly dropoff: RidePlace;
  readonly passenger?: BookRide['passenger'];
  /** Fixed at booking: the ride keeps the fare it was quoted, whatever happens to tariffs later. */
  readonly fareIdr: number;
  readonly distanceKm: number;
  readonly tariff: Tariff;
  readonly companyId?: string;
  readonly companyName?: string;
  readonly driver?: RideDriver;
  readonly timeline: readonly { readonly status: RideStatus; readonly at: string }[];
  readonly cancelReason?: string;
  /** A cancellation asked of dispatch and not yet answered (see cancellation.ts). */
  readonly cancellation?: PendingCancellation;
  readonly cancelRefused?: CancelRefusal;
  readonly failureReason?: string;
  /** COMPLETED: when the driver dropped the passenger off (WIB); the report counts rides by it. */
  readonly completedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Time of the last job event that moved the ride (see follow-job.ts for why). */
  readonly lastJobEventAt?: string;
}

export class NoVehicleAvailableError extends RuleViolation {
  constructor() {
    super('NO_VEHICLE_AVAILABLE', 'No partner taxi is available near the pickup point right now; try again shortly or choose another vehicle type', [
      { path: 'vehicleType', message: 'no TAXI available near the pickup' },
    ]);
  }
}

export class SamePlaceError extends RuleViolation {
  constructor() {
    super('SAME_PICKUP_AND_DROPOFF', 'The pickup and the drop-off are the same place', [{ path: 'dropoff', message: 'must differ from the pickup' }]);
  }
}

/**
 * The citizen's own page of the ride in the web app. Absolute on the app's origin when the
 * deployment names it (`appUrl`, from GANCANG_APP_URL), else relative to the origin that served
 * the response, as a medicine order's tracking link is (medicine-order.ts).
 */
export const rideUrl = (rideId: string, appUrl: string | undefined): string => `${appUrl ?? ''}/rides/${rideId}`;

/** What the citizen (and admins) see of a ride. */
export function rideView(ride: Ride, appUrl: string | undefined) {
  const { version: _version, citizenSub: _citizenSub, lastJobEventAt: _lastJobEventAt, driver, ...rest } = ride;
  return {
    ...rest,
    driver: driver
      ? {
          firstName: driver.firstName,
          vehiclePlate: driver.vehiclePlate,
          vehicleType: driver.vehicleType,
          ...(driver.companyId ? { companyId: driver.companyId } : {}),
          ...(driver.companyName ? { companyName: driver.companyName } : {}),
        }
      : null,
    trackingUrl: rideUrl(ride.rideId, appUrl),
  };
}

/** One ride as its page follows it: with its driver's last position from assignment to the end of the trip. */
export interface FollowedRide {
  readonly ride: Ride;
  /** The assigned driver's last reported position, while the driver holds this ride's job. */
  readonly driverPosition?: DriverPosition;
}

export function followedRideView({ ride, driverPosition }: FollowedRide, appUrl: string | undefined, now: Date) {
  return {
    ...rideView(ride, appUrl),
    driverPosition: DRIVER_POSITION_SHOWN_WHILE.RIDE.has(ride.status) ? driverPositionView(driverPosition, now) : null,
  };
}
