import { randomBytes } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { advance, changeStatus, createFacility, createOrder, dispatchJob, expectError, orderBody } from './support/ordering.ts';
import { waitFor } from './support/wait.ts';

// UU PDP: patient and medical data never reach the logs. Everything the handlers write is
// captured here (the Powertools logger writes to process.stdout / stderr through its own
// Console; anything else through console.*), with the logger at its most talkative: DEBUG, and
// every invocation event logged, as an operator chasing a bug might switch it on.

const captured: string[] = [];
const originalWrites = { stdout: process.stdout.write, stderr: process.stderr.write };
const capture = (chunk: unknown): boolean => {
  captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
  return true;
};

let t: TestRuntime;
let pharmacist: string;
let facilityId: string;

const tag = randomBytes(3).toString('hex');
const patient = {
  name: `Mbok Sarinten ${tag}`,
  nik: '3510777788889999',
  phone: '0813-7777-4242',
  street: `Jalan Ontosoroh ${tag}`,
  desa: `Gombengsari${tag}`,
  medicines: [`Glibenklamid ${tag}`, `Ovacrinol ${tag}`],
};
/** The strings that must never be logged, in every form they travel in. */
const secrets = [patient.name, 'Sarinten', patient.nik, '081377774242', '81377774242', patient.street, 'Ontosoroh', patient.desa, ...patient.medicines, 'Glibenklamid', 'Ovacrinol'];

const body = () =>
  orderBody(facilityId, {
    patient: { name: patient.name, nik: patient.nik, phone: patient.phone },
    address: { street: patient.street, desa: patient.desa, kecamatan: 'Kalipuro', rt: '004', rw: '002' },
    items: [
      { name: patient.medicines[0], quantity: 30, unit: 'tablet', category: 'REGULAR' },
      { name: patient.medicines[1], quantity: 1, unit: 'vial', category: 'COLD_CHAIN' },
    ],
  });

beforeAll(async () => {
  t = await startTestRuntime({ errorLog: (line) => captured.push(line) });
  // Read by the logger when the first handler module loads, which is after this.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' ')));
  }

  const admin = await t.token('admin', 'admin-pemkab');
  pharmacist = await t.token('pharmacy', 'apoteker-blambangan');
  facilityId = await createFacility(t, admin, 'blambangan', ['apoteker-blambangan']);
});
afterAll(async () => {
  process.stdout.write = originalWrites.stdout;
  process.stderr.write = originalWrites.stderr;
  vi.restoreAllMocks();
  delete process.env.POWERTOOLS_LOGGER_LOG_EVENT;
  await t?.stop();
});

describe('logs', () => {
  it('never carry the patient’s name, NIK, phone, street, desa or medicines, through a whole order and its errors', async () => {
    // A message dispatch cannot accept, carrying a patient's data: the consumer fails it loudly
    // (checked at the end, it runs meanwhile), and still does not log what it carried.
    const dispatch = t.queue('dispatch');
    await t.sqs.send(
      new SendMessageCommand({
        QueueUrl: dispatch.url,
        MessageBody: JSON.stringify({ type: 'JOB_READY', orderId: `mo_${tag}`, kind: 'DRONE', patient: { name: patient.name, nik: patient.nik }, items: patient.medicines }),
      }),
    );
    const first = body();
    const order = await createOrder(t, pharmacist, first);
    expect((await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist)).status).toBe(200);
    expect((await t.get(`/v1/medicine-orders?facilityId=${facilityId}`, pharmacist)).status).toBe(200);
    await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    await waitFor('the dispatch job', async () => ((await dispatchJob(t, order.orderId))?.status === 'WAITING' ? true : undefined));
    expect((await t.get(`/v1/track/${order.trackingToken}`)).status).toBe(200);

    // Refusals, with the same personal data in the request.
    expectError(await t.post('/v1/medicine-orders', first, pharmacist), 409, 'DUPLICATE_PRESCRIPTION');
    expectError(
      await t.post('/v1/medicine-orders', { ...body(), items: [{ name: patient.medicines[0], quantity: 1, unit: 'ampul', category: 'NARCOTIC' }] }, pharmacist),
      422,
      'RESTRICTED_MEDICINE',
    );
    expectError(await t.post('/v1/medicine-orders', { ...body(), patient: { ...body().patient, nik: `${patient.nik}0` } }, pharmacist), 400);
    expectError(await t.post('/v1/medicine-orders', { ...body(), patient: { ...body().patient, phone: `${patient.phone}-99999` } }, pharmacist), 400);
    // With an idempotency key, the request and response are stored and replayed: still not logged.
    const keyed = body();
    const idempotency = { 'Idempotency-Key': `log-test-${tag}` };
    expect((await t.post('/v1/medicine-orders', keyed, pharmacist, idempotency)).status).toBe(201);
    expect((await t.post('/v1/medicine-orders', keyed, pharmacist, idempotency)).status).toBe(201);

    expect((await changeStatus(t, pharmacist, order.orderId, 'CANCELLED')).status).toBe(202);
    await waitFor('the cancelled job', async () => ((await dispatchJob(t, order.orderId))?.status === 'CANCELLED' ? true : undefined));

    await waitFor('the consumer to refuse the message', () => (captured.some((line) => line.includes('dispatchRequests failed')) ? true : undefined));

    const text = captured.join('\n');
    const logLines = captured.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{"level"'));
    // The capture works: the logger wrote about this very order, and logged whole events.
    expect(logLines.some((line) => line.includes(order.orderId))).toBe(true);
    expect(logLines.some((line) => line.includes('/v1/medicine-orders') && line.includes('"body":"[REDACTED]"'))).toBe(true);
    expect(logLines.some((line) => line.includes(`job_${order.orderId}`))).toBe(true);

    for (const secret of [...secrets, `"${order.deliveryCode}"`]) {
      const leaks = text.split('\n').filter((line) => line.includes(secret));
      expect(leaks, `logged: ${secret}`).toEqual([]);
    }
  });
});
