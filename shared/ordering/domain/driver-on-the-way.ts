import type { DriverPosition } from '../../kernel/driver-positions.ts';
import type { FoodOrderStatus } from './food-order.ts';
import type { MedicineOrderStatus } from './medicine-order.ts';
import type { RideStatus } from './ride.ts';

/**
 * When each order kind shows its driver's last position, as a table: a package only once it is on
 * its way (before that the driver is nobody's concern but dispatch's); a passenger from the moment
 * a driver is coming to fetch them until the trip ends, since waiting at the kerb is when they look.
 */
export const DRIVER_POSITION_SHOWN_WHILE = {
  MEDICINE: new Set<MedicineOrderStatus>(['PICKED_UP']),
  FOOD: new Set<FoodOrderStatus>(['PICKED_UP']),
  RIDE: new Set<RideStatus>(['DRIVER_ASSIGNED', 'ON_TRIP']),
} as const;

/**
 * A position older than this is left out: a phone that stopped reporting would otherwise pin the
 * driver to a street corner left long ago. Ten minutes is twice the silence after which dispatch
 * counts a driver as stale (GANCANG_DRIVER_STALE_SECONDS, 5 minutes): a driver on the road through
 * a patch without signal still shows.
 */
export const DRIVER_POSITION_SHOWN_FOR_MS = 10 * 60_000;

/** What a response says of the driver's position: the point and when, or null (none, or too old). */
export function driverPositionView(position: DriverPosition | undefined, now: Date): { lat: number; lng: number; at: string } | null {
  if (!position || now.getTime() - Date.parse(position.at) > DRIVER_POSITION_SHOWN_FOR_MS) return null;
  return { lat: position.location.lat, lng: position.location.lng, at: position.at };
}
