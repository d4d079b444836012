/**
 * Matching bench: the ring search of shared/dispatch/domain/matching.ts against a brute-force scan, on
 * drivers spread over Banyuwangi the way a fleet would be (most in and around the towns).
 * Figures, not assertions; any answer that differs from brute force is counted as a mismatch.
 * Target (dispatch issue): ≤ 50 µs per match at 100k drivers, 0 mismatches.
 *
 * The index is in memory, so what is timed is the algorithm; "cells read" is what the DynamoDB
 * index will pay: one Query per cell (and one round trip per ring when a ring is read in parallel).
 *
 * Run alone: `npx tsx test/bench/matching-bench.ts` (BENCH_MATCH_JOBS, BENCH_MATCH_SIZES to vary).
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import reference from '../../shared/reference/banyuwangi.json' with { type: 'json' };
import type { DriverSnapshot, MatchJob, VehicleType } from '../../shared/dispatch/domain/eligibility.ts';
import { DISPATCH_GRID, GeoGrid, type GeoCell } from '../../shared/dispatch/domain/geo-cells.ts';
import { InMemoryDriverIndex } from '../../shared/dispatch/adapters/in-memory-driver-index.ts';
import { bruteForceNearest, findNearest, findNearestAsync, type AsyncDriverIndex, type DriverIndex, type MatchResult } from '../../shared/dispatch/domain/matching.ts';
import type { Location } from '../../shared/platform/service-area.ts';
import { Random } from '../../infra/simulate/world.ts';

const JOBS = Number(process.env.BENCH_MATCH_JOBS ?? 1000);
const SIZES = (process.env.BENCH_MATCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
/** The dispatch grid and, for the trade-off, one finer and one coarser. */
const GRIDS = [DISPATCH_GRID, new GeoGrid(100), new GeoGrid(20)];
const TIMED_PASSES = 5;
const NOW = new Date('2026-11-28T12:00:00+07:00');
const BBOX = reference.regency.bbox;

/** The simulation's seeded source (mulberry32), so that every run benches the same drivers and jobs. */
function rng(seed: number): () => number {
  const source = new Random(seed);
  return () => source.next();
}

const centroid = (name: string): Location => {
  const k = reference.kecamatan.find((c) => c.name === name);
  if (k === undefined) throw new Error(`no kecamatan ${name}`);
  return { lat: k.lat, lng: k.lng };
};

/** Where drivers wait: the main towns, tightly (σ in km), and every kecamatan, loosely. */
const TOWNS: readonly { at: Location; weight: number; sigmaKm: number }[] = [
  { at: { lat: -8.21861, lng: 114.36694 }, weight: 22, sigmaKm: 2 }, // Banyuwangi town centre
  { at: centroid('Genteng'), weight: 12, sigmaKm: 1.8 },
  { at: centroid('Rogojampi'), weight: 8, sigmaKm: 1.5 },
  { at: centroid('Muncar'), weight: 9, sigmaKm: 1.8 },
  { at: centroid('Srono'), weight: 4, sigmaKm: 1.5 },
  { at: centroid('Giri'), weight: 4, sigmaKm: 1.2 },
  { at: centroid('Kalipuro'), weight: 3, sigmaKm: 1.5 },
  { at: centroid('Gambiran'), weight: 3, sigmaKm: 1.5 },
  ...reference.kecamatan.map((k) => ({ at: { lat: k.lat, lng: k.lng }, weight: 35 / reference.kecamatan.length, sigmaKm: 4 })),
];
const TOTAL_WEIGHT = TOWNS.reduce((sum, t) => sum + t.weight, 0);

function placeSampler(random: () => number): () => Location {
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return () => {
    let pick = random() * TOTAL_WEIGHT;
    const town = TOWNS.find((t) => (pick -= t.weight) < 0) ?? TOWNS[0]!;
    const lat = town.at.lat + (gaussian() * town.sigmaKm) / 111.2;
    const lng = town.at.lng + (gaussian() * town.sigmaKm) / 110.0;
    return {
      lat: Math.min(BBOX.maxLat, Math.max(BBOX.minLat, lat)),
      lng: Math.min(BBOX.maxLng, Math.max(BBOX.minLng, lng)),
    };
  };
}

