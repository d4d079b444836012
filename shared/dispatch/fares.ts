import { haversineKm } from './geo-cells.ts';
import type { Location } from '../platform/service-area.ts';

/**
 * Trip distance and the platform's own tariff (Go-Jek vehicles). Distance is the great-circle
 * distance times a road factor of 1.3, rounded up to 0.1 km: Banyuwangi's roads follow the coast
 * and the valleys, and 1.3 is the usual factor for such networks. Fares are whole rupiah.
 */
export const ROAD_FACTOR = 1.3;

export const roadDistanceKm = (from: Location, to: Location): number => Math.ceil(haversineKm(from, to) * ROAD_FACTOR * 10) / 10;

export interface Tariff {
  readonly flagFallIdr: number;
  readonly perKmIdr: number;
  readonly minimumFareIdr: number;
}

/** `max(minimum, flag fall + per km × km)`, rounded up to whole rupiah. */
export const fareIdr = (tariff: Tariff, km: number): number =>
  Math.max(tariff.minimumFareIdr, Math.ceil(tariff.flagFallIdr + tariff.perKmIdr * km));

/**
 * The platform tariff for Go-Jek motorbikes and cars. The farthest medicine trip of the first
 * programme year (~40 km straight, ~52 km by road) comes to ~Rp 138,000 by motorbike, in line
 * with the ~Rp 140,000 the regency reported.
 */
export const PLATFORM_TARIFFS: Readonly<Record<'MOTORBIKE' | 'CAR', Tariff>> = {
  MOTORBIKE: { flagFallIdr: 8_000, perKmIdr: 2_500, minimumFareIdr: 10_000 },
  CAR: { flagFallIdr: 12_000, perKmIdr: 4_000, minimumFareIdr: 20_000 },
};
