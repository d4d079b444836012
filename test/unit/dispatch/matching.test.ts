import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ineligibilityReason, type DriverSnapshot, type MatchJob } from '#dispatch/domain/eligibility';
import { DISPATCH_GRID, GeoGrid, haversineKm } from '#dispatch/domain/geo-cells';
import { InMemoryDriverIndex } from '#dispatch/adapters/in-memory-driver-index';
import { bruteForceNearest, findNearest, findNearestAsync, type MatchOptions, type MatchResult } from '#dispatch/domain/matching';
import { driver, east, medicineJob, north, NOW, PLACES, taxiRide } from './matching-fixtures.ts';

const indexOf = (...drivers: DriverSnapshot[]) => new InMemoryDriverIndex(DISPATCH_GRID, drivers);
const chosenId = (result: MatchResult) => result.chosen?.driver.driverId;

describe('findNearest', () => {
  it('offers the job to the nearest eligible driver and records whom it passed over, and why', () => {
    const pickup = PLACES.rsudBlambangan;
    const result = findNearest(
      medicineJob(),
      indexOf(
        driver({ driverId: 'drv_far', location: east(pickup, 3) }),
        driver({ driverId: 'drv_near', location: east(pickup, 1.2) }),
        driver({ driverId: 'drv_untrained', location: north(pickup, 0.3), medicineTrained: false }),
        driver({ driverId: 'drv_busy', location: east(pickup, -0.8), activeJobId: 'job_other' }),
        driver({ driverId: 'drv_beyond', location: east(pickup, 5), medicineTrained: false }),
      ),
      NOW,
    );
    expect(chosenId(result)).toBe('drv_near');
    expect(result.chosen?.distanceKm).toBeCloseTo(1.2, 3);
    expect(result.candidates.map((c) => [c.driverId, c.verdict])).toEqual([
      ['drv_untrained', 'NOT_MEDICINE_TRAINED'],
      ['drv_busy', 'BUSY'],
      ['drv_near', 'CHOSEN'],
    ]);
  });

  it('finds a nearer driver across the cell edge before a farther one in the pickup’s own cell', () => {
    const cell = DISPATCH_GRID.cellOf(PLACES.townCentre);
    const edge = DISPATCH_GRID.bounds(cell).maxLng;
    const pickup = { lat: PLACES.townCentre.lat, lng: edge - 0.0005 }; // 55 m inside the cell's east edge
    const result = findNearest(
      medicineJob({ pickup: { location: pickup } }),
      indexOf(
        driver({ driverId: 'drv_same_cell', location: east(pickup, -1) }),
        driver({ driverId: 'drv_next_cell', location: east(pickup, 0.2) }),
      ),
      NOW,
    );
    expect(DISPATCH_GRID.cellOf(result.chosen!.driver.location)).not.toEqual(cell);
    expect(chosenId(result)).toBe('drv_next_cell');
  });

  it('breaks a tie in distance by driverId, the same way every time', () => {
    const spot = north(PLACES.rsudBlambangan, 0.5);
    const drivers = ['drv_m', 'drv_c', 'drv_x'].map((driverId) => driver({ driverId, location: spot }));
    expect(chosenId(findNearest(medicineJob(), indexOf(...drivers), NOW))).toBe('drv_c');
    expect(chosenId(findNearest(medicineJob(), indexOf(...drivers.reverse()), NOW))).toBe('drv_c');
  });

  it('moves on to the next driver once the nearest declined or let the offer expire, and never back', () => {
    const index = indexOf(
      driver({ driverId: 'drv_1', location: east(PLACES.rsudBlambangan, 0.4) }),
      driver({ driverId: 'drv_2', location: east(PLACES.rsudBlambangan, 0.9) }),
    );
    expect(chosenId(findNearest(medicineJob(), index, NOW))).toBe('drv_1');
    const second = findNearest(medicineJob({ excludedDriverIds: new Set(['drv_1']) }), index, NOW);
    expect(chosenId(second)).toBe('drv_2');
    expect(second.candidates[0]).toMatchObject({ driverId: 'drv_1', verdict: 'DECLINED_OR_EXPIRED' });
    expect(chosenId(findNearest(medicineJob({ excludedDriverIds: new Set(['drv_1', 'drv_2']) }), index, NOW))).toBeUndefined();
  });

  it('skips a driver not seen for five minutes, or for the configured time', () => {
    const index = indexOf(
      driver({ driverId: 'drv_silent', location: east(PLACES.rsudBlambangan, 0.1), lastSeenAtMs: NOW.getTime() - 301_000 }),
      driver({ driverId: 'drv_fresh', location: east(PLACES.rsudBlambangan, 2), lastSeenAtMs: NOW.getTime() - 90_000 }),
    );
    expect(chosenId(findNearest(medicineJob(), index, NOW))).toBe('drv_fresh');
    expect(chosenId(findNearest(medicineJob(), index, NOW, { maxStalenessSeconds: 600 }))).toBe('drv_silent');
    expect(chosenId(findNearest(medicineJob(), index, NOW, { maxStalenessSeconds: 60 }))).toBeUndefined();
  });

  it('offers nobody beyond the radius (30 km unless configured)', () => {
    // RSUD Genteng is 28.3 km from RSUD Blambangan; Pesanggaran ~40 km.
    const genteng = driver({ driverId: 'drv_genteng', location: PLACES.rsudGenteng });
    expect(chosenId(findNearest(medicineJob(), indexOf(genteng), NOW))).toBe('drv_genteng');
    expect(chosenId(findNearest(medicineJob(), indexOf(genteng), NOW, { maxRadiusKm: 25 }))).toBeUndefined();
    const exactly = haversineKm(PLACES.rsudBlambangan, PLACES.rsudGenteng);
    expect(chosenId(findNearest(medicineJob(), indexOf(genteng), NOW, { maxRadiusKm: exactly }))).toBe('drv_genteng');
  });

  it('reports, when nobody fits, the nearest drivers in range with their reasons, as many as asked', () => {
    const pickup = PLACES.stasiunKetapang;
    const drivers = Array.from({ length: 30 }, (_, i) => driver({ driverId: `drv_${String(i).padStart(2, '0')}`, location: north(pickup, 0.1 * (i + 1)) }));
    const result = findNearest(taxiRide(), indexOf(...drivers), NOW, { maxAuditCandidates: 5 });
    expect(result.chosen).toBeUndefined();
    expect(result.candidates.map((c) => c.driverId)).toEqual(['drv_00', 'drv_01', 'drv_02', 'drv_03', 'drv_04']);
    expect(new Set(result.candidates.map((c) => c.verdict))).toEqual(new Set(['VEHICLE_TYPE_NOT_REQUESTED']));
  });

  it('reads only the cells it needs: one or a few near a driver, the disc of the radius when nobody is there', () => {
    const near = findNearest(medicineJob(), indexOf(driver({ location: north(PLACES.rsudBlambangan, 0.05) })), NOW);
    expect(near.cellsRead).toBeLessThanOrEqual(4);
    const empty = findNearest(medicineJob(), indexOf(), NOW, { maxRadiusKm: 5 });
    // Cells of 2.2 km: a 5 km disc touches at most a 7 × 7 square of them, and more than its 3 × 3 core.
    expect(empty.cellsRead).toBeGreaterThan(9);
    expect(empty.cellsRead).toBeLessThanOrEqual(49);
    expect(empty.ringsRead).toBeLessThanOrEqual(4);
  });

  it('follows a driver who moves: the index refiles them under the new cell', () => {
    const index = indexOf(driver({ driverId: 'drv_a', location: PLACES.rsudGenteng }));
    index.put(driver({ driverId: 'drv_a', location: north(PLACES.rsudBlambangan, 0.2) }));
    expect(index.size).toBe(1);
    expect(findNearest(medicineJob(), index, NOW).chosen?.distanceKm).toBeCloseTo(0.2, 3);
    index.remove('drv_a');
    expect(findNearest(medicineJob(), index, NOW).chosen).toBeUndefined();
  });

  it('refuses a radius that is not a positive number of km up to 200', () => {
    for (const maxRadiusKm of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 500]) {
      expect(() => findNearest(medicineJob(), indexOf(), NOW, { maxRadiusKm })).toThrow(RangeError);
    }
  });

  it('answers the same when the index is read asynchronously, a ring at a time', async () => {
    const index = indexOf(
      driver({ driverId: 'drv_1', location: east(PLACES.rsudBlambangan, 4) }),
      driver({ driverId: 'drv_2', location: north(PLACES.rsudBlambangan, -3), medicineTrained: false }),
    );
    const asyncIndex = { grid: index.grid, driversInCell: async (cell: Parameters<typeof index.driversInCell>[0]) => index.driversInCell(cell) };
    const result = await findNearestAsync(medicineJob(), asyncIndex, NOW);
    expect(chosenId(result)).toBe('drv_1');
    expect(result.candidates).toEqual(findNearest(medicineJob(), index, NOW).candidates);
  });
});

