/**
 * `npm run bench`: figures, not assertions.
 *   1. each function's minified bundle (built as the CDK construct builds it) and its import time
 *      in a fresh Node process minus an empty handler's (median of RUNS);
 *   2. POST /v1/medicine-orders p50/p99 on the local runtime, next to a raw DynamoDB Local
 *      PutItem of the same size on the same run (the floor: one write).
 * Targets (issue #2): API bundles ≤ 250 KB, import ≤ 60 ms over baseline, order p50 ≤ 3× PutItem.
 * The web app's build, download size and first paint on slow 4G: web-bench.ts (issue #10).
 * Notifications per order and their cost in rupiah per channel: notification-bench.ts (issue #11).
 * The reports' latency at 1k, 10k and 100k orders in scope: reports-bench.ts (issue #12).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { functionNames, functions, routes } from '../../infra/declaration.ts';
import { ESBUILD_BUNDLE_OPTIONS } from '../../infra/constructs/bundling.ts';
import { AsyncLocalStorage } from 'node:async_hooks';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalRuntime } from '../../infra/local/runtime.ts';
import { gancangClient } from '../../openapi/client.ts';
import { benchMatching } from './matching-bench.ts';
import { benchWeb } from './web-bench.ts';
import { benchNotifications } from './notification-bench.ts';
import { benchCost } from './cost-bench.ts';
import { benchReports } from './reports-bench.ts';
import { benchLoad } from './dispatch-load-bench.ts';

// The pinned SDK warns that its future releases need Node 22; not news to a benchmark.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The functions' INFO lines would drown the figures.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, '.bench');
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 21);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARMUP = 30;

const median = (values: number[]): number => percentile(values, 50);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
const ms = (value: number): string => `${value.toFixed(2)} ms`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function bundle(name: string, entry: string): Promise<{ file: string; bytes: number }> {
  const file = join(OUT, `${name}.mjs`);
  const result = await build({ ...ESBUILD_BUNDLE_OPTIONS, entryPoints: [join(ROOT, entry)], outfile: file, metafile: true, sourcemap: false, logLevel: 'error' });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { file, bytes };
}

/** Milliseconds to import the module in a fresh Node process (what a cold start pays for code). */
function importTime(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
  return Number(run.stdout);
}

