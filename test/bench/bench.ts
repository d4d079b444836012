/**
 * `npm run bench`: figures, not assertions.
 *   1. each function's minified bundle (built as the CDK construct builds it) and its import time
 *      in a fresh Node process minus an empty handler's (median of RUNS);
 *   2. POST /v1/medicine-orders p50/p99 on the local runtime, next to a raw DynamoDB Local
 *      PutItem of the same size on the same run (the floor: one write).
 * Targets (issue #2): API bundles ≤ 250 KB, import ≤ 60 ms over baseline, order p50 ≤ 3× PutItem.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { functionNames, functions, routes } from '../../infra/declaration.ts';
import { ESBUILD_BUNDLE_OPTIONS } from '../../infra/constructs/bundling.ts';
import { startLocalRuntime } from '../../infra/local/runtime.ts';

// The pinned SDK warns that its future releases need Node 22; not news to a benchmark.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
    const facility = await fetch(`${runtime.apiUrl}/v1/facilities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'RSUD Blambangan',
        kind: 'HOSPITAL',
        kecamatan: 'Banyuwangi',
        location: { lat: -8.208396, lng: 114.366168 },
        staff: ['bench-apoteker'],
      }),
    }).then((r) => r.json() as Promise<{ facilityId: string }>);

    const order = (i: number) => ({
      facilityId: facility.facilityId,
      patient: {
        name: 'Pasien Bench',
        phone: '081234500001',
        address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
        location: { lat: -8.2045, lng: 114.3712 },
      },
      prescriptionNo: `RX-BENCH-${i}`,
      payer: 'BPJS_PBI',
      items: [{ name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' }],
    });

    const post = async (i: number): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`${runtime.apiUrl}/v1/medicine-orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${pharmacist}`, 'content-type': 'application/json' },
        body: JSON.stringify(order(i)),
      });
      await response.arrayBuffer();
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

await bundlesAndImports();
await orderLatency();
