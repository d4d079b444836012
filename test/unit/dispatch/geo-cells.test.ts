import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISPATCH_GRID, DistanceFrom, GeoGrid, haversineKm, type GeoCell } from '#dispatch/domain/geo-cells';
import { SERVICE_AREA } from '#platform/service-area';
import { PLACES } from './matching-fixtures.ts';

const GRIDS = [DISPATCH_GRID, new GeoGrid(100), new GeoGrid(7)];

/** Points in the service area, plus a margin so that rings reach past its edge. */
const point = fc.record({
  lat: fc.double({ min: SERVICE_AREA.minLat - 0.3, max: SERVICE_AREA.maxLat + 0.3, noNaN: true }),
  lng: fc.double({ min: SERVICE_AREA.minLng - 0.3, max: SERVICE_AREA.maxLng + 0.3, noNaN: true }),
});
/** Points exactly on cell corners and edges of the dispatch grid, where rounding bites. */
const gridLinePoint = fc.record({
  row: fc.integer({ min: -440, max: -394 }),
  col: fc.integer({ min: 5691, max: 5731 }),
  dLat: fc.constantFrom(0, 0.5, 1e-12, -1e-12),
  dLng: fc.constantFrom(0, 0.5, 1e-12, -1e-12),
}).map(({ row, col, dLat, dLng }) => ({ lat: (row + dLat) / 50, lng: (col + dLng) / 50 }));
const anyPoint = fc.oneof(point, gridLinePoint);
/** A second point within ~60 km of the first. */
const nearby = (p: { lat: number; lng: number }) =>
  fc.record({ dLat: fc.double({ min: -0.55, max: 0.55, noNaN: true }), dLng: fc.double({ min: -0.55, max: 0.55, noNaN: true }) }).map(({ dLat, dLng }) => ({
    lat: p.lat + dLat,
    lng: p.lng + dLng,
  }));
const pointPair = anyPoint.chain((p) => fc.tuple(fc.constant(p), fc.oneof(nearby(p), anyPoint)));
const chebyshev = (a: GeoCell, b: GeoCell) => Math.max(Math.abs(a.row - b.row), Math.abs(a.col - b.col));

describe('haversine distance', () => {
  it('puts RSUD Blambangan 28.30 km from RSUD Genteng as the crow flies', () => {
    // Cross-checked with the spherical law of cosines: 28.3037 km.
    expect(haversineKm(PLACES.rsudBlambangan, PLACES.rsudGenteng)).toBeCloseTo(28.3037, 3);
  });

  it('puts the town centre 9.24 km from Stasiun Ketapang', () => {
    expect(haversineKm(PLACES.townCentre, PLACES.stasiunKetapang)).toBeCloseTo(9.2396, 3);
  });

  it('makes one degree along a meridian 111.195 km, and a point 0 km from itself', () => {
    expect(haversineKm({ lat: -8, lng: 114 }, { lat: -9, lng: 114 })).toBeCloseTo(111.195, 3);
    expect(haversineKm(PLACES.rsudGenteng, PLACES.rsudGenteng)).toBe(0);
  });

  it('is symmetric and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(anyPoint, anyPoint, anyPoint, (a, b, c) => {
        expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 9);
        expect(haversineKm(a, c)).toBeLessThanOrEqual(haversineKm(a, b) + haversineKm(b, c) + 1e-9);
      }),
    );
  });

  it('gives bit-for-bit the same figure from a precomputed origin, so the search ranks as brute force does', () => {
    fc.assert(fc.property(pointPair, ([a, b]) => new DistanceFrom(a).km(b) === haversineKm(a, b)));
  });
});

