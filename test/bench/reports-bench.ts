/**
 * `BENCH_ONLY=reports npm run bench` (issue #12, item 2): the latency of the three reports through
 * the local runtime's HTTP API when their scope holds 1 000, 10 000 and 100 000 orders: the
 * festival report, a taxi company's settlement and the operations room's day figures. They read
 * tallies kept with the orders, so the 100k figure should stay within twice the 1k one.
 *
 * Seeding 100 000 orders through the API would take hours, so each scope's orders (food orders,
 * completed rides, dispatch jobs) are written in bulk (BatchWriteItem of the items exactly as the
 * stores write them), together with their tallies computed from those same orders by the
 * recompute functions, into a DynamoDB Local held in memory. Each report is then called REPEATS
 * times per size after a warm-up, the sizes taking turns call by call; p50 and p95 are printed
 * with the 100k / 1k ratio of the p50s. For comparison, what the reports did before, one full read
 * of every order of the scope (the recompute), is timed once per size up to
 * BENCH_REPORT_FULL_READ_MAX orders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { freePort } from '../../infra/local/ports.ts';
import { startLocalRuntime } from '../../infra/local/runtime.ts';
import { JOB_KINDS } from '../../shared/kernel/dispatch-messages.ts';
import { toWibIso, wibDay } from '../../shared/platform/time.ts';
import { dayFigures } from '../../shared/dispatch/domain/day-figures.ts';
import type { DispatchJob, DispatchJobStatus } from '../../shared/dispatch/domain/dispatch-job.ts';
import { jobItem } from '../../shared/dispatch/adapters/dynamodb-dispatch-store.ts';
import { dayTallyItemsOfJobs } from '../../shared/dispatch/adapters/dynamodb-day-tallies.ts';
import { DynamoDbJobsByDay } from '../../shared/dispatch/adapters/dynamodb-jobs-by-day.ts';
import { recomputeDayTallies } from '../../shared/dispatch/application/operations.ts';
import { festivalTallies } from '../../shared/ordering/domain/festival-report.ts';
import type { FoodOrder, FoodOrderStatus } from '../../shared/ordering/domain/food-order.ts';
import type { Ride } from '../../shared/ordering/domain/ride.ts';
import { settlementTallies } from '../../shared/ordering/domain/settlement.ts';
import { DynamoDbFoodOrderStore, festivalTallyItem, foodOrderItem } from '../../shared/ordering/adapters/dynamodb-food-order-store.ts';
import { DynamoDbRideStore, rideItem, settlementTallyItem } from '../../shared/ordering/adapters/dynamodb-ride-store.ts';
import { recomputeFestivalTallies } from '../../shared/ordering/application/food-order-use-cases.ts';
import { recomputeSettlementTallies } from '../../shared/ordering/application/ride-use-cases.ts';

type Table = (headers: string[], rows: string[][]) => string;

const SIZES = (process.env.BENCH_REPORT_SIZES ?? '1000,10000,100000').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPORT_REPEATS ?? 50);
const WARMUP = 5;
/**
 * The full read of the old reports is timed up to this many orders: DynamoDB Local pages through
 * a large partition slowly (100 000 food orders took several minutes on this machine).
 */
const FULL_READ_MAX = Number(process.env.BENCH_REPORT_FULL_READ_MAX ?? 10_000);
/** The festival's UMKM, as at Pesta Kuliner (40 stalls). */
const MERCHANTS = 40;
/** The settlement period asked for, and the days its rides are spread over. */
const SETTLEMENT_DAYS = 30;
const DAY_MS = 86_400_000;
/** Write requests in flight at once while seeding (25 items each). */
const WRITERS = 8;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** A small deterministic generator, so every run seeds the same orders. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const pad = (i: number) => String(i).padStart(7, '0');

