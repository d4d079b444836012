/**
 * The public tracking API as the page reads it: `GET /v1/track/{trackingToken}`, typed by the
 * generated OpenAPI types (a plain fetch: the page needs one call, not a client).
 */
import type { components } from '../../../openapi/gancang-api.ts';
import type { Fetched } from '../fetched.ts';
import type { JourneyShape } from './timeline.ts';

type Position = { lat: number; lng: number };

/**
 * Fields agreed for the tracking response that a server may not send yet: the page shows them
 * when present and falls back to `facilityName` / `driverFirstName` otherwise. Once the generated
 * type carries them, the intersection simply agrees with it.
 */
interface AgreedTrackingFields {
  facility?: { name: string; location: Position };
  destination?: { kecamatan: string; center: Position };
  driver?: { firstName: string; vehiclePlate: string; vehicleType: VehicleType } | null;
  driverPosition?: (Position & { at: string }) | null;
}

export type Tracking = components['schemas']['Tracking'] & AgreedTrackingFields;
export type OrderStatus = Tracking['status'];
export type VehicleType = components['schemas']['Driver']['vehicle']['type'];

/** Unknown or malformed token: not-found; offline, throttled or a server fault: unreachable. */
export async function fetchTracking(trackingToken: string): Promise<Fetched<Tracking>> {
  let response: Response;
  try {
    response = await fetch(`/v1/track/${encodeURIComponent(trackingToken)}`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return { kind: 'unreachable' };
  }
  if (response.status === 404 || response.status === 400) return { kind: 'not-found' };
  if (!response.ok) return { kind: 'unreachable' };
  try {
    return { kind: 'found', value: (await response.json()) as Tracking };
  } catch {
    return { kind: 'unreachable' };
  }
}

/** A medicine delivery's way, and where it ends (the page stops refreshing there). */
export const MEDICINE_JOURNEY: JourneyShape<OrderStatus> = {
  usualPath: ['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED'],
  finalStatuses: new Set(['DELIVERED', 'RETURNED_TO_PHARMACY', 'CANCELLED']),
};