const COMPANIES = ['tc_blambangan', 'tc_osing', 'tc_ijen'];

export function benchDrivers(count: number, seed = 1): DriverSnapshot[] {
  const random = rng(seed);
  const place = placeSampler(random);
  return Array.from({ length: count }, (_, i) => {
    const roll = random();
    const type: VehicleType = roll < 0.75 ? 'MOTORBIKE' : roll < 0.93 ? 'CAR' : 'TAXI';
    const taxi = type === 'TAXI';
    const fresh = random() < 0.85;
    return {
      driverId: `drv_${String(i).padStart(6, '0')}_${Math.floor(random() * 1e6).toString(36)}`,
      vehicle: { type },
      fleet: taxi ? { kind: 'PARTNER_TAXI', companyId: COMPANIES[Math.floor(random() * COMPANIES.length)] } : { kind: 'GOJEK' },
      medicineTrained: type === 'MOTORBIKE' && random() < 0.2,
      location: place(),
      lastSeenAtMs: NOW.getTime() - (fresh ? random() * 240_000 : 300_000 + random() * 3_300_000),
      available: random() < 0.8,
      activeJobId: random() < 0.12 ? `job_busy_${i}` : undefined,
    };
  });
}

/** Medicine jobs start at the hospitals and puskesmas; food and rides where people are. */
export function benchJobs(count: number, index: InMemoryDriverIndex, seed = 2): MatchJob[] {
  const random = rng(seed);
  const place = placeSampler(random);
  const facilities = reference.healthFacilities;
  return Array.from({ length: count }, (_, i): MatchJob => {
    const roll = random();
    const facility = facilities[Math.floor(random() * facilities.length)]!;
    const job: MatchJob =
      roll < 0.3
        ? { kind: 'MEDICINE', pickup: { location: { lat: facility.lat, lng: facility.lng } }, requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: true } }
        : roll < 0.65
          ? { kind: 'FOOD', pickup: { location: place() }, requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false } }
          : roll < 0.85
            ? { kind: 'RIDE', pickup: { location: place() }, requirements: { vehicleTypes: ['MOTORBIKE'], medicineTrained: false } }
            : roll < 0.95
              ? { kind: 'RIDE', pickup: { location: place() }, requirements: { vehicleTypes: ['CAR'], medicineTrained: false } }
              : {
                  kind: 'RIDE',
                  pickup: { location: place() },
                  requirements: { vehicleTypes: ['TAXI'], fleet: 'PARTNER_TAXI', medicineTrained: false, ...(random() < 0.3 ? { companyId: COMPANIES[0] } : {}) },
                };
    // A quarter of the jobs come back after declines: exclude a few drivers of the pickup's cell.
    if (random() < 0.25) {
      const near = index.driversInCell(index.grid.cellOf(job.pickup.location));
      const excluded = new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => near[Math.floor(random() * near.length)]?.driverId ?? 'nobody'));
      return { ...job, jobId: `job_${i}`, excludedDriverIds: excluded };
    }
    return { ...job, jobId: `job_${i}` };
  });
}

const sameAnswer = (a: MatchResult, b: MatchResult): boolean =>
  a.chosen?.driver.driverId === b.chosen?.driver.driverId &&
  a.chosen?.distanceKm === b.chosen?.distanceKm &&
  JSON.stringify(a.candidates) === JSON.stringify(b.candidates);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;
const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * The caller's own objects, filed as they come: a cell's drivers lie scattered over the heap.
 * Only to show what memory layout costs next to InMemoryDriverIndex (which copies cell by cell).
 */
class ScatteredIndex implements DriverIndex {
  private readonly cells = new Map<string, DriverSnapshot[]>();
  constructor(
    readonly grid: GeoGrid,
    drivers: readonly DriverSnapshot[],
  ) {
    for (const driver of drivers) {
      const key = grid.key(grid.cellOf(driver.location));
      const cell = this.cells.get(key);
      if (cell === undefined) this.cells.set(key, [driver]);
      else cell.push(driver);
    }
  }
  driversInCell(cell: GeoCell): readonly DriverSnapshot[] {
    return this.cells.get(this.grid.key(cell)) ?? [];
  }
}

