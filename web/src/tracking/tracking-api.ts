/**
 * The public tracking API as the page reads it: `GET /v1/track/{trackingToken}`, typed by the
 * generated OpenAPI types (a plain fetch: the page needs one call, not a client).
 */
import type { components } from '../../../openapi/gancang-api.ts';

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

export type TrackingResult =
  | { readonly kind: 'found'; readonly tracking: Tracking }
  /** Unknown or malformed token: nothing to follow. */
  | { readonly kind: 'not-found' }
  /** Offline, throttled or a server fault: try again later. */
  | { readonly kind: 'unreachable' };

export async function fetchTracking(trackingToken: string): Promise<TrackingResult> {
  let response: Response;
  try {
    response = await fetch(`/v1/track/${encodeURIComponent(trackingToken)}`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return { kind: 'unreachable' };
  }
  if (response.status === 404 || response.status === 400) return { kind: 'not-found' };
  if (!response.ok) return { kind: 'unreachable' };
  try {
    return { kind: 'found', tracking: (await response.json()) as Tracking };
  } catch {
    return { kind: 'unreachable' };
  }
}

/** Statuses after which nothing changes any more: the page stops refreshing. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['DELIVERED', 'RETURNED_TO_PHARMACY', 'CANCELLED']);

/** The way an order normally goes; the timeline shows the steps still ahead of it greyed out. */
export const USUAL_PATH: readonly OrderStatus[] = ['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED'];