/*
 * Property: for any drivers, job, time and options, the ring search returns exactly what the
 * brute-force scan returns: the same driver at the same distance (bit for bit) and the same audit
 * candidates. Drivers and pickups mix continuous positions over the Banyuwangi–Genteng area with
 * shared spots (exact ties), grid corners and points mirrored across cell edges.
 */
const corner = { lat: -411 / 50, lng: 5718 / 50 };
const SPOTS = [
  PLACES.rsudBlambangan,
  PLACES.townCentre,
  corner,
  { lat: corner.lat + 0.003, lng: corner.lng },
  { lat: corner.lat - 0.003, lng: corner.lng },
  { lat: corner.lat, lng: corner.lng + 0.003 },
  { lat: corner.lat, lng: corner.lng - 0.003 },
  { lat: corner.lat + 1e-13, lng: corner.lng - 1e-13 },
  { lat: -8.3, lng: 114.3 },
  { lat: -8.3, lng: 114.28 },
  { lat: -8.3, lng: 114.32 },
];
const location = fc.oneof(
  { weight: 3, arbitrary: fc.record({ lat: fc.double({ min: -8.45, max: -8.1, noNaN: true }), lng: fc.double({ min: 114.1, max: 114.45, noNaN: true }) }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPOTS) },
);
const PROFILES: Pick<DriverSnapshot, 'vehicle' | 'fleet'>[] = [
  { vehicle: { type: 'MOTORBIKE' }, fleet: { kind: 'GOJEK' } },
  { vehicle: { type: 'CAR' }, fleet: { kind: 'GOJEK' } },
  { vehicle: { type: 'TAXI' }, fleet: { kind: 'PARTNER_TAXI', companyId: 'tc_osing' } },
  { vehicle: { type: 'TAXI' }, fleet: { kind: 'PARTNER_TAXI', companyId: 'tc_blambangan' } },
  { vehicle: { type: 'TAXI' }, fleet: { kind: 'GOJEK' } },
];