const asAsync = (index: DriverIndex): AsyncDriverIndex => ({
  grid: index.grid,
  driversInCell: async (cell) => index.driversInCell(cell),
});

export async function benchMatching(): Promise<string> {
  const rows: string[][] = [];
  for (const size of SIZES) {
    const drivers = benchDrivers(size);
    const jobs = benchJobs(JOBS, new InMemoryDriverIndex(DISPATCH_GRID, drivers));

    const bruteTimes: number[] = [];
    const expected = jobs.map((job) => {
      const started = performance.now();
      const result = bruteForceNearest(job, drivers, NOW);
      bruteTimes.push(performance.now() - started);
      return result;
    });
    const unmatched = expected.filter((r) => r.chosen === undefined).length;

    const variants: { label: string; index: DriverIndex & { largestCell?: () => number } }[] = GRIDS.map((grid) => ({
      label: `${grid.cellSizeDeg}° (${grid.cellSizeKm(-8.3).northSouthKm.toFixed(1)} km)${grid === DISPATCH_GRID ? ' *' : ''}`,
      index: new InMemoryDriverIndex(grid, drivers),
    }));
    if (size === Math.max(...SIZES)) variants.push({ label: `${DISPATCH_GRID.cellSizeDeg}° *, scattered heap`, index: new ScatteredIndex(DISPATCH_GRID, drivers) });

    for (const [v, { label, index }] of variants.entries()) {
      let mismatches = 0;
      const results = jobs.map((job, i) => {
        const result = findNearest(job, index, NOW);
        if (!sameAnswer(result, expected[i]!)) mismatches++;
        return result;
      });
      const parallel = await Promise.all(jobs.map((job) => findNearestAsync(job, asAsync(index), NOW)));
      parallel.forEach((result, i) => {
        if (!sameAnswer(result, expected[i]!)) mismatches++;
      });

      const times: number[] = [];
      for (let pass = 0; pass < TIMED_PASSES; pass++) {
        for (const job of jobs) {
          const started = performance.now();
          findNearest(job, index, NOW);
          times.push(performance.now() - started);
        }
      }
      const cells = results.map((r) => r.cellsRead);
      rows.push([
        v === 0 ? drivers.length.toLocaleString('en') : '',
        label,
        us(mean(times)),
        us(percentile(times, 50)),
        us(percentile(times, 99)),
        us(mean(bruteTimes)),
        String(mismatches),
        `${mean(cells).toFixed(1)} / ${percentile(cells, 99)} / ${Math.max(...cells)}`,
        `${mean(parallel.map((r) => r.cellsRead)).toFixed(1)} in ${mean(parallel.map((r) => r.ringsRead)).toFixed(1)}`,
        mean(results.map((r) => r.driversRead)).toFixed(0),
        index.largestCell?.().toString() ?? '',
        `${unmatched}`,
      ]);
    }
  }
  const lines = [
    `Matching: ring search vs brute force, ${JOBS} jobs per fleet size (30 % medicine, 35 % food, 30 % motorbike/car rides, 5 % taxi;`,
    `a quarter with declined drivers), drivers weighted to the towns; radius 30 km, staleness 300 s. * = the dispatch grid.`,
    `Mismatches count the sync and the ring-parallel search (chosen driver, distance and audit candidates, bit for bit).`,
    table(
      [
        'drivers',
        'cell',
        'ring mean',
        'p50',
        'p99',
        'brute mean',
        'mismatches',
        'cells read mean/p99/max',
        'ring-parallel: cells in round trips',
        'items read',
        'largest cell',
        'no driver',
      ],
      rows,
    ),
    'Target: ≤ 50 µs per match at 100k drivers with identical answers. DynamoDB reads 0.1° blocks of these cells: see the calls per dispatch below.',
  ];
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchMatching().then((report) => console.log(report));
}
