import { describe, expect, it } from 'vitest';
import { fareIdr, PLATFORM_TARIFFS, roadDistanceKm } from '#dispatch/fares';

describe('fares', () => {
  const tariff = { flagFallIdr: 7_000, perKmIdr: 3_333, minimumFareIdr: 15_000 };

  it('charges the minimum for short trips and flag fall plus per-km beyond it', () => {
    expect(fareIdr(tariff, 1)).toBe(15_000);
    expect(fareIdr(tariff, 10)).toBe(40_330);
  });

  it('rounds up to whole rupiah, never to fractions', () => {
    expect(fareIdr(tariff, 2.5)).toBe(15_333); // 7,000 + 8,332.5 → 15,333
    expect(Number.isInteger(fareIdr(PLATFORM_TARIFFS.CAR, 3.7))).toBe(true);
  });

  it('measures road distance as great-circle × 1.3, rounded up to 0.1 km', () => {
    const town = { lat: -8.21861, lng: 114.36694 };
    const airport = { lat: -8.31, lng: 114.34028 };
    // 10.57 km as the crow flies × 1.3 = 13.74 km → 13.8 km
    expect(roadDistanceKm(town, airport)).toBe(13.8);
    expect(roadDistanceKm(town, town)).toBe(0);
  });
});
