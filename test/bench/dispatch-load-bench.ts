/**
 * Bench part `load` (issue #12, "dispatch keeps up"): medicine orders marked READY_FOR_PICKUP at a
 * steady rate (LOAD_RATE a second, default 50) for LOAD_SECONDS (default 60) on the local runtime,
 * measuring READY → offer stored and the jobs waiting for it. It runs twice, each in its own
 * process (a local runtime is one per process): with the pollers taking one batch at a time (what
 * they did before) and with the declared maximum concurrency.
 *
 * The town: ten pharmacies in ten kecamatan, drivers available within ~2 km of each, enough of
 * them that every order can have one (each offer holds its driver: the offer TTL is 10 minutes,
 * so nobody declines). Orders are registered and PREPARING before the clock starts, and the
 * notices that caused are delivered first; only the READY requests are timed. Before the measured
 * window, the same load runs for LOAD_WARMUP_SECONDS (default 60) in ten other kecamatan, so that
 * what is measured is a runtime that has served a while: a first minute of load found DynamoDB
 * Local's Java compiler threads busy for half a core, and its CPU an order a third higher. What the load
 * window cost per order is printed too: CPU of this process and of DynamoDB Local, and the
 * calls counted by the call meter, figures that depend less on what else the machine runs.
 *
 * Its runtime holds DynamoDB Local in memory (`dynamoInMemory`): on its database file, DynamoDB
 * Local waits on the disk for each write (5-item transactions at 10 at once: ~70 a second on the
 * file, ~150 in memory, with the same CPU a call), a limit of the emulator that DynamoDB on AWS
 * does not have and that would hide what dispatch itself costs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, SQSClient, type QueueAttributeName } from '@aws-sdk/client-sqs';
import { consumerMaxConcurrency, functions } from '../../infra/declaration.ts';
import { CallMeter, type MeteredCalls } from '../../infra/local/call-meter.ts';
import { startLocalRuntime } from '../../infra/local/runtime.ts';
import { gancangClient } from '../../openapi/client.ts';
import reference from '../../shared/reference/banyuwangi.json' with { type: 'json' };
import { STORAGE_GRID } from '../../shared/dispatch/domain/geo-cells.ts';

const RATE = Number(process.env.LOAD_RATE ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
/** How long after the last READY the bench waits for the backlog to drain. */
const DRAIN_SECONDS = Number(process.env.LOAD_DRAIN_SECONDS ?? 120);
/** Seconds of the same load before the measured window (orders and drivers of their own). */
const WARM_UP_SECONDS = Number(process.env.LOAD_WARMUP_SECONDS ?? 60);
const SETUP_CONCURRENCY = 16;
const RESULT_MARK = 'LOAD_RESULT ';

/**
 * Ten kecamatan of the regency, their puskesmas at the kecamatan's centre. Their drivers fill 8
 * storage blocks of the driver index: Banyuwangi and Kabat share one, Rogojampi and Srono another
 * (the regency's 25 kecamatan centres fall in 19 blocks).
 */
const TOWNS = townsAt(['Banyuwangi', 'Genteng', 'Rogojampi', 'Srono', 'Muncar', 'Kabat', 'Glenmore', 'Kalibaru', 'Wongsorejo', 'Cluring']);

/**
 * The warm-up's towns: ten other kecamatan, so that the drivers its orders hold are not in the
 * blocks the measured window's searches read.
 */
const WARM_UP_TOWNS = townsAt(['Pesanggaran', 'Bangorejo', 'Purwoharjo', 'Tegaldlimo', 'Gambiran', 'Glagah', 'Giri', 'Songgon', 'Sempu', 'Siliragung']);

interface Town {
  readonly kecamatan: string;
  readonly lat: number;
  readonly lng: number;
}

/** The kecamatan's centres from the regency's reference data. */
function townsAt(names: readonly string[]): readonly Town[] {
  return names.map((name) => {
    const centre = reference.kecamatan.find((k) => k.name === name);
    if (!centre) throw new Error(`${name} is not a kecamatan of the regency`);
    return { kecamatan: name, lat: centre.lat, lng: centre.lng };
  });
}