type Place = fc.Arbitrary<{ lat: number; lng: number }>;

const jobArb = (place: Place): fc.Arbitrary<MatchJob> =>
  fc
    .record({
      kind: fc.constantFrom('MEDICINE' as const, 'FOOD' as const, 'RIDE' as const),
      location: place,
      vehicleTypes: fc.subarray(['MOTORBIKE' as const, 'CAR' as const, 'TAXI' as const], { minLength: 1 }),
      fleet: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constantFrom('GOJEK' as const, 'PARTNER_TAXI' as const) }),
      companyId: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('tc_osing', 'tc_blambangan') }),
      medicineTrained: fc.boolean(),
    })
    .map((j) => ({
      kind: j.kind,
      pickup: { location: j.location },
      requirements: { vehicleTypes: j.vehicleTypes, fleet: j.fleet, companyId: j.companyId, medicineTrained: j.medicineTrained },
    }));

/**
 * Drivers for a job: most are made to fit it (profile, training, fresh, free), so that there is
 * a nearest eligible driver to find; the rest are anything at all, and fail some rule.
 */
const driversArb = (job: MatchJob, place: Place, maxLength: number): fc.Arbitrary<DriverSnapshot[]> => {
  const context = { nowMs: NOW.getTime(), maxStalenessSeconds: 300 };
  const fitting = PROFILES.filter(
    (profile) => ineligibilityReason({ ...driver(), ...profile, medicineTrained: true }, { ...job, excludedDriverIds: undefined }, context) === undefined,
  );
  const anyDriver = fc.record({
    profile: fc.constantFrom(...PROFILES),
    medicineTrained: fc.boolean(),
    secondsSinceSeen: fc.oneof(fc.integer({ min: -30, max: 900 }), fc.constantFrom(0, 60, 300, 301, 600)),
    available: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    busy: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  });
  const fittingDriver = fc.record({
    profile: fc.constantFrom(...(fitting.length > 0 ? fitting : PROFILES)),
    medicineTrained: fc.constant(true),
    secondsSinceSeen: fc.oneof(fc.integer({ min: -30, max: 300 }), fc.constantFrom(0, 60, 300)),
    available: fc.constant(true),
    busy: fc.constant(false),
  });
  return fc.uniqueArray(
    fc.record({
      driverId: fc.stringMatching(/^[a-cA-C0-9_]{1,4}$/),
      location: place,
      traits: fc.oneof({ weight: 3, arbitrary: fittingDriver }, { weight: 1, arbitrary: anyDriver }),
    }),
    { selector: (d) => d.driverId, maxLength },
  ).map((drivers) =>
    drivers.map(
      ({ driverId, location, traits }): DriverSnapshot => ({
        driverId,
        ...traits.profile,
        medicineTrained: traits.medicineTrained,
        location,
        lastSeenAtMs: NOW.getTime() - traits.secondsSinceSeen * 1000,
        available: traits.available,
        activeJobId: traits.busy ? 'job_other' : undefined,
      }),
    ),
  );
};

