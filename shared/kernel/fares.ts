import * as z from 'zod';
import { haversineKm } from './great-circle.ts';
import { jsonSetting } from '../platform/env.ts';
import { logger } from '../platform/logger.ts';
import type { Location } from '../platform/service-area.ts';

/**
 * Trip distance and tariffs, shared by every context that prices a trip: rides, food delivery
 * fees (ordering) and medicine trips (dispatch). Money is whole rupiah and distance is whole
 * tenths of a km, so every step after the one rounding of the distance is integer arithmetic:
 * a float product such as 6,500 × 8.3 = 53,950.000000000007 would otherwise round up a rupiah.
 */

/**
 * Banyuwangi's roads follow the coast and the valleys; 1.3 × the great-circle distance is the
 * usual factor for such networks. 1.3 km per km is 13 tenths of a km per km.
 */
export const ROAD_FACTOR = 1.3;
const ROAD_TENTHS_PER_KM = 13;

/**
 * Road distance in whole tenths of a km: the great-circle distance × 1.3, rounded up to the next
 * tenth, once (`ceil(km × 13)`).
 */
export const roadDistanceTenths = (from: Location, to: Location): number => Math.ceil(haversineKm(from, to) * ROAD_TENTHS_PER_KM);

/** The same distance in km as orders and quotes show it: always a whole number of tenths (8.3). */
export const roadDistanceKm = (from: Location, to: Location): number => roadDistanceTenths(from, to) / 10;

/** Whole rupiah, positive, and bounded so that no typo prices a trip at millions. */
const rupiah = (max: number) => z.number().int('must be whole rupiah').positive('must be more than 0').max(max);

export const tariffSchema = z.strictObject({
  flagFallIdr: rupiah(1_000_000),
  perKmIdr: rupiah(100_000),
  minimumFareIdr: rupiah(1_000_000),
});

export type Tariff = z.infer<typeof tariffSchema>;

/**
 * The tenths in a distance given in km. Distances are made by roadDistanceKm (whole tenths), so
 * this only undoes the division by 10; anything finer is a caller's mistake, not a fare.
 */
export function tenthsOfKm(km: number): number {
  const tenths = Math.round(km * 10);
  if (!Number.isFinite(km) || km < 0 || Math.abs(tenths - km * 10) > 1e-6) throw new RangeError(`${km} km is not a whole number of tenths of a km`);
  return tenths;
}

/**
 * `max(minimum, flag fall + ⌈per km × tenths ÷ 10⌉)`: the per-km part is rounded up to whole
 * rupiah, once, in integers.
 */
export function fareIdr(tariff: Tariff, distanceKm: number): number {
  const perKmTimesTenths = tariff.perKmIdr * tenthsOfKm(distanceKm);
  const remainder = perKmTimesTenths % 10;
  const distancePart = (perKmTimesTenths - remainder) / 10 + (remainder > 0 ? 1 : 0);
  return Math.max(tariff.minimumFareIdr, tariff.flagFallIdr + distancePart);
}

export type PlatformVehicle = 'MOTORBIKE' | 'CAR';
export type PlatformTariffs = Readonly<Record<PlatformVehicle, Tariff>>;

/**
 * The platform tariff for Go-Jek motorbikes and cars. The farthest medicine trip of the first
 * programme year (~40 km straight, ~52 km by road) comes to ~Rp 138,000 by motorbike, in line
 * with the ~Rp 140,000 the regency reported.
 */
export const PLATFORM_TARIFFS: PlatformTariffs = {
  MOTORBIKE: { flagFallIdr: 8_000, perKmIdr: 2_500, minimumFareIdr: 10_000 },
  CAR: { flagFallIdr: 12_000, perKmIdr: 4_000, minimumFareIdr: 20_000 },
};

const platformTariffsSchema = z.strictObject({ MOTORBIKE: tariffSchema, CAR: tariffSchema });

/**
 * The one source of the platform tariff for rides, food delivery fees and medicine trips:
 * `PLATFORM_TARIFFS`, unless `GANCANG_PLATFORM_TARIFFS` holds JSON such as
 * `{"MOTORBIKE":{"flagFallIdr":8000,"perKmIdr":2500,"minimumFareIdr":10000},"CAR":{…}}`.
 * An invalid value is logged and ignored rather than failing every quote and order.
 */
export function platformTariffs(): PlatformTariffs {
  const setting = jsonSetting('GANCANG_PLATFORM_TARIFFS', platformTariffsSchema, PLATFORM_TARIFFS);
  if (setting.invalid) logger.warn('GANCANG_PLATFORM_TARIFFS is not a valid tariff table; using the built-in platform tariffs');
  return setting.value;
}