/** The warm-up's towns in blocks of the driver index the window's do not use: the window's searches never read its drivers. */
const blockOfTown = (town: Town) => STORAGE_GRID.key(STORAGE_GRID.cellOf(town));
const windowBlocks = new Set(TOWNS.map(blockOfTown));
const sharing = WARM_UP_TOWNS.filter((town) => windowBlocks.has(blockOfTown(town)));
if (sharing.length > 0) throw new Error(`warm-up towns in a block of the window's: ${sharing.map((town) => town.kecamatan).join(', ')}`);

interface LoadResult {
  readonly maxConcurrency: number;
  readonly sent: number;
  readonly refused: number;
  readonly offered: number;
  readonly latenciesMs: number[];
  readonly maxWaitingJobs: number;
  readonly maxQueueDepth: number;
  readonly secondsToSend: number;
  /** What the load window cost, all functions together (the API's READY and dispatch's work). */
  readonly calls: MeteredCalls;
  /**
   * CPU seconds over the load window: this process (the API, every function, the pollers and the
   * SQS emulator share its one thread) and DynamoDB Local's Java. Divided by the orders, they say
   * what an order costs whatever else the machine is running.
   */
  readonly cpuSeconds: { readonly node: number; readonly dynamoDbLocal: number };
  /** The machine's load average (1 min) as the load started and as it ended: what else ran. */
  readonly loadAverage: readonly [number, number];
}

/** The process id of the DynamoDB Local listening on `endpoint`'s port (Linux /proc). */
function dynamoDbLocalPid(endpoint: string): string | undefined {
  const portArgument = `\0-port\0${new URL(endpoint).port}\0`;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(portArgument)) return pid;
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}

/** CPU seconds used so far by the DynamoDB Local listening on `endpoint`'s port. */
function dynamoDbLocalCpuSeconds(endpoint: string): number {
  const pid = dynamoDbLocalPid(endpoint);
  if (pid === undefined) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
}

/**
 * LOAD_JAVA_RECORDING=file.jfr: a Java Flight Recorder profile of DynamoDB Local over the load
 * window only (`jcmd` from the JDK; read it with `jfr print --events jdk.ExecutionSample`).
 */
function javaRecording(endpoint: string): { stop(): void } | undefined {
  const file = process.env.LOAD_JAVA_RECORDING;
  const pid = file ? dynamoDbLocalPid(endpoint) : undefined;
  if (!file || pid === undefined) return undefined;
  spawnSync('jcmd', [pid, 'JFR.start', 'name=load'], { stdio: 'ignore' });
  return { stop: () => void spawnSync('jcmd', [pid, 'JFR.stop', 'name=load', `filename=${file}`], { stdio: 'ignore' }) };
}

type Table = (headers: string[], rows: string[][]) => string;

