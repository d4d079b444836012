import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { advance, changeStatus, createFacility, createOrder, orderBody, outboxItems } from './support/ordering.ts';

// "If the send fails after the database write, the order must still reach the queue."
//
// The fault is real: the handlers reach SQS through a TCP link this file controls. With the link
// down, the connection is refused, exactly as when the endpoint is unreachable; with it up,
// bytes pass through to the emulator untouched. The handlers' SQS client is created on the first
// send (shared/platform/sqs-client.ts) from AWS_ENDPOINT_URL_SQS, so the link is put in place
// before any handler sends. The dispatch consumer is off, so the test reads the queue itself.

/** A switchable TCP pass-through to the SQS emulator. */
class SqsLink {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Holds what the handlers send for this long before passing it on: a slow network. */
  delayMs = 0;

  constructor(
    private readonly port: number,
    private readonly target: URL,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk: Buffer) => {
        if (this.delayMs === 0) upstream.write(chunk);
        else setTimeout(() => upstream.write(chunk), this.delayMs);
      });
      client.on('end', () => setTimeout(() => upstream.end(), this.delayMs));
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Closes the port and cuts open connections: every send now fails to connect. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

let t: TestRuntime;
let link: SqsLink;
let pharmacist: string;
let facilityId: string;
const originalSqsEndpoint = process.env.AWS_ENDPOINT_URL_SQS;

beforeAll(async () => {
  t = await startTestRuntime({ consumers: false });
  link = new SqsLink(await freePort(), new URL(t.runtime.sqsEndpoint));
  await link.up();
  // Before the first send: the handlers' SQS client reads this once, when it is created.
  process.env.AWS_ENDPOINT_URL_SQS = link.endpoint;

  const admin = await t.token('admin', 'admin-pemkab');
  pharmacist = await t.token('pharmacy', 'apoteker-genteng');
  facilityId = await createFacility(t, admin, 'genteng', ['apoteker-genteng']);
});
afterAll(async () => {
  await link?.down();
  if (originalSqsEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_SQS;
  else process.env.AWS_ENDPOINT_URL_SQS = originalSqsEndpoint;
  await t?.stop();
});

const dispatchQueue = () => t.queue('dispatch').url;
/** What is on the dispatch queue now. Every send under test has completed before we look, so no long poll. */
const bodies = async () => (await t.drain(dispatchQueue(), { waitSeconds: 0 })).map((m) => JSON.parse(m.Body ?? '{}'));

/** The sweeper only takes messages older than its in-flight window (30 s); pretend that much time passed. */
async function sweepLater(seconds: number): Promise<unknown> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + seconds * 1000);
  try {
    return await t.runtime.runSchedule('orderingOutbox');
  } finally {
    vi.useRealTimers();
  }
}