function foodOrders(festivalId: string, festivalName: string, startsAtMs: number, n: number): FoodOrder[] {
  const next = random(n);
  // Most orders are delivered; some failed (still counted), rejected or cancelled (not counted).
  const fates: FoodOrderStatus[] = ['DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERY_FAILED', 'REJECTED', 'CANCELLED', 'ACCEPTED'];
  return Array.from({ length: n }, (_, i) => {
    const m = Math.floor(next() * MERCHANTS);
    const placedAt = toWibIso(new Date(startsAtMs + Math.floor(next() * 3 * DAY_MS)));
    const quantity = 1 + Math.floor(next() * 4);
    const subtotalIdr = quantity * 22_000;
    const discountIdr = next() < 0.3 ? Math.min(10_000, Math.floor(subtotalIdr / 10)) : 0;
    return {
      orderId: `fo_BENCH${festivalId.slice(-6)}${pad(i)}`,
      festivalId,
      festivalName,
      merchant: { merchantId: `mer_BENCH${pad(m)}`, name: `UMKM ${m + 1}`, kecamatan: ['Giri', 'Banyuwangi', 'Rogojampi', 'Genteng'][m % 4]!, location: { lat: -8.2, lng: 114.36 }, ownerSub: `bench-owner-${m}`, prepMinutes: 15 },
      citizenSub: `bench-warga-${i % 5_000}`,
      status: fates[Math.floor(next() * fates.length)]!,
      version: 5,
      items: [{ itemId: 'item_tempong', name: 'Sego tempong', priceIdr: 22_000, quantity, lineTotalIdr: subtotalIdr }],
      subtotalIdr,
      discountIdr,
      deliveryFeeIdr: 9_000,
      totalIdr: subtotalIdr - discountIdr + 9_000,
      deliveryDistanceKm: 2.4,
      dropoff: { location: { lat: -8.2045, lng: 114.3712 }, address: { street: 'Jl. Kepiting No. 12', desa: 'Lateng', kecamatan: 'Banyuwangi' } },
      timeline: [{ status: 'PLACED', at: placedAt }],
      placedAt,
      updatedAt: placedAt,
    } as FoodOrder;
  });
}

function completedRides(companyId: string, firstDayMs: number, n: number): Ride[] {
  const next = random(n + 1);
  return Array.from({ length: n }, (_, i) => {
    const completedAt = toWibIso(new Date(firstDayMs + Math.floor(next() * SETTLEMENT_DAYS * DAY_MS)));
    const distanceKm = Math.round(10 + next() * 150) / 10;
    return {
      rideId: `rd_BENCH${companyId.slice(-6)}${pad(i)}`,
      citizenSub: `bench-warga-${i % 5_000}`,
      status: 'COMPLETED',
      version: 5,
      vehicleType: 'TAXI',
      pickup: { location: { lat: -8.2191, lng: 114.3691 }, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
      dropoff: { location: { lat: -8.1402, lng: 114.3951 }, address: { street: 'Jl. Gatot Subroto', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
      fareIdr: 7_500 + Math.ceil(4_150 * distanceKm),
      distanceKm,
      tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 },
      companyId,
      companyName: 'Osing Taksi',
      timeline: [{ status: 'COMPLETED', at: completedAt }],
      completedAt,
      createdAt: completedAt,
      updatedAt: completedAt,
    } as Ride;
  });
}

function dayJobs(day: string, n: number): DispatchJob[] {
  const next = random(n + 2);
  const dayStartMs = Date.parse(`${day}T00:00:00.000+07:00`);
  const ends: DispatchJobStatus[] = ['DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED', 'FAILED', 'CANCELLED', 'NO_DRIVER_FOUND', 'WAITING'];
  return Array.from({ length: n }, (_, i) => {
    const readyMs = dayStartMs + Math.floor(next() * (DAY_MS - 3 * 3_600_000));
    const readyAt = toWibIso(new Date(readyMs));
    const status = ends[Math.floor(next() * ends.length)]!;
    const assignedMs = readyMs + Math.floor(next() * 600_000);
    const deliveredMs = assignedMs + 300_000 + Math.floor(next() * 4_800_000);
    const at = (t: number) => toWibIso(new Date(t));
    const timeline =
      status === 'WAITING' || status === 'CANCELLED' || status === 'NO_DRIVER_FOUND'
        ? [{ status: 'WAITING' as const, at: readyAt }, ...(status === 'WAITING' ? [] : [{ status, at: at(readyMs + 900_000) }])]
        : [{ status: 'WAITING' as const, at: readyAt }, { status: 'ASSIGNED' as const, at: at(assignedMs) }, { status, at: at(deliveredMs) }];
    const kind = JOB_KINDS[i % 3]!;
    return {
      jobId: `job_BENCH${day.replace(/-/g, '')}${pad(i)}`,
      kind,
      orderId: `BENCH${pad(i)}`,
      pickup: { location: { lat: -8.2084, lng: 114.3662 }, kecamatan: 'Banyuwangi' },
      dropoff: { location: { lat: -8.2045, lng: 114.3712 }, kecamatan: 'Banyuwangi' },
      requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: kind === 'MEDICINE' },
      fareIdr: 9_000,
      readyAt,
      status,
      version: timeline.length,
      excludedDriverIds: [],
      matchAttempts: 1,
      wrongCodeAttempts: 0,
      timeline,
      createdAt: readyAt,
      updatedAt: timeline.at(-1)!.at,
    } as DispatchJob;
  });
}

async function writeAll(documents: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[]): Promise<void> {
  const started = performance.now();
  let next = 0;
  const writer = async () => {
    for (;;) {
      const start = next;
      next += 25;
      if (start >= items.length) return;
      let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt)));
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`  seeded ${items.length} items in ${seconds.toFixed(1)} s (${(items.length / seconds).toFixed(0)}/s)\n`);
}

