/**
 * What one order costs on AWS in Jakarta, in rupiah (issue #12, item 4): one medicine delivery,
 * one food order and one ride run end to end on the local runtime with its call meter on
 * (infra/local/call-meter.ts), and the counted units are priced with infra/cost/aws-prices.ts.
 * Each kind runs twice: the first warms the functions up (a cold start is not any one order's
 * cost), the second is counted. The scheduled sweepers and the pollers' empty receives cost the
 * same whatever the orders: they are printed apart, per month.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { functions, type FunctionName, type FunctionSpec } from '../../infra/declaration.ts';
import { CallMeter, type MeteredCalls } from '../../infra/local/call-meter.ts';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.ts';
import { costLines, gbSeconds, totalIdr, type CostLine, type Usage } from '../../infra/cost/aws-cost.ts';
import { AWS_PRICES, AWS_PRICES_AS_OF, AWS_PRICES_REGION, IDR_PER_USD } from '../../infra/cost/aws-prices.ts';
import { PRICES, rupiah } from '../../shared/notification/domain/prices.ts';
import { NOTICES, UNHAPPY_ENDINGS } from '../../shared/notification/domain/templates.ts';
import { gancangClient, type paths } from '../../openapi/client.ts';

type RequestBody<P extends keyof paths> = paths[P] extends { post: { requestBody?: { content: { 'application/json': infer B } } } } ? B : never;

type Table = (headers: string[], rows: string[][]) => string;

/** Target of issue #12: the AWS cost of one medicine delivery, before messages. */
const TARGET_IDR_PER_MEDICINE_DELIVERY = 100;
/**
 * Lambda's own START, END and REPORT lines per invocation (with the X-Ray trace id): not written
 * by our code, so estimated, not counted.
 */
const PLATFORM_LOG_BYTES_PER_INVOCATION = 400;
const MINUTES_PER_MONTH = 30.42 * 24 * 60;
/**
 * ASSUMPTION, to confirm (docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, "scaling"): an idle
 * SQS event source mapping keeps 5 pollers long-polling 20 s each, 15 receives a minute a queue.
 */
const IDLE_RECEIVES_PER_MINUTE_PER_QUEUE = 15;

const PICKUP = { lat: -8.208396, lng: 114.366168 };
const DROPOFF = { lat: -8.2045, lng: 114.3712 };

interface Counted {
  readonly calls: MeteredCalls;
  readonly logBytes: number;
  readonly messages: number;
}

/** The order's usage in the price table's units. */
function usageOf({ calls, logBytes }: Counted): Usage {
  const sqs = Object.values(calls.sqsRequests).reduce((a, b) => a + b, 0);
  return {
    httpApiRequest: calls.apiRequests,
    lambdaRequest: calls.invocations.length,
    lambdaArmGbSecond: calls.invocations.reduce((sum, i) => sum + gbSeconds(i.memoryMb, i.durationMs), 0),
    dynamoReadRequestUnit: calls.readUnits,
    dynamoWriteRequestUnit: calls.writeUnits,
    sqsStandardRequest: sqs,
    logsIngestedGb: (logBytes + calls.invocations.length * PLATFORM_LOG_BYTES_PER_INVOCATION) / 1024 ** 3,
  };
}