async function bundlesAndImports(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const baselineEntry = join(OUT, 'baseline.ts');
  writeFileSync(baselineEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  const baseline = await bundle('baseline', baselineEntry.slice(ROOT.length + 1));
  const baselineTimes = Array.from({ length: IMPORT_RUNS }, () => importTime(baseline.file));
  const baselineMs = median(baselineTimes);

  const apiFunctions = new Set(routes.map((r) => r.fn));
  const rows: string[][] = [];
  for (const name of functionNames()) {
    const { file, bytes } = await bundle(name, functions[name].entry);
    const times = Array.from({ length: IMPORT_RUNS }, () => importTime(file));
    const over = median(times) - baselineMs;
    const isApi = apiFunctions.has(name);
    const size = bytes <= 250 * 1024 ? 'ok' : 'over';
    const load = over <= 60 ? 'ok' : 'over';
    rows.push([name, isApi ? 'api' : 'worker', kb(bytes), ms(median(times)), ms(over), isApi ? `size ${size}, import ${load}` : '(worker)']);
  }
  console.log(`\nBundles and import time (median of ${IMPORT_RUNS} fresh processes; baseline empty handler ${ms(baselineMs)})`);
  console.log(table(['function', 'kind', 'minified', 'import', 'over baseline', 'API targets ≤250 KB, ≤60 ms'], rows));
  console.log('Bundles include the AWS SDK (infra/constructs/bundling.ts): ~200 KB more than the runtime copy, ~50 ms less import.');
}

async function orderLatency(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gancang-bench-'));
  const runtime = await startLocalRuntime({ port: 0, dataDir, seed: false, log: () => {}, consumers: false, schedules: false });
  try {
    const admin = await runtime.mintToken({ roles: ['admin'], sub: 'bench-admin' });
    const pharmacist = await runtime.mintToken({ roles: ['pharmacy'], sub: 'bench-apoteker' });
    // The bench talks to the API as an integrator would: through the client typed from the document.
    const asAdmin = gancangClient(runtime.apiUrl, admin);
    const asPharmacist = gancangClient(runtime.apiUrl, pharmacist);
    const facility = await asAdmin.POST('/v1/facilities', {
      body: { name: 'RSUD Blambangan', kind: 'HOSPITAL', kecamatan: 'Banyuwangi', location: { lat: -8.208396, lng: 114.366168 }, staff: ['bench-apoteker'] },
    });
    if (!facility.data) throw new Error(`facility: HTTP ${facility.response.status}`);
    const { facilityId } = facility.data;

    const order = (i: number) => ({
      facilityId,
      patient: {
        name: 'Pasien Bench',
        phone: '081234500001',
        address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
        location: { lat: -8.2045, lng: 114.3712 },
      },
      prescriptionNo: `RX-BENCH-${i}`,
      payer: 'BPJS_PBI' as const,
      items: [{ name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' as const }],
    });

    const post = async (i: number): Promise<number> => {
      const started = performance.now();
      const { response } = await asPharmacist.POST('/v1/medicine-orders', { body: order(i) });
      if (response.status !== 201) throw new Error(`order ${i}: HTTP ${response.status}`);
      return performance.now() - started;
    };
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: runtime.dynamoEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    const rawTable = `${runtime.prefix}ordering`;
    const put = async (i: number): Promise<number> => {
      const started = performance.now();
      await documents.send(new PutCommand({ TableName: rawTable, Item: { pk: `BENCH#${i}`, sk: 'MO', ...order(i), status: 'REGISTERED' } }));
      return performance.now() - started;
    };
    // What the create path itself writes: the order and its prescription guard, atomically.
    const transact = async (i: number): Promise<number> => {
      const started = performance.now();
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: rawTable, Item: { pk: `BENCHTX#${i}`, sk: 'MO', ...order(i), status: 'REGISTERED' }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: rawTable, Item: { pk: `BENCHTX#${i}`, sk: `RX#${i}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return performance.now() - started;
    };

    // Interleaved, so that background noise on a 2-core machine hits all three alike.
    for (let i = 0; i < WARMUP; i++) {
      await post(-i - 1);
      await put(-i - 1);
      await transact(-i - 1);
    }
    const orderTimes: number[] = [];
    const putTimes: number[] = [];
    const transactTimes: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      orderTimes.push(await post(i));
      putTimes.push(await put(i));
      transactTimes.push(await transact(i));
    }
    documents.destroy();

    const p50Ratio = median(orderTimes) / median(putTimes);
    console.log(`\nPOST /v1/medicine-orders on the local runtime vs a raw PutItem (${REQUESTS} sequential each, after ${WARMUP} warm-up)`);
    console.log(
      table(
        ['operation', 'p50', 'p99', 'max'],
        [
          ['POST /v1/medicine-orders (HTTP → JWT → handler → DynamoDB Local)', ms(median(orderTimes)), ms(percentile(orderTimes, 99)), ms(Math.max(...orderTimes))],
          ['raw PutItem (SDK → DynamoDB Local)', ms(median(putTimes)), ms(percentile(putTimes, 99)), ms(Math.max(...putTimes))],
          ['raw TransactWriteItems, order + prescription guard', ms(median(transactTimes)), ms(percentile(transactTimes, 99)), ms(Math.max(...transactTimes))],
        ],
      ),
    );
    console.log(`order p50 / PutItem p50 = ${p50Ratio.toFixed(2)}× (target ≤ 3×)`);
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Ready → offer on the local runtime: a pharmacy marks an order READY_FOR_PICKUP and we time
 * until dispatch has reserved a driver and the offer is there to fetch. Also counts the DynamoDB
 * calls the dispatch consumer makes per JOB_READY (the matching reads, the job and offer writes).
 */
async function dispatchLatency(): Promise<void> {
  const ROUNDS = Number(process.env.BENCH_DISPATCHES ?? 60);
  process.env.GANCANG_OFFER_TTL_SECONDS = '600'; // drivers keep their offers: each round takes a fresh one
  const dataDir = mkdtempSync(join(tmpdir(), 'gancang-bench-dispatch-'));
  const counting = new AsyncLocalStorage<Map<string, number>>();
  const perMessage: Map<string, number>[] = [];
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    seed: false,
    log: () => {},
    schedules: false,
    handlers: {
      dispatchRequests: (async (event: { Records: unknown[] }, context: unknown) => {
        const { handler } = await import('../../functions/dispatch/dispatch-requests.consumer.ts');
        const calls = new Map<string, number>();
        // Batches holding a JOB_READY (the message that creates the job and looks for a driver).
        if (event.Records.some((record) => (JSON.parse((record as { body: string }).body) as { type?: string }).type === 'JOB_READY')) perMessage.push(calls);
        return counting.run(calls, () => handler(event as never, context as never));
      }) as never,
    },
  });
  try {
    const { documentClient } = await import('../../shared/platform/clients.ts');
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const calls = counting.getStore();
        if (calls) calls.set(String(context.commandName), (calls.get(String(context.commandName)) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchCallCounter' },
    );
    /** The typed call's data, or a thrown error naming the refusal. */
    const must = async <T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, what: string): Promise<T> => {
      const { data, error, response } = await call;
      if (data === undefined || response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
      return data;
    };
    const admin = await runtime.mintToken({ roles: ['admin'], sub: 'bench-admin' });
    const pharmacist = await runtime.mintToken({ roles: ['pharmacy'], sub: 'bench-apoteker' });
    const asAdmin = gancangClient(runtime.apiUrl, admin);
    const asPharmacist = gancangClient(runtime.apiUrl, pharmacist);
    const pickup = { lat: -8.208396, lng: 114.366168 };
    const { facilityId } = await must(
      asAdmin.POST('/v1/facilities', { body: { name: 'RSUD Blambangan', kind: 'HOSPITAL', kecamatan: 'Banyuwangi', location: pickup, staff: ['bench-apoteker'] } }),
      'facility',
    );
    // Drivers spread over ~10 km around the hospital; a fifth of them not trained for medicines.
    for (let i = 0; i < ROUNDS + 20; i++) {
      const sub = `bench-driver-${i}`;
      await must(
        asAdmin.POST('/v1/drivers', {
          body: {
            sub, name: `Driver ${i}`, phone: `0812${String(7000000 + i)}`, vehicle: { type: 'MOTORBIKE', plate: `P ${1000 + i} BN` },
            fleet: { kind: 'GOJEK' }, medicineTrained: i % 5 !== 0,
          },
        }),
        sub,
      );
      const asDriver = gancangClient(runtime.apiUrl, await runtime.mintToken({ roles: ['driver'], sub }));
      const angle = (i * 2.399) % (2 * Math.PI);
      const km = 0.5 + (i % 10);
      await must(asDriver.PUT('/v1/drivers/me/location', { body: { lat: pickup.lat + (km / 111.2) * Math.sin(angle), lng: pickup.lng + (km / 110.1) * Math.cos(angle) } }), `${sub} location`);
      await must(asDriver.PUT('/v1/drivers/me/availability', { body: { available: true } }), `${sub} availability`);
    }
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: runtime.dynamoEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    const latencies: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { orderId } = await must(
        asPharmacist.POST('/v1/medicine-orders', {
          body: {
            facilityId,
            patient: { name: 'Pasien Bench', phone: '081234500001', address: { street: 'Jl. Kepiting 12', desa: 'Lateng', kecamatan: 'Banyuwangi' }, location: { lat: -8.2045, lng: 114.3712 } },
            prescriptionNo: `RX-DISPATCH-${i}`, payer: 'BPJS_PBI', items: [{ name: 'Amlodipine', quantity: 30, unit: 'tablet', category: 'REGULAR' }],
          },
        }),
        `order ${i}`,
      );
      const path = { orderId };
      await must(asPharmacist.POST('/v1/medicine-orders/{orderId}/status', { params: { path }, body: { status: 'PREPARING' } }), `${orderId} PREPARING`);
      const started = performance.now();
      await must(asPharmacist.POST('/v1/medicine-orders/{orderId}/status', { params: { path }, body: { status: 'READY_FOR_PICKUP' } }), `${orderId} READY`);
      for (;;) {
        const { Item } = await documents.send(new GetCommand({ TableName: `${runtime.prefix}dispatch`, Key: { pk: `JOB#job_${orderId}`, sk: 'JOB' } }));
        if (Item?.status === 'OFFERED') break;
        if (performance.now() - started > 30_000) throw new Error(`no offer for ${orderId} after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      latencies.push(performance.now() - started);
    }
    documents.destroy();

    const readyMessages = [...new Set(perMessage)];
    const total = (calls: Map<string, number>) => [...calls.values()].reduce((a, b) => a + b, 0);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    const byCommand = new Map<string, number[]>();
    for (const calls of readyMessages) for (const [name, n] of calls) byCommand.set(name, [...(byCommand.get(name) ?? []), n]);
    console.log(`\nReady → offer on the local runtime (${ROUNDS} orders, ${ROUNDS + 20} drivers within ~10 km, a fifth untrained)`);
    console.log(
      table(
        ['measure', 'p50', 'p95', 'max', 'target'],
        [['READY_FOR_PICKUP request → driver reserved and offer stored', ms(median(latencies)), ms(percentile(latencies, 95)), ms(Math.max(...latencies)), 'p95 ≤ 1 s']],
      ),
    );
    console.log(`DynamoDB calls per dispatch (JOB_READY → offer), mean over ${readyMessages.length}: ${mean(readyMessages.map(total)).toFixed(1)}`);
    console.log(
      '  ' + [...byCommand].map(([name, counts]) => `${name.replace('Command', '')} ${mean(counts).toFixed(1)}`).join(', ') +
        '  (TransactWrite job + its day tally, Get job, Query per 0.1° block read, one TransactWrite for job + offer + driver hold + outbox + audit, Delete outbox)',
    );
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A local runtime is one per process (its handlers share process.env), so the parts that start
 * one run in a child process each.
 */
function inChildProcess(part: string): void {
  const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    cwd: ROOT,
    env: { ...process.env, BENCH_ONLY: part },
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`bench part ${part} failed`);
}

const only = new Set((process.env.BENCH_ONLY ?? 'bundles,orders,matching,dispatch,web,notifications,cost,reports').split(','));
const several = only.size > 1;
if (only.has('bundles')) await bundlesAndImports();
if (only.has('orders')) several ? inChildProcess('orders') : await orderLatency();
if (only.has('matching')) console.log(`\n${await benchMatching()}`);
if (only.has('dispatch')) several ? inChildProcess('dispatch') : await dispatchLatency();
if (only.has('web')) several ? inChildProcess('web') : await benchWeb(table);
if (only.has('notifications')) console.log(`\n${benchNotifications(table)}`);
if (only.has('cost')) several ? inChildProcess('cost') : await benchCost(table);
if (only.has('reports')) several ? inChildProcess('reports') : await benchReports(table);
if (only.has('load')) await benchLoad(table);
