import type { Location } from '../platform/service-area.ts';

/**
 * Great-circle distance, shared by dispatch (ranking drivers, the geo index's bounds) and fares
 * (ordering's prices): one formula, so a fare and a match agree on how far a place is.
 */

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

export const RAD = Math.PI / 180;

/** Central-angle haversine term from a point given in radians (with its cosine) to one in degrees. */
export function havFrom(lat1Rad: number, lng1Rad: number, cosLat1: number, lat2Deg: number, lng2Deg: number): number {
  const lat2Rad = lat2Deg * RAD;
  const sinHalfDLat = Math.sin((lat2Rad - lat1Rad) / 2);
  const sinHalfDLng = Math.sin((lng2Deg * RAD - lng1Rad) / 2);
  return sinHalfDLat * sinHalfDLat + cosLat1 * Math.cos(lat2Rad) * sinHalfDLng * sinHalfDLng;
}

export const kmFromHav = (hav: number): number => 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, hav)));

/**
 * Great-circle distance in km (haversine, spherical Earth; within 0.5 % of the ellipsoid).
 * Dispatch ranks drivers by `haversineKm(pickup, driver)`; fares use the same function.
 */
export function haversineKm(from: Location, to: Location): number {
  const lat1Rad = from.lat * RAD;
  return kmFromHav(havFrom(lat1Rad, from.lng * RAD, Math.cos(lat1Rad), to.lat, to.lng));
}
