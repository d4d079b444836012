import { randomBytes } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWibIso } from '../../shared/platform/time.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { advance, changeStatus, createFacility, createOrder, listAllOrders, orderBody } from './support/ordering.ts';
import { waitFor } from './support/wait.ts';

// Ordering's half of the jobEvents contract: this file plays dispatch, putting job events straight
// onto the jobEvents queue, and watches the medicine order follow over HTTP, as the pharmacy
// (GET /v1/medicine-orders) and the public (GET /v1/track) see it. The dispatch engine's own
// consumer is replaced by one that only acknowledges, so that its matching (no drivers here)
// cannot interleave events of its own with ours. Events carry no names or free text: what they
// leave out (the driver's name, who received, why it failed) the consumer reads from dispatch's
// table, so this file also writes dispatch's records of the driver and the job, as dispatch would.
let t: TestRuntime;
let pharmacist: string;
let facilityId: string;

const acknowledgeOnly = async () => ({ batchItemFailures: [] });

beforeAll(async () => {
  t = await startTestRuntime({ handlers: { dispatchRequests: acknowledgeOnly } });
  const admin = await t.token('admin', 'admin-pemkab');
  pharmacist = await t.token('pharmacy', 'apoteker-blambangan');
  facilityId = await createFacility(t, admin, 'blambangan', ['apoteker-blambangan']);
  await putDispatchRecord({ pk: 'DRIVER#drv_bagus', sk: 'DRIVER', driverId: 'drv_bagus', name: 'Bagus Santoso', vehicle: { type: 'MOTORBIKE', plate: 'P 4821 UX' } });
});
afterAll(async () => {
  await t?.stop();
});

const BAGUS = { driverId: 'drv_bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' };

const putDispatchRecord = (item: Record<string, unknown>) => t.ddb.send(new PutCommand({ TableName: t.tableName('dispatch'), Item: item }));
/** How dispatch records the end of a job, in the transaction that sends its event. */
const jobEnded = (orderId: string, outcome: { deliveredTo?: string; failureReason?: string }) =>
  putDispatchRecord({ pk: `JOB#job_${orderId}`, sk: 'JOB', jobId: `job_${orderId}`, orderId, ...outcome });

/** A time `minutes` from now, as dispatch stamps its events (UTC here; the order keeps WIB). */
const minutesFromNow = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

function jobEvent(orderId: string, type: string, at: string, extra: Record<string, unknown> = {}) {
  return { type, messageId: `msg_${randomBytes(6).toString('hex')}`, jobId: `job_${orderId}`, kind: 'MEDICINE', orderId, at, ...extra };
}

const send = (event: unknown) =>
  t.sqs.send(new SendMessageCommand({ QueueUrl: t.queue('jobEvents').url, MessageBody: typeof event === 'string' ? event : JSON.stringify(event) }));

/** An order its pharmacist registered and moved to READY_FOR_PICKUP over HTTP. */
async function readyOrder(): Promise<{ orderId: string; trackingToken: string }> {
  const order = await createOrder(t, pharmacist, orderBody(facilityId));
  await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
  return { orderId: order.orderId, trackingToken: order.trackingToken };
}

const getOrder = async (orderId: string) => {
  const res = await t.get(`/v1/medicine-orders/${orderId}`, pharmacist);
  expect(res.status, res.text).toBe(200);
  return res.body as Record<string, any>;
};

const orderReaches = (orderId: string, status: string) =>
  waitFor(`order ${orderId} to be ${status}`, async () => {
    const order = await getOrder(orderId);
    return order.status === status ? order : undefined;
  });

/** Waits until the consumer has taken every job event off the queue (applied, or ignored as a no-op). */
const jobEventsConsumed = () =>
  waitFor('the jobEvents queue to be empty', async () => {
    const { Attributes = {} } = await t.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: t.queue('jobEvents').url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible) === 0 ? true : undefined;
  });