const optionsArb = (job: MatchJob, drivers: DriverSnapshot[], maxRadius: number): fc.Arbitrary<Partial<MatchOptions>> =>
  fc.record({
    // Sometimes exactly one driver's distance: the radius is inclusive, in both searches.
    maxRadiusKm: fc.oneof(
      fc.double({ min: 0.05, max: maxRadius, noNaN: true }),
      fc.constant(maxRadius),
      fc.constantFrom(...drivers.map((d) => haversineKm(job.pickup.location, d.location)).filter((km) => km > 0 && km <= maxRadius), maxRadius),
    ),
    maxStalenessSeconds: fc.oneof({ weight: 4, arbitrary: fc.constant(300) }, { weight: 1, arbitrary: fc.constantFrom(0, 60, 600) }),
    maxAuditCandidates: fc.constantFrom(0, 1, 3, 20),
  });

const nearestIds = (job: MatchJob, drivers: DriverSnapshot[], count: number): string[] =>
  drivers
    .map((d) => ({ id: d.driverId, km: haversineKm(job.pickup.location, d.location) }))
    .sort((a, b) => a.km - b.km)
    .slice(0, count)
    .map((d) => d.id);

interface Scenario {
  drivers: DriverSnapshot[];
  job: MatchJob;
  options: Partial<MatchOptions>;
  grid: GeoGrid;
}
const scenarioArb = (grids: GeoGrid[], place: Place, maxDrivers: number, maxRadius: number): fc.Arbitrary<Scenario> =>
  jobArb(place).chain((job) =>
    driversArb(job, place, maxDrivers).chain((drivers) =>
      fc.record({
        drivers: fc.constant(drivers),
        // Those who declined or let the offer expire, often the very nearest.
        job: fc
          .oneof(fc.shuffledSubarray(drivers.map((d) => d.driverId), { maxLength: Math.min(3, drivers.length) }), fc.subarray(nearestIds(job, drivers, 3)))
          .map((excluded) => ({ ...job, excludedDriverIds: new Set(excluded) })),
        options: optionsArb(job, drivers, maxRadius),
        grid: fc.constantFrom(...grids),
      }),
    ),
  );

function expectSameAnswer(actual: MatchResult, expected: MatchResult): void {
  expect(chosenId(actual)).toBe(chosenId(expected));
  expect(actual.chosen?.distanceKm).toBe(expected.chosen?.distanceKm);
  expect(actual.candidates).toEqual(expected.candidates);
}

describe('ring search equals brute force', () => {
  // Property runs are many small searches; on a busy CI box they need more than the 5 s default.
  const PROPERTY_TIMEOUT_MS = 60_000;
  const coarse = [new GeoGrid(7), new GeoGrid(20), DISPATCH_GRID];

  it(
    'for any drivers, job, time, exclusions and options (cells of 16, 5.6 and 2.2 km; radius up to 40 km)',
    () => {
      fc.assert(
        fc.property(scenarioArb(coarse, location, 60, 40), ({ drivers, job, options, grid }) => {
          expectSameAnswer(findNearest(job, new InMemoryDriverIndex(grid, drivers), NOW, options), bruteForceNearest(job, drivers, NOW, options));
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'with crowds: many drivers on a few spots and ties everywhere (cells down to 1.1 km)',
    () => {
      const crowded = fc.constantFrom(...SPOTS, ...SPOTS.map((s) => north(s, 0.25)));
      fc.assert(
        fc.property(scenarioArb([...coarse, new GeoGrid(100)], crowded, 200, 10), ({ drivers, job, options, grid }) => {
          expectSameAnswer(findNearest(job, new InMemoryDriverIndex(grid, drivers), NOW, options), bruteForceNearest(job, drivers, NOW, options));
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'with fine cells (280 m) and short radii: many rings',
    () => {
      const town = fc.record({ lat: fc.double({ min: -8.25, max: -8.19, noNaN: true }), lng: fc.double({ min: 114.33, max: 114.39, noNaN: true }) });
      fc.assert(
        fc.property(scenarioArb([new GeoGrid(400)], fc.oneof(town, fc.constantFrom(...SPOTS)), 120, 4), ({ drivers, job, options, grid }) => {
          expectSameAnswer(findNearest(job, new InMemoryDriverIndex(grid, drivers), NOW, options), bruteForceNearest(job, drivers, NOW, options));
        }),
        { numRuns: 100 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'also when each ring is read in parallel (the DynamoDB way)',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb(coarse, location, 60, 40), async ({ drivers, job, options, grid }) => {
          const index = new InMemoryDriverIndex(grid, drivers);
          const asyncIndex = { grid, driversInCell: async (cell: Parameters<typeof index.driversInCell>[0]) => index.driversInCell(cell) };
          expectSameAnswer(await findNearestAsync(job, asyncIndex, NOW, options), bruteForceNearest(job, drivers, NOW, options));
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
