/**
 * Simulation runs made up for the report's tests: varied by a seed (kinds, outcomes, waits, hours
 * and places all drawn from it), over the regency's real box and kecamatan, so the report is tried
 * on data shaped like a run's rather than on one frozen file. Each origin is dropped a few hundred
 * metres from a chosen kecamatan centre, and the builder says which, so a test can check the map's
 * table without asking the report's own code where the origins are.
 */
import reference from '../../../shared/reference/banyuwangi.json' with { type: 'json' };
import type { OrderKind, Outcome, SimulationResult, TargetResult } from '../../../infra/simulate/result.ts';
import { Random } from '../../../infra/simulate/world.ts';

export interface RunShape {
  readonly seed: number;
  readonly orders: number;
  readonly kinds: readonly OrderKind[];
  /** Kecamatan the orders come from (names in banyuwangi.json). */
  readonly places: readonly string[];
  /** Scenario hours, from startHour WIB. */
  readonly startHour: number;
  readonly hours: number;
  readonly promotionQuota?: number;
  /** How many of the stated targets the run missed. */
  readonly missed?: number;
  readonly title?: string;
  readonly description?: string;
}

export interface BuiltRun {
  readonly result: SimulationResult;
  /** For each origin, in order, the kecamatan it was dropped next to. */
  readonly placedNear: readonly string[];
}

/** The simulation's own seeded source (mulberry32): varied test data, the same for the same seed. */
function random(seed: number): () => number {
  const source = new Random(seed);
  return () => source.next();
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

export function buildSimulationRun(shape: RunShape): BuiltRun {
  const next = random(shape.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const centres = reference.kecamatan.filter((k) => shape.places.includes(k.name));
  if (centres.length !== shape.places.length) throw new Error(`unknown kecamatan among ${shape.places.join(', ')}`);

  const origins: { lat: number; lng: number; kind: OrderKind; outcome: Outcome }[] = [];
  const placedNear: string[] = [];
  const waits: number[] = [];
  for (let i = 0; i < shape.orders; i += 1) {
    const centre = pick(centres);
    const roll = next();
    const outcome: Outcome = roll < 0.8 ? 'DELIVERED' : roll < 0.88 ? 'FAILED' : roll < 0.94 ? 'CANCELLED' : 'OPEN';
    // Within about 300 m: far nearer its own centre than any other (the closest two, Giri and Glagah, are 3.8 km apart).
    origins.push({ lat: centre.lat + (next() - 0.5) * 0.005, lng: centre.lng + (next() - 0.5) * 0.005, kind: pick(shape.kinds), outcome });
    placedNear.push(centre.name);
    if (outcome !== 'CANCELLED' && next() < 0.95) waits.push(Math.round(20 + (-Math.log(1 - next()) * 240)));
  }
  const delivered = origins.filter((o) => o.outcome === 'DELIVERED').length;
  const count = (outcome: Outcome) => origins.filter((o) => o.outcome === outcome).length;

  const deliveriesPerHour = Array.from({ length: shape.hours }, (_, i) => ({
    hour: `${String((shape.startHour + i) % 24).padStart(2, '0')}:00`,
    deliveries: 0,
  }));
  for (let i = 0; i < delivered; i += 1) pick(deliveriesPerHour).deliveries += 1;
  const openJobs = Array.from({ length: shape.hours === 0 ? 0 : shape.hours * 12 + 1 }, (_, i) => ({ minute: i * 5, open: Math.round(next() * 12) }));

  const sortedWaits = [...waits].sort((a, b) => a - b);
  const offerLatencies = Array.from({ length: shape.orders }, () => Math.round(80 + next() * 900)).sort((a, b) => a - b);
  const targetNames: [string, string, string][] = [
    ['ready-to-offer', 'ready → offer p95 ≤ 1 s', `${percentile(offerLatencies, 95)} ms`],
    ['ready-to-assigned', 'ready → assigned p95 ≤ 10 min', `${Math.round((percentile(sortedWaits, 95) ?? 0) / 60)} min`],
    ['delivered-share', 'delivered ≥ 80 %', `${Math.round((delivered / Math.max(1, shape.orders)) * 100)} %`],
  ];
  const targets: TargetResult[] = targetNames.map(([name, target, actual], i) => ({ name, target, actual, met: i >= (shape.missed ?? 0) }));

  const result: SimulationResult = {
    scenario: {
      name: `test-${shape.seed}`,
      title: shape.title ?? `A made-up run (seed ${shape.seed})`,
      description: shape.description ?? `${shape.orders} orders of ${[...new Set(shape.kinds)].join(', ')} from ${shape.places.join(', ')}.`,
      speed: 20,
      minutes: shape.hours * 60,
      startedAt: `2026-11-30T${String(shape.startHour).padStart(2, '0')}:00:00+07:00`,
      wallSeconds: Math.round((shape.hours * 3600) / 20),
      drivers: 60,
    },
    figures: {
      orders: shape.orders,
      delivered,
      failed: count('FAILED'),
      failedAtTheDoor: count('FAILED'),
      cancelled: count('CANCELLED'),
      open: count('OPEN'),
      readyToOfferMs: { count: offerLatencies.length, p50: percentile(offerLatencies, 50), p95: percentile(offerLatencies, 95) },
      foundNobodyFree: Math.round(next() * 10),
      readyToAssignedSeconds: { count: sortedWaits.length, p50: percentile(sortedWaits, 50), p95: percentile(sortedWaits, 95) },
      offersPerJob: waits.length === 0 ? { mean: null, max: null } : { mean: 1 + next(), max: 4 },
      driverUtilisation: next(),
      promotion: shape.promotionQuota === undefined ? null : { redemptions: Math.min(shape.promotionQuota, Math.round(shape.orders * 0.7)), quota: shape.promotionQuota },
    },
    targets,
    series: { readyToAssignedSeconds: waits, deliveriesPerHour, openJobs, origins },
    area: { bbox: reference.regency.bbox, kecamatan: reference.kecamatan.map(({ name, lat, lng }) => ({ name, lat, lng })) },
  };
  return { result, placedNear };
}