interface Scope {
  readonly size: number;
  readonly path: string;
  /** What the report did before: read every order of its scope (timed once). */
  readonly fullRead: () => Promise<unknown>;
  /** The report as computed from the seeded orders themselves, when the bench checks the answer. */
  readonly expected?: (answer: Record<string, any>) => unknown;
}

export async function benchReports(table: Table): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gancang-bench-reports-'));
  // DynamoDB Local in memory: on its database file the bulk seeding ran at ~85 items/s on this
  // machine, too slow for 333 000 items. The reports' reads are what is measured, not the disk.
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const runtime = await startLocalRuntime({ port: 0, dataDir, dynamoEndpoint: dynamo.endpoint, seed: false, log: () => {}, schedules: false, consumers: false });
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.dynamoEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const ordering = `${runtime.prefix}ordering`;
  const dispatch = `${runtime.prefix}dispatch`;
  const clock = { now: () => new Date() };
  try {
    const admin = await runtime.mintToken({ roles: ['admin'], sub: 'bench-admin' });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as Record<string, any>;
    };

    const scopes: Record<'festival' | 'settlement' | 'day', Scope[]> = { festival: [], settlement: [], day: [] };
    const seedStarted = performance.now();
    for (const [index, size] of SIZES.entries()) {
      // The festival: three days, ending a week ago (festivals of one name may not overlap, so each size has its own name).
      const startsAtMs = Date.now() - (10 + 4 * index) * DAY_MS;
      const festival = await call('POST', '/v1/festivals', { name: `Pesta Kuliner Bench ${size}`, startsAt: new Date(startsAtMs).toISOString(), endsAt: new Date(startsAtMs + 3 * DAY_MS).toISOString() });
      const orders = foodOrders(festival.festivalId, festival.name, startsAtMs, size);
      await writeAll(documents, ordering, [...orders.map(foodOrderItem), ...festivalTallies(festival.festivalId, orders).map((tally) => festivalTallyItem(festival.festivalId, tally))]);
      const foodStore = new DynamoDbFoodOrderStore(documents, ordering, clock);
      scopes.festival.push({ size, path: `/v1/festivals/${festival.festivalId}/report`, fullRead: () => recomputeFestivalTallies(foodStore, festival.festivalId) });

      // The taxi company: its rides over the last 30 days, the settlement asked for those days.
      const company = await call('POST', '/v1/taxi-companies', {
        name: `Osing Taksi ${size}`,
        licenseNo: `551.21/${String(900 + index)}/429.104/2025`,
        operators: [`bench-op-${size}`],
        tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 },
      });
      const firstDayMs = Date.parse(`${wibDay(new Date(Date.now() - SETTLEMENT_DAYS * DAY_MS))}T00:00:00.000+07:00`);
      const rides = completedRides(company.companyId, firstDayMs, size);
      const tallies = settlementTallies(company.companyId, rides.map((ride) => ({ rideId: ride.rideId, completedAt: ride.completedAt!, distanceKm: ride.distanceKm, fareIdr: ride.fareIdr })));
      await writeAll(documents, ordering, [...rides.map(rideItem), ...tallies.map(settlementTallyItem)]);
      const from = wibDay(new Date(firstDayMs));
      const to = wibDay(new Date(firstDayMs + (SETTLEMENT_DAYS - 1) * DAY_MS));
      const rideStore = new DynamoDbRideStore(documents, ordering, clock);
      scopes.settlement.push({ size, path: `/v1/taxi-companies/${company.companyId}/report?from=${from}&to=${to}`, fullRead: () => recomputeSettlementTallies(rideStore, company.companyId, from, to) });

      // A past WIB day of the operations room, each size its own day; the tallies in their shards, as the store keeps them.
      const day = wibDay(new Date(Date.now() - (3 + index) * DAY_MS));
      const jobs = dayJobs(day, size);
      await writeAll(documents, dispatch, [...jobs.map(jobItem), ...dayTallyItemsOfJobs(day, jobs)]);
      const jobsByDay = new DynamoDbJobsByDay(documents, dispatch);
      scopes.day.push({
        size,
        path: `/v1/ops/today?day=${day}`,
        fullRead: () => recomputeDayTallies(jobsByDay, day),
        // Medians and p90s are read from a few minutes' seconds only: check they are the jobs' own.
        expected: (answer) => dayFigures(day, answer.asOf, jobs),
      });
    }
    const seededSeconds = (performance.now() - seedStarted) / 1000;

    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const [report, list] of Object.entries(scopes)) {
      // The sizes take turns call by call, so that a burst of load on this shared machine falls on all of them alike.
      const latencies = list.map((): number[] => []);
      for (let i = 0; i < WARMUP + REPEATS; i++) {
        for (const [n, scope] of list.entries()) {
          const started = performance.now();
          await call('GET', scope.path);
          if (i >= WARMUP) latencies[n]!.push(performance.now() - started);
        }
      }
      const p50s = new Map<number, number>();
      for (const [n, scope] of list.entries()) {
        if (scope.expected) {
          const answer = await call('GET', scope.path);
          if (JSON.stringify(answer) !== JSON.stringify(scope.expected(answer))) throw new Error(`${report} at ${scope.size}: the answer differs from the figures of the seeded orders`);
        }
        let fullRead = `not timed (over ${FULL_READ_MAX.toLocaleString('en')})`;
        if (scope.size <= FULL_READ_MAX) {
          const readStarted = performance.now();
          await scope.fullRead();
          fullRead = ms(performance.now() - readStarted);
        }
        p50s.set(scope.size, percentile(latencies[n]!, 50));
        rows.push([report, scope.size.toLocaleString('en'), ms(percentile(latencies[n]!, 50)), ms(percentile(latencies[n]!, 95)), fullRead]);
        process.stderr.write(`  ${rows.at(-1)!.join('  ')}\n`);
      }
      const small = p50s.get(Math.min(...SIZES));
      const large = p50s.get(Math.max(...SIZES));
      if (small !== undefined && large !== undefined) {
        const ratio = large / small;
        verdicts.push(`${report}: p50 at ${Math.max(...SIZES).toLocaleString('en')} / at ${Math.min(...SIZES).toLocaleString('en')} = ${ratio.toFixed(2)}× (target ≤ 2×: ${ratio <= 2 ? 'met' : 'MISSED'})`);
      }
    }
    console.log(
      `\nReports at constant cost (GET through the local runtime's API, ${REPEATS} calls after ${WARMUP} warm-up; orders and their tallies seeded in bulk with BatchWriteItem, ${seededSeconds.toFixed(0)} s)`,
    );
    console.log(table(['report', 'orders in scope', 'p50', 'p95', 'reading every order instead (once)'], rows));
    for (const verdict of verdicts) console.log(verdict);
  } finally {
    documents.destroy();
    await runtime.stop();
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