/** Rupiah as Indonesians write them (Rp 1.241,20): fractions matter at a few rupiah an order. */
const idr = (value: number): string => `Rp ${value.toLocaleString('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
/** Units in the same Indonesian notation as the rupiah (decimal comma), so 28,5 RRU is not read as 28 500. */
const units = (value: number): string =>
  value !== 0 && Math.abs(value) < 0.01 ? value.toExponential(2).replace('.', ',') : value.toLocaleString('id-ID', { maximumFractionDigits: 3 });

/**
 * Counts the bytes the functions write to stdout and stderr (their log lines, which CloudWatch
 * ingests) and keeps them off the screen; the bench's own printing happens after.
 */
function captureLogs(): { bytes: () => number; reset: () => void; restore: () => void } {
  let bytes = 0;
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const counter = (chunk: string | Uint8Array): boolean => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    return true;
  };
  process.stdout.write = counter as typeof process.stdout.write;
  process.stderr.write = counter as typeof process.stderr.write;
  return {
    bytes: () => bytes,
    reset: () => void (bytes = 0),
    restore: () => {
      process.stdout.write = original.out;
      process.stderr.write = original.err;
    },
  };
}

export async function benchCost(table: Table): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO'; // as deployed (infra/declaration.ts): the logs counted are the ones AWS ingests
  const dataDir = mkdtempSync(join(tmpdir(), 'gancang-bench-cost-'));
  const meter = new CallMeter();
  let messages = 0;
  const errors: string[] = [];
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    seed: false,
    schedules: false,
    meter,
    log: (line) => void (line.startsWith('[message]') && messages++),
    errorLog: (line) => void errors.push(line),
  });
  const logs = captureLogs();
  const counted: Record<string, Counted> = {};
  const fixed: { fn: FunctionName; calls: MeteredCalls; logBytes: number }[] = [];
  try {
    const flows = await prepare(runtime);
    for (const [kind, flow] of Object.entries(flows)) {
      await flow(`${kind}-warm`);
      await quiet(meter);
      meter.reset();
      logs.reset();
      messages = 0;
      await flow(kind);
      await quiet(meter);
      counted[kind] = { calls: meter.snapshot(), logBytes: logs.bytes(), messages };
    }
    for (const schedule of runtime.plan.schedules) {
      await runtime.runSchedule(schedule.fn); // warm
      meter.reset();
      logs.reset();
      await runtime.runSchedule(schedule.fn);
      fixed.push({ fn: schedule.fn, calls: meter.snapshot(), logBytes: logs.bytes() });
    }
  } finally {
    logs.restore();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (errors.length > 0) console.log(`(the runtime reported ${errors.length} errors; first: ${errors[0]?.slice(0, 300)})`);
  console.log(report(table, counted, fixed, runtime.plan.queues.length));
}

/** Waits until no function has run for a second: the order's queues and notices have settled. */
async function quiet(meter: CallMeter): Promise<void> {
  let seen = -1;
  for (let i = 0; i < 40; i++) {
    const now = meter.snapshot().invocations.length;
    if (now === seen) return;
    seen = now;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The typed call's data, or a thrown error naming the refusal. */
async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, what: string): Promise<T> {
  const { data, error, response } = await call;
  if (data === undefined || response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

/**
 * Sets up (uncounted) what the orders need: a hospital, a festival with an open merchant, a taxi
 * company, and one free driver for each kind. Returns, per kind, one order run end to end as the
 * people involved would run it, each step a request through the typed client.
 */
async function prepare(runtime: LocalRuntime): Promise<Record<'medicine' | 'food' | 'ride', (tag: string) => Promise<void>>> {
  const client = async (role: 'admin' | 'pharmacy' | 'merchant' | 'citizen' | 'driver' | 'taxi_operator', sub: string) =>
    gancangClient(runtime.apiUrl, await runtime.mintToken({ roles: [role], sub }));
  const admin = await client('admin', 'bench-admin');
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.dynamoEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  /** Waits for dispatch to have offered the order's job, reading the table directly so that the wait itself costs nothing. */
  const offered = async (orderId: string): Promise<void> => {
    for (let i = 0; i < 600; i++) {
      const { Item } = await documents.send(new GetCommand({ TableName: `${runtime.prefix}dispatch`, Key: { pk: `JOB#job_${orderId}`, sk: 'JOB' } }));
      if (Item?.status === 'OFFERED') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no offer for ${orderId}`);
  };
  const driver = async (sub: string, body: RequestBody<'/v1/drivers'>, at: { lat: number; lng: number }, registrar = admin) => {
    await must(registrar.POST('/v1/drivers', { body }), sub);
    const asDriver = await client('driver', sub);
    await must(asDriver.PUT('/v1/drivers/me/location', { body: at }), `${sub} location`);
    await must(asDriver.PUT('/v1/drivers/me/availability', { body: { available: true } }), `${sub} availability`);
    return asDriver;
  };
  /** The driver's app: the offer (one read), accept, pick up, hand over. */
  const deliver = async (asDriver: Awaited<ReturnType<typeof client>>, orderId: string, handover: RequestBody<'/v1/jobs/{jobId}/deliver'>) => {
    await offered(orderId);
    const { items } = await must(asDriver.GET('/v1/drivers/me/offers'), 'offers');
    const offer = items.find((o) => o.jobId === `job_${orderId}`);
    if (!offer) throw new Error(`the driver has no offer for ${orderId}`);
    await must(asDriver.POST('/v1/offers/{offerId}/accept', { params: { path: { offerId: offer.offerId } } }), 'accept');
    await must(asDriver.POST('/v1/jobs/{jobId}/pickup', { params: { path: { jobId: offer.jobId } } }), 'pickup');
    await must(asDriver.POST('/v1/jobs/{jobId}/deliver', { params: { path: { jobId: offer.jobId } }, body: handover }), 'deliver');
  };

  // Medicine: the pharmacy registers the prescription, prepares it and marks it ready.
  const pharmacist = await client('pharmacy', 'bench-apoteker');
  const { facilityId } = await must(
    admin.POST('/v1/facilities', { body: { name: 'RSUD Blambangan', kind: 'HOSPITAL', kecamatan: 'Banyuwangi', location: PICKUP, staff: ['bench-apoteker'] } }),
    'facility',
  );
  const courier = await driver(
    'bench-courier',
    { sub: 'bench-courier', name: 'Bagus', phone: '081270000001', vehicle: { type: 'MOTORBIKE', plate: 'P 1001 BN' }, fleet: { kind: 'GOJEK' }, medicineTrained: true },
    PICKUP,
  );

  // Food: a festival open now, one merchant enrolled with a menu.
  const now = Date.now();
  const { festivalId } = await must(
    admin.POST('/v1/festivals', { body: { name: 'Pesta Kuliner Go-Food', startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString() } }),
    'festival',
  );
  const merchant = await client('merchant', 'bench-umkm');
  const { merchantId } = await must(
    merchant.POST('/v1/merchants', {
      body: {
        name: 'Sego Tempong Bench', ownerName: 'Bu Bench', phone: '085236000001', kecamatan: 'Banyuwangi',
        address: { street: 'Jl. Raya 1', desa: 'Lateng', kecamatan: 'Banyuwangi' }, location: PICKUP, halal: { status: 'SELF_DECLARED' },
      },
    }),
    'merchant',
  );
  const menu = await must(merchant.PUT('/v1/merchants/{merchantId}/menu', { params: { path: { merchantId } }, body: { items: [{ name: 'Sego tempong', priceIdr: 22_000, available: true }] } }), 'menu');
  await must(admin.POST('/v1/merchants/{merchantId}/approve', { params: { path: { merchantId } } }), 'approve');
  await must(admin.POST('/v1/festivals/{festivalId}/merchants', { params: { path: { festivalId } }, body: { merchantId, featured: false } }), 'enrol');
  const citizen = await client('citizen', 'bench-warga');


  // Ride: a partner taxi company and one of its taxis at the pickup.
  const { companyId } = await must(
    admin.POST('/v1/taxi-companies', {
      body: { name: 'Osing Taksi', licenseNo: '551.21/0117/429.104/2024', operators: ['bench-operator'], tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 } },
    }),
    'taxi company',
  );
  const taxi = await driver(
    'bench-taxi',
    { sub: 'bench-taxi', name: 'Hartono', phone: '081270000003', vehicle: { type: 'TAXI', plate: 'P 1101 UA' }, fleet: { kind: 'PARTNER_TAXI', companyId }, medicineTrained: false },
    PICKUP,
    await client('taxi_operator', 'bench-operator'),
  );
  const place = { location: PICKUP, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } };

  return {
    medicine: async (tag) => {
      const { orderId, deliveryCode } = await must(
        pharmacist.POST('/v1/medicine-orders', {
          body: {
            facilityId,
            patient: { name: 'Siti Aminah', phone: '081234500001', address: { street: 'Jl. Kepiting No. 12', desa: 'Lateng', kecamatan: 'Banyuwangi' }, location: DROPOFF },
            prescriptionNo: `RX-COST-${tag}`, payer: 'BPJS_PBI', items: [{ name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' }],
          },
        }),
        'medicine order',
      );
      const path = { orderId };
      await must(pharmacist.POST('/v1/medicine-orders/{orderId}/status', { params: { path }, body: { status: 'PREPARING' } }), 'PREPARING');
      await must(pharmacist.POST('/v1/medicine-orders/{orderId}/status', { params: { path }, body: { status: 'READY_FOR_PICKUP' } }), 'READY');
      await deliver(courier, orderId, { code: deliveryCode, recipientName: 'Siti Aminah' });
    },
    food: async () => {
      const placed = await must(
        citizen.POST('/v1/food-orders', {
          body: {
            festivalId, merchantId, items: [{ itemId: menu.items[0]!.itemId, quantity: 2 }],
            dropoff: { location: DROPOFF, address: { street: 'Jl. Kepiting No. 12', desa: 'Lateng', kecamatan: 'Banyuwangi' } },
            recipient: { name: 'Ayu Lestari', phone: '081234500009' },
          },
        }),
        'food order',
      );
      const { orderId } = placed as { orderId: string; deliveryCode?: string };
      const path = { orderId };
      await must(merchant.POST('/v1/food-orders/{orderId}/status', { params: { path }, body: { status: 'ACCEPTED' } }), 'ACCEPTED');
      await must(merchant.POST('/v1/food-orders/{orderId}/status', { params: { path }, body: { status: 'READY' } }), 'READY');
      const code = (placed as { deliveryCode?: string }).deliveryCode;
      // The same Go-Jek courier: with two free at one place, dispatch may offer to either.
      await deliver(courier, orderId, { ...(code && { code }), recipientName: 'Ayu Lestari' });
    },
    ride: async () => {
      const { rideId } = await must(
        citizen.POST('/v1/rides', { body: { pickup: place, dropoff: { location: DROPOFF, address: { street: 'Jl. Kepiting No. 12', desa: 'Lateng', kecamatan: 'Banyuwangi' } }, vehicleType: 'TAXI', passenger: { name: 'Rina', phone: '081233300001' } } }),
        'ride',
      );
      await deliver(taxi, rideId, {});
    },
  };
}

function report(table: Table, counted: Record<string, Counted>, fixed: { fn: FunctionName; calls: MeteredCalls; logBytes: number }[], queues: number): string {
  const lines: string[] = [
    `AWS cost per order in ${AWS_PRICES_REGION} (Jakarta), in rupiah (prices as of ${AWS_PRICES_AS_OF}, ALL TO CONFIRM; USD 1 = Rp ${IDR_PER_USD.toLocaleString('id-ID')}; no free tier)`,
  ];
  const kinds = { medicine: 'MEDICINE', food: 'FOOD', ride: 'RIDE' } as const;
  const rows: string[][] = [];
  const totals: Record<string, { aws: number; whatsApp: number }> = {};
  for (const [kind, c] of Object.entries(counted)) {
    const cost = costLines(usageOf(c));
    const aws = totalIdr(cost);
    const whatsApp = rupiah('WHATSAPP_UTILITY', c.messages);
    totals[kind] = { aws, whatsApp };
    const byPrice = (name: CostLine['price']) => cost.find((l) => l.price === name);
    const cell = (name: CostLine['price']) => {
      const line = byPrice(name);
      return line ? `${units(line.units)} = ${idr(line.idr)}` : '0';
    };
    const expected = NOTICES[kinds[kind as keyof typeof kinds]].filter((n) => !UNHAPPY_ENDINGS.has(n.event)).length;
    rows.push([
      kind, cell('httpApiRequest'), cell('lambdaRequest'), cell('lambdaArmGbSecond'), cell('dynamoReadRequestUnit'), cell('dynamoWriteRequestUnit'),
      cell('sqsStandardRequest'), cell('logsIngestedGb'), idr(aws), `${c.messages} (NOTICES: ${expected}) = ${idr(whatsApp)}`, idr(aws + whatsApp),
    ]);
  }
  lines.push(
    table(['order', 'API requests', 'Lambda requests', 'Lambda GB-s (arm64)', 'DynamoDB RRU', 'DynamoDB WRU', 'SQS requests', 'log GB', 'AWS total', 'WhatsApp messages', 'with WhatsApp'], rows),
  );
  const medicine = totals.medicine;
  if (medicine) {
    const met = medicine.aws < TARGET_IDR_PER_MEDICINE_DELIVERY;
    lines.push(
      `Target: AWS under Rp ${TARGET_IDR_PER_MEDICINE_DELIVERY} per medicine delivery: ${idr(medicine.aws)}, ${met ? 'MET' : 'NOT MET'}. ` +
        `With its WhatsApp messages (${idr(medicine.aws + medicine.whatsApp)}) ${medicine.aws + medicine.whatsApp < TARGET_IDR_PER_MEDICINE_DELIVERY ? 'also under' : 'over'}: the messages, not AWS, are the cost.`,
    );
  }
  for (const [kind, c] of Object.entries(counted)) {
    const calls = c.calls;
    lines.push(
      `  ${kind}: ${calls.invocations.length} invocations (${[...countBy(calls.invocations.map((i) => i.fn))].map(([fn, n]) => `${fn} ${n}`).join(', ')}), ` +
        `${units(calls.invocations.reduce((s, i) => s + Math.ceil(i.durationMs), 0))} ms billed; DynamoDB ${Object.entries(calls.dynamoCalls).map(([k, n]) => `${k.replace('Command', '')} ${n}`).join(', ')}` +
        ` (${calls.unreportedDynamoCalls} without ConsumedCapacity); SQS ${Object.entries(calls.sqsRequests).map(([k, n]) => `${k.replace('Command', '')} ${n}`).join(', ')}; ` +
        `${c.logBytes} log bytes written + ${PLATFORM_LOG_BYTES_PER_INVOCATION} B platform lines per invocation (estimate)`,
    );
  }

  // Fixed, per month: each sweeper's idle run × its rate, and the pollers' empty receives.
  const fixedRows = fixed.map(({ fn, calls, logBytes }) => {
    const runs = MINUTES_PER_MONTH / ((functions[fn] as FunctionSpec).everyMinutes ?? 1);
    const perRun = usageOf({ calls, logBytes, messages: 0 });
    const monthly = Object.fromEntries(Object.entries(perRun).map(([k, v]) => [k, (v ?? 0) * runs])) as Usage;
    const total = totalIdr(costLines(monthly));
    return { row: [fn, `every ${(functions[fn] as FunctionSpec).everyMinutes ?? 1} min`, String(Math.round(runs)), `${units(calls.invocations.reduce((s, i) => s + Math.ceil(i.durationMs), 0))} ms`, `${units(calls.readUnits)} RRU, ${units(calls.writeUnits)} WRU`, `Rp ${Math.round(total).toLocaleString('id-ID')}`], total };
  });
  const idleReceives = queues * IDLE_RECEIVES_PER_MINUTE_PER_QUEUE * MINUTES_PER_MONTH;
  const idle = totalIdr(costLines({ sqsStandardRequest: idleReceives }));
  fixedRows.push({ row: [`SQS pollers, ${queues} queues`, `${IDLE_RECEIVES_PER_MINUTE_PER_QUEUE}/min/queue (assumed)`, String(Math.round(idleReceives)), '-', '-', `Rp ${Math.round(idle).toLocaleString('id-ID')}`], total: idle });
  const fixedTotal = fixedRows.reduce((s, r) => s + r.total, 0);
  lines.push(`\nFixed monthly cost whatever the orders (an idle run of each sweeper, measured, × its runs in a month of ${Math.round(MINUTES_PER_MONTH)} min)`);
  lines.push(table(['function', 'rate', 'runs a month', 'billed per run', 'units per run', 'per month'], fixedRows.map((r) => r.row)));
  lines.push(
    `Fixed total: Rp ${Math.round(fixedTotal).toLocaleString('id-ID')} a month. A sweeper run that finds work (an outbox item a request could not send) ` +
      'is not in the orders\' figures: on the counted path the requests send their own messages.',
  );
  lines.push('Prices used (USD, all to confirm on the page named):');
  for (const price of Object.values(AWS_PRICES)) lines.push(`  ${price.per}: ${price.usd.toExponential(4)}${price.confirmed ? '' : ' (TO CONFIRM)'}. ${price.source}`);
  lines.push(`  WhatsApp utility message: ${idr(rupiah('WHATSAPP_UTILITY'))} (${PRICES.WHATSAPP_UTILITY.confirmed ? 'confirmed' : 'TO CONFIRM'}; shared/notification/domain/prices.ts)`);
  lines.push('DynamoDB units are DynamoDB Local\'s answers to ReturnConsumedCapacity=INDEXES (it reports them, per index); an empty Query shows 0 there, the service bills at least 0.5 RRU.');
  lines.push('Lambda durations are this machine\'s, shared with other work: they vary between runs; the other units do not.');
  lines.push('Not counted: cold starts (and their billed INIT), X-Ray traces, CloudWatch metrics and alarms, data transfer, storage, the web app (S3 + CloudFront), tracking page views.');
  return lines.join('\n');
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
