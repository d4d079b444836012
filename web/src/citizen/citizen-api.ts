/**
 * A citizen's own food order and ride as their pages read them: `GET /v1/food-orders/{orderId}`
 * and `GET /v1/rides/{rideId}` with the signed-in person's token, typed by the generated OpenAPI
 * types. Another citizen's order is a 404 like an unknown one: the page says the same for both.
 */
import type { components } from '../../../openapi/gancang-api.ts';
import type { Fetched } from '../fetched.ts';
import type { JourneyShape } from '../tracking/timeline.ts';

export type FoodOrder = components['schemas']['FoodOrderWithDriverPosition'];
export type FoodOrderStatus = FoodOrder['status'];
export type Ride = components['schemas']['RideWithDriverPosition'];
export type RideStatus = Ride['status'];

async function read<T>(token: string, path: string): Promise<Fetched<T>> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return { kind: 'unreachable' };
  }
  if (response.status === 401) return { kind: 'signed-out' };
  if (response.status === 404 || response.status === 400 || response.status === 403) return { kind: 'not-found' };
  if (!response.ok) return { kind: 'unreachable' };
  try {
    return { kind: 'found', value: (await response.json()) as T };
  } catch {
    return { kind: 'unreachable' };
  }
}

export const fetchFoodOrder = (token: string, orderId: string) => read<FoodOrder>(token, `/v1/food-orders/${encodeURIComponent(orderId)}`);

export const fetchRide = (token: string, rideId: string) => read<Ride>(token, `/v1/rides/${encodeURIComponent(rideId)}`);

/** A food order's usual way (the merchant's READY may come before or after the courier) and where it ends. */
export const FOOD_JOURNEY: JourneyShape<FoodOrderStatus> = {
  usualPath: ['PLACED', 'ACCEPTED', 'READY', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED'],
  finalStatuses: new Set(['DELIVERED', 'DELIVERY_FAILED', 'REJECTED', 'CANCELLED']),
};

/** A ride's usual way and where it ends. */
export const RIDE_JOURNEY: JourneyShape<RideStatus> = {
  usualPath: ['SEARCHING', 'DRIVER_ASSIGNED', 'ON_TRIP', 'COMPLETED'],
  finalStatuses: new Set(['COMPLETED', 'CANCELLED', 'NO_DRIVER_FOUND', 'FAILED']),
};
