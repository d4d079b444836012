import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { haversineKm } from '#dispatch/domain/geo-cells';
import { fareIdr, PLATFORM_TARIFFS, platformTariffs, roadDistanceKm, roadDistanceTenths, tariffSchema, type Tariff } from '#kernel/fares';

/** The fare by exact integer arithmetic: max(minimum, flag fall + ⌈per km × tenths ÷ 10⌉). */
function exactFare(tariff: Tariff, tenths: number): number {
  const perKmPart = (BigInt(tariff.perKmIdr) * BigInt(tenths) + 9n) / 10n;
  const fare = BigInt(tariff.flagFallIdr) + perKmPart;
  return Number(fare > BigInt(tariff.minimumFareIdr) ? fare : BigInt(tariff.minimumFareIdr));
}

/** Every tariff the registration schema accepts. */
const tariffs = fc.record({
  flagFallIdr: fc.integer({ min: 1, max: 1_000_000 }),
  perKmIdr: fc.integer({ min: 1, max: 100_000 }),
  minimumFareIdr: fc.integer({ min: 1, max: 1_000_000 }),
});
/** 0.0 to 300.0 km, as whole tenths. */
const tenths = fc.integer({ min: 0, max: 3_000 });

describe('fares', () => {
  const tariff = { flagFallIdr: 7_000, perKmIdr: 3_333, minimumFareIdr: 15_000 };

  it('charges the minimum for short trips and flag fall plus per-km beyond it', () => {
    expect(fareIdr(tariff, 1)).toBe(15_000);
    expect(fareIdr(tariff, 10)).toBe(40_330);
  });

  it('rounds the per-km part up to whole rupiah, never to fractions', () => {
    expect(fareIdr(tariff, 2.5)).toBe(15_333); // 7,000 + 8,332.5 → 15,333
    expect(Number.isInteger(fareIdr(PLATFORM_TARIFFS.CAR, 3.7))).toBe(true);
  });

  it('charges exactly what the tariff says when the rupiah are whole: Rp 6,500/km over 8.3 km is Rp 53,950', () => {
    // In floats 6,500 × 8.3 is 53,950.000000000007, which rounded up to Rp 53,951.
    expect(fareIdr({ flagFallIdr: 8_000, perKmIdr: 6_500, minimumFareIdr: 10_000 }, 8.3)).toBe(61_950);
  });

  it('equals exact integer arithmetic for every tariff and every distance', () => {
    fc.assert(
      fc.property(tariffs, tenths, (t, d) => {
        expect(tariffSchema.safeParse(t).success).toBe(true);
        expect(fareIdr(t, d / 10)).toBe(exactFare(t, d));
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses a distance that is not whole tenths of a km rather than price it', () => {
    expect(() => fareIdr(tariff, 8.33)).toThrow(RangeError);
    expect(() => fareIdr(tariff, -1)).toThrow(RangeError);
  });

  it('measures road distance as great-circle × 1.3, rounded up to 0.1 km once', () => {
    const town = { lat: -8.21861, lng: 114.36694 };
    const airport = { lat: -8.31, lng: 114.34028 };
    // 10.57 km as the crow flies × 1.3 = 13.74 km → 13.8 km
    expect(roadDistanceKm(town, airport)).toBe(13.8);
    expect(roadDistanceTenths(town, airport)).toBe(138);
    expect(roadDistanceKm(town, town)).toBe(0);
  });

  it('road distance is the smallest whole number of tenths at or above 1.3 × the great-circle distance', () => {
    const point = fc.record({ lat: fc.double({ min: -8.8, max: -7.9, noNaN: true }), lng: fc.double({ min: 113.8, max: 114.6, noNaN: true }) });
    fc.assert(
      fc.property(point, point, (from, to) => {
        const d = roadDistanceTenths(from, to);
        const road = haversineKm(from, to) * 13;
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(road);
        expect(d - 1).toBeLessThan(road);
        expect(roadDistanceKm(from, to)).toBe(d / 10);
      }),
    );
  });

  describe('the platform tariff source', () => {
    afterEach(() => {
      delete process.env.GANCANG_PLATFORM_TARIFFS;
    });

    it('is GANCANG_PLATFORM_TARIFFS when valid, the built-in tariffs when unset or invalid', () => {
      expect(platformTariffs()).toEqual(PLATFORM_TARIFFS);
      const custom = { MOTORBIKE: { flagFallIdr: 9_000, perKmIdr: 6_500, minimumFareIdr: 11_000 }, CAR: PLATFORM_TARIFFS.CAR };
      process.env.GANCANG_PLATFORM_TARIFFS = JSON.stringify(custom);
      expect(platformTariffs()).toEqual(custom);
      for (const invalid of ['{not json', JSON.stringify({ MOTORBIKE: { ...custom.MOTORBIKE, perKmIdr: 6_500.5 }, CAR: custom.CAR }), '{}']) {
        process.env.GANCANG_PLATFORM_TARIFFS = invalid;
        expect(platformTariffs()).toEqual(PLATFORM_TARIFFS);
      }
    });
  });
});