/** Runs the load with one poller and with the declared maximum, and prints both side by side. */
export async function benchLoad(table: Table): Promise<void> {
  const declared = consumerMaxConcurrency(functions.dispatchRequests.consumes);
  // LOAD_CONCURRENCIES=5 runs one of the two (e.g. while profiling).
  const concurrencies = process.env.LOAD_CONCURRENCIES?.split(',').map(Number) ?? [1, declared];
  const results = concurrencies.map(runInChildProcess);
  const ms = (value: number) => `${Math.round(value)} ms`;
  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  };
  console.log(
    `\nDispatch under load on the local runtime: ${RATE} READY medicine orders a second for ${SECONDS} s, ` +
      `${TOWNS.length} pharmacies, a driver for every order within ~2 km (READY request sent → dispatch's offer transaction succeeded)`,
  );
  console.log(
    table(
      ['dispatch batches at once', 'READY sent (in s)', 'READY refused', 'offered', 'p50', 'p95', 'p99', 'max', 'most jobs waiting', 'deepest queue', 'target p95 ≤ 1 s'],
      results.map((r) => {
        const p95 = percentile(r.latenciesMs, 95);
        return [
          r.maxConcurrency === 1 ? '1 (one poller, as before)' : `${r.maxConcurrency} (declared maximum)`,
          `${r.sent} (${r.secondsToSend.toFixed(1)} s)`,
          String(r.refused),
          String(r.offered),
          ms(percentile(r.latenciesMs, 50)),
          ms(p95),
          ms(percentile(r.latenciesMs, 99)),
          ms(Math.max(...r.latenciesMs)),
          String(r.maxWaitingJobs),
          String(r.maxQueueDepth),
          r.refused === 0 && r.offered === r.sent && p95 <= 1000 ? 'met' : 'missed',
        ];
      }),
    ),
  );
  const perOrder = (r: LoadResult, n: number) => (n / r.sent).toFixed(2);
  const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);
  console.log('\nCalls per READY order over the load window (READY request, ordering, dispatch and what follows), from the call meter');
  console.log(
    table(
      ['dispatch batches at once', 'CPU ms: node', 'DynamoDB Local', 'load avg (start → end)', 'DynamoDB calls', 'of which', 'read units', 'write units', 'SQS requests', 'empty receives', 'invocations'],
      results.map((r) => {
        const byFn = new Map<string, number>();
        for (const i of r.calls.invocations) byFn.set(i.fn, (byFn.get(i.fn) ?? 0) + 1);
        return [
          String(r.maxConcurrency),
          perOrder(r, r.cpuSeconds.node * 1000),
          perOrder(r, r.cpuSeconds.dynamoDbLocal * 1000),
          `${r.loadAverage[0].toFixed(1)} → ${r.loadAverage[1].toFixed(1)}`,
          perOrder(r, sum(r.calls.dynamoCalls)),
          Object.entries(r.calls.dynamoCalls).map(([command, n]) => `${command.replace(/Command$/, '')} ${perOrder(r, n)}`).join(', '),
          perOrder(r, r.calls.readUnits),
          perOrder(r, r.calls.writeUnits),
          perOrder(r, sum(r.calls.sqsRequests)),
          String(r.calls.emptyReceives),
          [...byFn].map(([fn, n]) => `${fn} ${perOrder(r, n)}`).join(', '),
        ];
      }),
    ),
  );
}

function runInChildProcess(maxConcurrency: number): LoadResult {
  const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, LOAD_MAX_CONCURRENCY: String(maxConcurrency) },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (run.status !== 0 || !line) throw new Error(`load with ${maxConcurrency} batches at once failed (exit ${run.status})`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as LoadResult;
}