describe('a medicine order following its delivery job', () => {
  it('goes COURIER_ASSIGNED → PICKED_UP → DELIVERED with the step times, and the public sees the driver’s first name and vehicle only', async () => {
    const { orderId, trackingToken } = await readyOrder();
    const [assignedAt, pickedUpAt, deliveredAt] = [minutesFromNow(1), minutesFromNow(14), minutesFromNow(38)];
    const assigned = jobEvent(orderId, 'COURIER_ASSIGNED', assignedAt, { driver: BAGUS });

    await send(assigned);
    const withCourier = await orderReaches(orderId, 'COURIER_ASSIGNED');
    expect(withCourier.driver).toMatchObject({ firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' });
    const trackedAssigned = await t.get(`/v1/track/${trackingToken}`);
    expect(trackedAssigned.body).toMatchObject({ status: 'COURIER_ASSIGNED', driverFirstName: 'Bagus' });

    // SQS delivers at least once: the assignment comes again, and changes nothing.
    await send(assigned);
    await send(jobEvent(orderId, 'PICKED_UP', pickedUpAt));
    await orderReaches(orderId, 'PICKED_UP');
    await jobEnded(orderId, { deliveredTo: 'Pak Slamet Riyadi' });
    await send(jobEvent(orderId, 'DELIVERED', deliveredAt));
    const done = await orderReaches(orderId, 'DELIVERED');
    await jobEventsConsumed();

    expect(done.deliveredTo).toBe('Pak Slamet Riyadi');
    const steps = [
      { status: 'COURIER_ASSIGNED', at: toWibIso(new Date(assignedAt)) },
      { status: 'PICKED_UP', at: toWibIso(new Date(pickedUpAt)) },
      { status: 'DELIVERED', at: toWibIso(new Date(deliveredAt)) },
    ];
    const final = await getOrder(orderId);
    expect(final.timeline.map((s: { status: string }) => s.status)).toEqual(['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED']);
    expect(final.timeline.slice(-3)).toEqual(steps);

    const tracked = await t.get(`/v1/track/${trackingToken}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ status: 'DELIVERED', driverFirstName: 'Bagus', driverPosition: null });
    expect(tracked.body.driver).toEqual({ firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' });
    expect(tracked.body.timeline.slice(-3)).toEqual(steps);
    for (const secret of ['Santoso', 'drv_bagus', 'Slamet', 'Siti', 'deliveredTo', 'driverId']) {
      expect(tracked.text, `tracking shows ${secret}`).not.toContain(secret);
    }
  });

  it('applies a PICKED_UP that overtakes its COURIER_ASSIGNED once the assignment is in, without skipping it', async () => {
    const { orderId } = await readyOrder();
    const [assignedAt, pickedUpAt] = [minutesFromNow(1), minutesFromNow(9)];
    await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: t.queue('jobEvents').url,
        Entries: [
          { Id: 'pickup', MessageBody: JSON.stringify(jobEvent(orderId, 'PICKED_UP', pickedUpAt)) },
          { Id: 'assign', MessageBody: JSON.stringify(jobEvent(orderId, 'COURIER_ASSIGNED', assignedAt, { driver: BAGUS })) },
        ],
      }),
    );
    const order = await orderReaches(orderId, 'PICKED_UP');
    expect(order.timeline.slice(-2)).toEqual([
      { status: 'COURIER_ASSIGNED', at: toWibIso(new Date(assignedAt)) },
      { status: 'PICKED_UP', at: toWibIso(new Date(pickedUpAt)) },
    ]);
  });

  it('goes DELIVERY_FAILED with the driver’s reason, then RETURNED_TO_PHARMACY when the pharmacy records the package back', async () => {
    const { orderId, trackingToken } = await readyOrder();
    await send(jobEvent(orderId, 'COURIER_ASSIGNED', minutesFromNow(1), { driver: BAGUS }));
    await orderReaches(orderId, 'COURIER_ASSIGNED');
    await send(jobEvent(orderId, 'PICKED_UP', minutesFromNow(10)));
    await orderReaches(orderId, 'PICKED_UP');
    await jobEnded(orderId, { failureReason: 'Rumah kosong, telepon tidak diangkat' });
    await send(jobEvent(orderId, 'DELIVERY_FAILED', minutesFromNow(40)));
    const failed = await orderReaches(orderId, 'DELIVERY_FAILED');
    expect(failed.failureReason).toBe('Rumah kosong, telepon tidak diangkat');

    const back = await changeStatus(t, pharmacist, orderId, 'RETURNED_TO_PHARMACY');
    expect(back.status, back.text).toBe(200);
    expect(back.body.status).toBe('RETURNED_TO_PHARMACY');
    const tracked = await t.get(`/v1/track/${trackingToken}`);
    expect(tracked.body.timeline.map((s: { status: string }) => s.status).slice(-2)).toEqual(['DELIVERY_FAILED', 'RETURNED_TO_PHARMACY']);
    expect(tracked.text).not.toContain('Rumah kosong');
  });

  it('goes back to READY_FOR_PICKUP without a driver when the courier gives the job back', async () => {
    const { orderId, trackingToken } = await readyOrder();
    await send(jobEvent(orderId, 'COURIER_ASSIGNED', minutesFromNow(1), { driver: BAGUS }));
    await orderReaches(orderId, 'COURIER_ASSIGNED');
    await send(jobEvent(orderId, 'COURIER_RELEASED', minutesFromNow(3), { driver: BAGUS }));
    const released = await orderReaches(orderId, 'READY_FOR_PICKUP');
    expect(released.driver).toBeUndefined();
    expect((await t.get(`/v1/track/${trackingToken}`)).body.driverFirstName).toBeNull();
  });
});

describe('attention for the pharmacy', () => {
  it('flags an order nobody has taken in its GET and its list, without changing its status, until a courier is assigned', async () => {
    const { orderId } = await readyOrder();
    const since = minutesFromNow(15);
    await send(jobEvent(orderId, 'ATTENTION', since, { attention: 'NO_DRIVER_YET' }));

    const flagged = await waitFor(`attention on ${orderId}`, async () => {
      const order = await getOrder(orderId);
      return order.attention ? order : undefined;
    });
    expect(flagged).toMatchObject({ status: 'READY_FOR_PICKUP', attention: { code: 'NO_DRIVER_YET', since: toWibIso(new Date(since)) } });
    const listed = (await listAllOrders(t, pharmacist, facilityId, '&status=READY_FOR_PICKUP')).find((o) => o.orderId === orderId);
    expect(listed?.attention).toEqual({ code: 'NO_DRIVER_YET', since: toWibIso(new Date(since)) });

    await send(jobEvent(orderId, 'COURIER_ASSIGNED', minutesFromNow(16), { driver: BAGUS }));
    const assigned = await orderReaches(orderId, 'COURIER_ASSIGNED');
    expect(assigned.attention).toBeUndefined();
  });

  it('tells the pharmacy when the delivery code is locked', async () => {
    const { orderId } = await readyOrder();
    await send(jobEvent(orderId, 'COURIER_ASSIGNED', minutesFromNow(1), { driver: BAGUS }));
    await orderReaches(orderId, 'COURIER_ASSIGNED');
    await send(jobEvent(orderId, 'PICKED_UP', minutesFromNow(10)));
    await orderReaches(orderId, 'PICKED_UP');
    await send(jobEvent(orderId, 'ATTENTION', minutesFromNow(30), { attention: 'DELIVERY_CODE_LOCKED' }));
    const locked = await waitFor(`DELIVERY_CODE_LOCKED on ${orderId}`, async () => {
      const order = await getOrder(orderId);
      return order.attention?.code === 'DELIVERY_CODE_LOCKED' ? order : undefined;
    });
    expect(locked.status).toBe('PICKED_UP');
  });
});

describe('a cancel that dispatch refuses', () => {
  it('leaves the order following its job: the pickup that won the race and the delivery still apply', async () => {
    const { orderId } = await readyOrder();
    await send(jobEvent(orderId, 'COURIER_ASSIGNED', minutesFromNow(1), { driver: BAGUS }));
    await orderReaches(orderId, 'COURIER_ASSIGNED');
    expect((await changeStatus(t, pharmacist, orderId, 'CANCELLED')).status).toBe(202);
    await send(jobEvent(orderId, 'PICKED_UP', minutesFromNow(2), { driver: BAGUS }));
    await orderReaches(orderId, 'PICKED_UP');
    await send(jobEvent(orderId, 'CANCEL_REFUSED', minutesFromNow(3), { reason: 'PICKED_UP' }));
    await waitFor('the refusal', async () => ((await getOrder(orderId)).cancelRefused ? true : undefined));
    await send(jobEvent(orderId, 'DELIVERED', minutesFromNow(20), { recipientName: 'Pak Slamet', driver: BAGUS }));
    const delivered = await orderReaches(orderId, 'DELIVERED');
    expect(delivered.cancellation).toBeUndefined();
    expect(delivered.cancelRefused).toMatchObject({ reason: 'PICKED_UP' });
  });
});

describe('events the order cannot take', () => {
  it('leaves a cancelled order as it is', async () => {
    const { orderId } = await readyOrder();
    // In dispatch: the cancel is a request, and dispatch's JOB_WITHDRAWN cancels the order.
    const asked = await changeStatus(t, pharmacist, orderId, 'CANCELLED');
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body).toMatchObject({ status: 'READY_FOR_PICKUP', cancellation: { by: 'pharmacy' } });
    await send(jobEvent(orderId, 'JOB_WITHDRAWN', minutesFromNow(1)));
    await orderReaches(orderId, 'CANCELLED');
    await send(jobEvent(orderId, 'COURIER_ASSIGNED', minutesFromNow(1), { driver: BAGUS }));
    await jobEventsConsumed();
    const order = await getOrder(orderId);
    expect(order.status).toBe('CANCELLED');
    expect(order.driver).toBeUndefined();
  });

  it('sends poison events to the jobEvents DLQ, and nothing else', async () => {
    const { orderId } = await readyOrder();
    const poison = [
      '{ not json',
      JSON.stringify({ type: 'PICKED_UP', jobId: 'job_x' }),
      JSON.stringify({ ...jobEvent(orderId, 'PICKED_UP', minutesFromNow(1)), kind: 'FOOD' }),
    ];
    for (const body of poison) await send(body);

    const { dlqUrl } = t.queue('jobEvents');
    const dead: string[] = [];
    await waitFor(
      `the ${poison.length} poison events in ${dlqUrl}`,
      async () => {
        for (const message of await t.drain(dlqUrl, { waitSeconds: 0 })) dead.push(message.Body ?? '');
        return dead.length >= poison.length ? true : undefined;
      },
      { timeoutMs: 45_000 },
    );
    await jobEventsConsumed();
    for (const message of await t.drain(dlqUrl, { waitSeconds: 0 })) dead.push(message.Body ?? '');
    // Every other event of this file was applied or ignored on purpose: none was dead-lettered.
    expect([...dead].sort()).toEqual([...poison].sort());
    expect((await getOrder(orderId)).status).toBe('READY_FOR_PICKUP');
  });
});
