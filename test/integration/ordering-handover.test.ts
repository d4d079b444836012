import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFestival, expectStatus, openMerchant, orderBody as foodOrderBody, type OpenMerchant } from './support/festival.ts';
import { advance, changeStatus, createFacility, createOrder, orderBody, outboxItems } from './support/ordering.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';

// The handover reconciler on DynamoDB Local and the SQS emulator: the stores keep the sparse
// index of orders awaiting a driver, and a JOB_READY that ended in the dead-letter queue (a
// medicine order, a ride, a food order) is handed over again, through the outbox, once the order
// has waited past the threshold (2 min).

let t: TestRuntime;
let pharmacist: string;
let citizen: string;
let facilityId: string;
let festivalId: string;
let merchant: OpenMerchant;

beforeAll(async () => {
  // No consumers: what reaches the dispatch queue stays there for the test to read.
  t = await startTestRuntime({ consumers: false });
  const admin = await t.token('admin', 'admin-pemkab');
  pharmacist = await t.token('pharmacy', 'apoteker-genteng');
  citizen = await t.token('citizen', 'warga-handover');
  facilityId = await createFacility(t, admin, 'genteng', ['apoteker-genteng']);
  festivalId = await createFestival(t, admin);
  merchant = await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Mbok Nah', place: 'giri', sub: 'mbok-nah' });
});
afterAll(async () => {
  await t?.stop();
});

const dispatchQueue = () => t.queue('dispatch');
const drain = async (url: string) => (await t.drain(url, { waitSeconds: 0 })).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, any>);

/** What SQS does to a message no consumer could handle maxReceiveCount times. */
async function deadLetterAll(): Promise<Record<string, any>[]> {
  const messages = await drain(dispatchQueue().url);
  for (const body of messages) await t.sqs.send(new SendMessageCommand({ QueueUrl: dispatchQueue().dlqUrl, MessageBody: JSON.stringify(body) }));
  return messages;
}

/** The run of the scheduled reconciler `seconds` from now. */
async function handOverLater(seconds: number): Promise<any> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + seconds * 1000);
  try {
    return await t.runtime.runSchedule('orderingHandover');
  } finally {
    vi.useRealTimers();
  }
}

async function awaitingIndex(kind: string): Promise<Record<string, any>[]> {
  const { Items = [] } = await t.ddb.send(
    new QueryCommand({ TableName: t.tableName('ordering'), IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': `AWAITING_DRIVER#${kind}` } }),
  );
  return Items;
}

const withoutMessageIdentity = ({ messageId: _id, occurredAt: _at, ...job }: Record<string, any>) => job;

describe('orders awaiting a driver', () => {
  it('are on the index exactly while they wait: from READY_FOR_PICKUP until they leave it', async () => {
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    await advance(t, pharmacist, order.orderId, 'PREPARING');
    expect((await awaitingIndex('MEDICINE')).map((i) => i.orderId)).not.toContain(order.orderId);
    await advance(t, pharmacist, order.orderId, 'READY_FOR_PICKUP');
    const [entry] = (await awaitingIndex('MEDICINE')).filter((i) => i.orderId === order.orderId);
    expect(entry).toMatchObject({ status: 'READY_FOR_PICKUP', gsi4sk: expect.stringMatching(new RegExp(`#${order.orderId}$`)) });
    // The index keys are storage detail: the pharmacy never sees them.
    const seen = await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist);
    expect(Object.keys(seen.body).filter((k) => k.startsWith('gsi'))).toEqual([]);

    // The order is in dispatch: its cancel is a request (202) that dispatch answers. Dispatch does
    // not run here, so its answer, JOB_WITHDRAWN, goes to the jobEvents function directly.
    expect((await changeStatus(t, pharmacist, order.orderId, 'CANCELLED')).status).toBe(202);
    const withdrawn = { type: 'JOB_WITHDRAWN', messageId: `msg_withdrawn_${order.orderId}`, jobId: `job_${order.orderId}`, kind: 'MEDICINE', orderId: order.orderId, at: new Date().toISOString() };
    const answer = { messageId: withdrawn.messageId, receiptHandle: 'rh', body: JSON.stringify(withdrawn), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, eventSource: 'aws:sqs' };
    expect(await t.runtime.invoke('jobEvents', { Records: [answer] })).toEqual({ batchItemFailures: [] });
    expect((await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist)).body).toMatchObject({ status: 'CANCELLED' });
    expect((await awaitingIndex('MEDICINE')).map((i) => i.orderId)).not.toContain(order.orderId);
    await drain(dispatchQueue().url);
    // Once it left, it is never handed over again.
    await handOverLater(3600);
    expect((await drain(dispatchQueue().url)).filter((m) => m.orderId === order.orderId && m.type === 'JOB_READY')).toEqual([]);
  });

  it('whose JOB_READY went to the dead-letter queue are handed over again after the threshold, with the same job', async () => {
    await handOverLater(3600); // what earlier tests left waiting is stamped, so only this test's orders are due below
    await drain(dispatchQueue().url);
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    const booked = await t.post(
      '/v1/rides',
      {
        pickup: { location: { lat: -8.2185, lng: 114.3695 }, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
        dropoff: { location: { lat: -8.1429, lng: 114.3972 }, address: { street: 'Jl. Gatot Subroto', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
        vehicleType: 'MOTORBIKE',
      },
      citizen,
    );
    expect(booked.status, booked.text).toBe(201);
    const placed = expectStatus(await t.post('/v1/food-orders', foodOrderBody(festivalId, merchant), citizen), 201);
    expectStatus(await t.post(`/v1/food-orders/${placed.body.orderId}/status`, { status: 'ACCEPTED', prepMinutes: 20 }, merchant.token), 200);
    const lost = await deadLetterAll();
    expect(lost.map((m) => m.orderId).sort()).toEqual([order.orderId, booked.body.rideId, placed.body.orderId].sort());

    // Within the threshold nothing is sent: the message may still be on its way.
    expect(await handOverLater(60)).toMatchObject({ handedOver: { MEDICINE: 0, FOOD: 0, RIDE: 0 } });
    expect(await drain(dispatchQueue().url)).toEqual([]);

    expect(await handOverLater(121)).toMatchObject({ handedOver: { MEDICINE: 1, FOOD: 1, RIDE: 1 }, movedOn: 0 });
    const again = await drain(dispatchQueue().url);
    expect(again.map(withoutMessageIdentity).sort((a, b) => a.orderId.localeCompare(b.orderId))).toEqual(
      lost.map(withoutMessageIdentity).sort((a, b) => a.orderId.localeCompare(b.orderId)),
    );
    expect(again.filter((m) => lost.some((l) => l.messageId === m.messageId))).toEqual([]);
    expect(await outboxItems(t)).toEqual([]);

    // The handover is stamped on the order: the next runs within the threshold leave it alone.
    const [stamped] = (await awaitingIndex('MEDICINE')).filter((i) => i.orderId === order.orderId);
    expect(stamped!.gsi4sk.split('#')[0] > stamped!.updatedAt).toBe(true);
    expect(await handOverLater(200)).toMatchObject({ handedOver: { MEDICINE: 0, FOOD: 0, RIDE: 0 } });
    expect(await drain(dispatchQueue().url)).toEqual([]);
    // The order itself is untouched: same version, same status.
    const seen = await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist);
    expect(seen.body).toMatchObject({ status: 'READY_FOR_PICKUP', updatedAt: stamped!.updatedAt });
  });
});