/** Runs `task` over `items`, `concurrency` at a time. */
async function inPool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/** The typed call's data, or a thrown error naming the refusal. */
async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, what: string): Promise<T> {
  const { data, error, response } = await call;
  if (data === undefined || response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

async function measureLoad(maxConcurrency: number): Promise<LoadResult> {
  process.env.GANCANG_OFFER_TTL_SECONDS = '600'; // offers stay open: every order needs its own driver
  // The drivers report their positions once, at setup, which takes minutes on a busy machine:
  // they must not have gone silent (5 minutes by default) by the time the load starts.
  process.env.GANCANG_DRIVER_STALE_SECONDS = '3600';
  const dataDir = mkdtempSync(join(tmpdir(), 'gancang-bench-load-'));
  const meter = new CallMeter();
  const runtime = await startLocalRuntime({ port: 0, dataDir, dynamoInMemory: true, seed: false, log: () => {}, schedules: false, consumerMaxConcurrency: maxConcurrency, meter });
  const sqs = new SQSClient({ endpoint: runtime.sqsEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const asAdmin = gancangClient(runtime.apiUrl, await runtime.mintToken({ roles: ['admin'], sub: 'load-admin' }));
    const asPharmacist = gancangClient(runtime.apiUrl, await runtime.mintToken({ roles: ['pharmacy'], sub: 'load-apoteker' }));
    const orders = RATE * SECONDS;
    const warmUpOrders = RATE * WARM_UP_SECONDS;
    const facilities = new Map<string, string>();
    for (const town of [...TOWNS, ...(warmUpOrders > 0 ? WARM_UP_TOWNS : [])]) {
      const { facilityId } = await must(
        asAdmin.POST('/v1/facilities', {
          body: { name: `Puskesmas ${town.kecamatan}`, kind: 'PUSKESMAS', kecamatan: town.kecamatan, location: { lat: town.lat, lng: town.lng }, staff: ['load-apoteker'] },
        }),
        `facility ${town.kecamatan}`,
      );
      facilities.set(town.kecamatan, facilityId);
    }
    /** The warm-up's orders and drivers first, in their towns, then the measured window's. */
    const spread = (warmUp: number, measured: number): Town[] => [
      ...Array.from({ length: warmUp }, (_, i) => WARM_UP_TOWNS[i % WARM_UP_TOWNS.length]!),
      ...Array.from({ length: measured }, (_, i) => TOWNS[i % TOWNS.length]!),
    ];

    const driverTowns = spread(Math.ceil(warmUpOrders * 1.1), Math.ceil(orders * 1.1));
    await inPool(
      driverTowns.map((town, i) => ({ town, i })),
      SETUP_CONCURRENCY,
      async ({ town, i }) => {
        const sub = `load-driver-${i}`;
        await must(
          asAdmin.POST('/v1/drivers', {
            body: { sub, name: `Driver ${i}`, phone: `0813${String(1000000 + i)}`, vehicle: { type: 'MOTORBIKE', plate: `P ${1000 + (i % 9000)} LD` }, fleet: { kind: 'GOJEK' }, medicineTrained: true },
          }),
          sub,
        );
        const asDriver = gancangClient(runtime.apiUrl, await runtime.mintToken({ roles: ['driver'], sub }));
        const angle = (i * 2.399) % (2 * Math.PI);
        const km = 0.2 + (i % 9) * 0.2;
        await must(asDriver.PUT('/v1/drivers/me/location', { body: { lat: town.lat + (km / 111.2) * Math.sin(angle), lng: town.lng + (km / 110.1) * Math.cos(angle) } }), `${sub} location`);
        await must(asDriver.PUT('/v1/drivers/me/availability', { body: { available: true } }), `${sub} availability`);
      },
    );

    const orderTowns = spread(warmUpOrders, orders);
    const orderIds: string[] = new Array<string>(orderTowns.length);
    await inPool(
      orderTowns.map((town, i) => ({ town, i })),
      SETUP_CONCURRENCY,
      async ({ town, i }) => {
        const { orderId } = await must(
          asPharmacist.POST('/v1/medicine-orders', {
            body: {
              facilityId: facilities.get(town.kecamatan)!,
              patient: { name: 'Pasien Beban', phone: '081234500002', address: { street: 'Jl. Melati 3', desa: 'Lateng', kecamatan: town.kecamatan }, location: { lat: town.lat + 0.004, lng: town.lng + 0.003 } },
              prescriptionNo: `RX-LOAD-${i}`, payer: 'BPJS_PBI', items: [{ name: 'Amlodipine', quantity: 30, unit: 'tablet', category: 'REGULAR' }],
            },
          }),
          `order ${i}`,
        );
        await must(asPharmacist.POST('/v1/medicine-orders/{orderId}/status', { params: { path: { orderId } }, body: { status: 'PREPARING' } }), `${orderId} PREPARING`);
        orderIds[i] = orderId;
      },
    );

    // Registering thousands of orders in a minute leaves their notices (and anything else the
    // setup caused) queued: they are delivered before the clock starts, so the load measures the
    // READY orders and what they cause, not the setup's backlog.
    const pending = async (counting = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']) => {
      let messages = 0;
      for (const queue of Object.values(runtime.queues)) {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: counting as QueueAttributeName[] }),
        );
        for (const name of counting) messages += Number(Attributes?.[name as QueueAttributeName] ?? 0);
      }
      return messages;
    };
    while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 500));

    // An offer is stored by dispatch's transaction that moves the job to OFFERED: seen on the
    // functions' own DynamoDB client as it succeeds, so measuring adds no reads to the load (and,
    // looking at the job's item only, little CPU: this process is the one under load).
    const readyAt = new Map<string, number>();
    const offeredAfter = new Map<string, number>();
    const { documentClient } = await import('../../shared/platform/clients.ts');
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (String(context.commandName).startsWith('TransactWrite')) {
          const items = (args.input as { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] }).TransactItems ?? [];
          const job = items.find((item) => item.Put?.Item?.sk === 'JOB' && item.Put.Item.status === 'OFFERED')?.Put?.Item;
          const orderId = /^JOB#job_(.+)$/.exec(String(job?.pk))?.[1];
          const sentAt = orderId === undefined ? undefined : readyAt.get(orderId);
          if (orderId !== undefined && sentAt !== undefined && !offeredAfter.has(orderId)) offeredAfter.set(orderId, performance.now() - sentAt);
        }
        return result;
      },
      { step: 'initialize', name: 'loadBenchOfferWatch' },
    );
    let maxWaitingJobs = 0;
    let maxQueueDepth = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        maxWaitingJobs = Math.max(maxWaitingJobs, readyAt.size - offeredAfter.size);
        const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: runtime.queues.dispatch.url, AttributeNames: ['ApproximateNumberOfMessages'] }));
        maxQueueDepth = Math.max(maxQueueDepth, Number(Attributes?.ApproximateNumberOfMessages ?? 0));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    /**
     * Marks `ids` READY at RATE a second (every 100 ms a tenth of a second's requests, not waiting
     * for the answers) and waits for their offers, or for DRAIN_SECONDS after the last request.
     */
    const sendReady = async (ids: readonly string[]) => {
      readyAt.clear();
      offeredAfter.clear();
      const requests: Promise<unknown>[] = [];
      /** READY requests the runtime answered with an error (an overloaded API times out at 10 s). */
      const refused: string[] = [];
      const started = performance.now();
      for (let tick = 0, sent = 0; sent < ids.length; tick++) {
        const due = Math.min(ids.length, Math.round(((tick + 1) * RATE) / 10));
        for (; sent < due; sent++) {
          const orderId = ids[sent]!;
          readyAt.set(orderId, performance.now());
          requests.push(
            must(asPharmacist.POST('/v1/medicine-orders/{orderId}/status', { params: { path: { orderId } }, body: { status: 'READY_FOR_PICKUP' } }), `${orderId} READY`).catch(
              () => refused.push(orderId),
            ),
          );
        }
        const wait = started + (tick + 1) * 100 - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const secondsToSend = (performance.now() - started) / 1000;
      await Promise.all(requests);
      const drainUntil = performance.now() + DRAIN_SECONDS * 1000;
      while (offeredAfter.size < ids.length - refused.length && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 200));
      return { refused: refused.length, secondsToSend };
    };

    // Warm-up: DynamoDB Local's Java compiles its hot paths for a minute or more after they first
    // run (its compiler threads took half a core through a first load window), and the setup
    // above never ran a READY order. A runtime that has served for a while is what is measured.
    await sendReady(orderIds.slice(0, warmUpOrders));
    // (Its offers' expiry checks stay delayed for the offers' 10 minutes: not waited for.)
    while ((await pending(['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'])) > 0) await new Promise((resolve) => setTimeout(resolve, 500));
    maxWaitingJobs = 0;
    maxQueueDepth = 0;

    // LOAD_CPU_PROFILE=file.cpuprofile: a CPU profile of this process over the load window only.
    const profiler = process.env.LOAD_CPU_PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const { loadavg } = await import('node:os');
    const loadAverageBefore = loadavg()[0]!;
    const javaBefore = dynamoDbLocalCpuSeconds(runtime.dynamoEndpoint);
    const recording = javaRecording(runtime.dynamoEndpoint);
    const nodeBefore = process.cpuUsage();
    meter.reset();
    const { refused, secondsToSend } = await sendReady(orderIds.slice(warmUpOrders));
    watching = false;
    await watcher;
    const calls = meter.snapshot();
    const nodeUsed = process.cpuUsage(nodeBefore);
    const cpuSeconds = { node: (nodeUsed.user + nodeUsed.system) / 1e6, dynamoDbLocal: dynamoDbLocalCpuSeconds(runtime.dynamoEndpoint) - javaBefore };
    const loadAverage = [loadAverageBefore, loadavg()[0]!] as const;
    recording?.stop();
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(process.env.LOAD_CPU_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
    }
    return { maxConcurrency, sent: orders, refused, offered: offeredAfter.size, latenciesMs: [...offeredAfter.values()], maxWaitingJobs, maxQueueDepth, secondsToSend, calls, cpuSeconds, loadAverage };
  } finally {
    sqs.destroy();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const result = await measureLoad(Number(process.env.LOAD_MAX_CONCURRENCY ?? 1));
  console.log(`${RESULT_MARK}${JSON.stringify(result)}`);
}