describe('handing a ready order to dispatch', () => {
  it('with SQS healthy, sends at once and leaves nothing in the outbox', async () => {
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    expect(await outboxItems(t)).toEqual([]);
    const messages = await bodies();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'JOB_READY', orderId: order.orderId, jobId: `job_${order.orderId}`, kind: 'MEDICINE' });
  });

  it('twelve orders ready at once over a slow link to SQS: each message reaches the queue once and the outbox empties, the sends and deletes that came during a call going together in the next', async () => {
    const orders = await Promise.all(Array.from({ length: 12 }, () => createOrder(t, pharmacist, orderBody(facilityId))));
    await Promise.all(orders.map((order) => advance(t, pharmacist, order.orderId, 'PREPARING')));
    const { documentClient } = await import('../../shared/platform/clients.ts');
    const { loadedSqsClient } = await import('../../shared/platform/sqs-client.ts');
    const calls: Record<string, number> = {};
    const count = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      calls[String(context.commandName)] = (calls[String(context.commandName)] ?? 0) + 1;
      return next(args);
    };
    documentClient.middlewareStack.add(count as never, { step: 'initialize', name: 'outboxTestCount' });
    (await loadedSqsClient()).middlewareStack.add(count as never, { step: 'initialize', name: 'outboxTestCount' });
    // Each send takes 150 ms on the way: the requests' sends overlap, as they do under load.
    link.delayMs = 150;
    try {
      const answers = await Promise.all(orders.map((order) => changeStatus(t, pharmacist, order.orderId, 'READY_FOR_PICKUP')));
      expect(answers.map((a) => a.status)).toEqual(orders.map(() => 200));
    } finally {
      link.delayMs = 0;
      documentClient.middlewareStack.remove('outboxTestCount');
      (await loadedSqsClient()).middlewareStack.remove('outboxTestCount');
    }
    expect(await outboxItems(t)).toEqual([]);
    const messages = await bodies();
    expect(messages.map((m) => m.orderId).sort()).toEqual(orders.map((o) => o.orderId).sort());
    // What came while a send or a delete was under way went together in the next call (a batch).
    expect(calls.SendMessageBatchCommand).toBeGreaterThan(0);
    expect(calls.BatchWriteItemCommand).toBeGreaterThan(0);
    const deletes = (calls.DeleteItemCommand ?? 0) + (calls.BatchWriteItemCommand ?? 0);
    const sends = (calls.SendMessageCommand ?? 0) + (calls.SendMessageBatchCommand ?? 0);
    expect(deletes).toBeGreaterThan(0);
    expect(deletes).toBeLessThan(orders.length);
    expect(sends).toBeLessThan(orders.length);
  });

  it('with SQS unreachable, still answers READY_FOR_PICKUP, keeps the message in the outbox, and the sweeper delivers it once SQS is back', async () => {
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    await advance(t, pharmacist, order.orderId, 'PREPARING');
    expect(await bodies()).toEqual([]);

    await link.down();
    const ready = await changeStatus(t, pharmacist, order.orderId, 'READY_FOR_PICKUP');
    expect(ready.status, ready.text).toBe(200);
    expect(ready.body.status).toBe('READY_FOR_PICKUP');
    expect((await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist)).body.status).toBe('READY_FOR_PICKUP');

    const [pending, ...more] = await outboxItems(t);
    expect(more).toEqual([]);
    expect(pending).toMatchObject({ pk: 'OUTBOX', queue: 'dispatch' });
    expect(JSON.parse(pending!.body)).toMatchObject({ type: 'JOB_READY', orderId: order.orderId });
    expect(await bodies()).toEqual([]);

    // A sweep while SQS is still down fails loudly (the function's error alarm) and keeps the message.
    await expect(sweepLater(31)).rejects.toThrow(/1 outbox message\(s\) still unsent/);
    expect(await outboxItems(t)).toHaveLength(1);

    await link.up();
    // Within the in-flight window the sweeper leaves the message to the request that wrote it.
    expect(await t.runtime.runSchedule('orderingOutbox')).toEqual({ sent: 0, failed: 0 });
    expect(await outboxItems(t)).toHaveLength(1);

    expect(await sweepLater(31)).toEqual({ sent: 1, failed: 0 });
    const messages = await bodies();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'JOB_READY', orderId: order.orderId, jobId: `job_${order.orderId}`, messageId: JSON.parse(pending!.body).messageId });
    expect(await outboxItems(t)).toEqual([]);

    // Nothing is sent twice.
    expect(await sweepLater(31)).toEqual({ sent: 0, failed: 0 });
    expect(await bodies()).toEqual([]);
  });

  it('cancelling while SQS is unreachable also reaches dispatch through the outbox', async () => {
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    expect((await bodies()).map((m) => m.type)).toEqual(['JOB_READY']);

    await link.down();
    try {
      // The cancel request (202) waits in the outbox.
      expect((await changeStatus(t, pharmacist, order.orderId, 'CANCELLED')).status).toBe(202);
      expect(await outboxItems(t)).toHaveLength(1);
    } finally {
      await link.up();
    }
    expect(await sweepLater(31)).toEqual({ sent: 1, failed: 0 });
    const messages = await bodies();
    expect(messages).toEqual([expect.objectContaining({ type: 'JOB_CANCELLED', kind: 'MEDICINE', orderId: order.orderId, jobId: `job_${order.orderId}` })]);
    expect(await outboxItems(t)).toEqual([]);
  });
});