describe('geo cells', () => {
  it('uses 0.02° cells for dispatch: about 2.2 km square in Banyuwangi, keyed with their resolution', () => {
    const size = DISPATCH_GRID.cellSizeKm(-8.3);
    expect(size.northSouthKm).toBeCloseTo(2.224, 3);
    expect(size.eastWestKm).toBeCloseTo(2.2, 2);
    const cell = DISPATCH_GRID.cellOf(PLACES.townCentre);
    expect(DISPATCH_GRID.key(cell)).toBe('g50:-411:5718');
    expect(DISPATCH_GRID.cellFromKey('g50:-411:5718')).toEqual(cell);
  });

  it('refuses keys of another grid and malformed resolutions', () => {
    expect(() => DISPATCH_GRID.cellFromKey('g100:-822:11436')).toThrow(RangeError);
    expect(() => DISPATCH_GRID.cellFromKey('-411:5718')).toThrow(RangeError);
    expect(() => new GeoGrid(0.5)).toThrow(RangeError);
  });

  it.each(GRIDS.map((g) => [g.cellsPerDegree, g] as const))('puts every point inside the bounds of its own cell (%i per degree)', (_, grid) => {
    fc.assert(
      fc.property(anyPoint, (p) => {
        const b = grid.bounds(grid.cellOf(p));
        expect(p.lat).toBeGreaterThanOrEqual(b.minLat - 1e-12);
        expect(p.lat).toBeLessThanOrEqual(b.maxLat + 1e-12);
        expect(p.lng).toBeGreaterThanOrEqual(b.minLng - 1e-12);
        expect(p.lng).toBeLessThanOrEqual(b.maxLng + 1e-12);
        expect(grid.cellFromKey(grid.key(grid.cellOf(p)))).toEqual(grid.cellOf(p));
      }),
    );
  });

  it('makes ring 0 the cell itself and ring k the 8k distinct cells at Chebyshev distance exactly k', () => {
    fc.assert(
      fc.property(point, fc.integer({ min: 0, max: 25 }), (p, k) => {
        const center = DISPATCH_GRID.cellOf(p);
        const ring = DISPATCH_GRID.ring(center, k);
        expect(ring).toHaveLength(k === 0 ? 1 : 8 * k);
        expect(new Set(ring.map((c) => DISPATCH_GRID.key(c))).size).toBe(ring.length);
        for (const cell of ring) expect(chebyshev(cell, center)).toBe(k);
        if (k === 0) expect(ring).toEqual([center]);
      }),
    );
  });

  it('covers the (2k+1)² square with rings 0…k, each cell once', () => {
    const center = DISPATCH_GRID.cellOf(PLACES.rsudGenteng);
    const keys = [0, 1, 2, 3].flatMap((k) => DISPATCH_GRID.ring(center, k)).map((c) => DISPATCH_GRID.key(c));
    expect(new Set(keys).size).toBe(49);
  });

  it.each(GRIDS.map((g) => [g.cellsPerDegree, g] as const))(
    'bounds from below the distance to any point of a cell or of a ring (%i per degree)',
    (_, grid) => {
      fc.assert(
        fc.property(pointPair, ([p, q]) => {
          const distance = haversineKm(p, q);
          const cellOfQ = grid.cellOf(q);
          const k = chebyshev(grid.cellOf(p), cellOfQ);
          expect(grid.ring(grid.cellOf(p), k).map((c) => grid.key(c))).toContain(grid.key(cellOfQ));
          expect(grid.cellLowerBoundKm(p, cellOfQ)).toBeLessThanOrEqual(distance);
          expect(grid.ringLowerBoundKm(p, k)).toBeLessThanOrEqual(distance);
          expect(grid.ringLowerBoundKm(p, k)).toBeLessThanOrEqual(grid.cellLowerBoundKm(p, cellOfQ) + 1e-9);
        }),
        { numRuns: 500 },
      );
    },
  );

  it('keeps the ring bound tight enough to stop: ring k is at least k − 1 cells away', () => {
    fc.assert(
      fc.property(point, fc.integer({ min: 1, max: 20 }), (p, k) => {
        const cellKm = DISPATCH_GRID.cellSizeKm(p.lat).eastWestKm;
        expect(DISPATCH_GRID.ringLowerBoundKm(p, k)).toBeGreaterThanOrEqual((k - 1) * cellKm * 0.99);
        expect(DISPATCH_GRID.ringLowerBoundKm(p, 0)).toBe(0);
        expect(DISPATCH_GRID.cellLowerBoundKm(p, DISPATCH_GRID.cellOf(p))).toBe(0);
      }),
    );
  });

  it('draws a lat/lng box around a point that holds every point within the distance', () => {
    fc.assert(
      fc.property(pointPair, fc.double({ min: 0, max: 60, noNaN: true }), ([p, q], km) => {
        const box = new DistanceFrom(p).boxDegrees(km);
        if (haversineKm(p, q) <= km) {
          expect(Math.abs(q.lat - p.lat)).toBeLessThanOrEqual(box.lat);
          expect(Math.abs(q.lng - p.lng)).toBeLessThanOrEqual(box.lng);
        }
      }),
      { numRuns: 500 },
    );
  });
});
