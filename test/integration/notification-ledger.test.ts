/**
 * Exactly one message per event per recipient, opt-out and the per-phone rate limit, on the real
 * ledger (DynamoDB Local): notifyForNotice with the DynamoDB ledger, a recording channel and the
 * order's particulars given here. What a redelivery, a concurrent second delivery, a failed send,
 * a crash between claim and settle and a STOP reply do to what reaches the phone.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeParticulars, OrderNotice } from '../../shared/kernel/order-notices.ts';
import { MessageInFlightError, notifyForNotice } from '../../shared/notification/application/notify.ts';
import { recordReply } from '../../shared/notification/application/replies.ts';
import { awsChannels } from '../../shared/notification/adapters/aws-channels.ts';
import { CLAIM_LEASE_SECONDS, DynamoDbNotificationLedger } from '../../shared/notification/adapters/dynamodb-notification-ledger.ts';
import type { Channel, OutgoingMessage } from '../../shared/notification/ports/channels.ts';
import type { NotificationPorts } from '../../shared/notification/ports/notification-ports.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';

let t: TestRuntime;
let ledger: DynamoDbNotificationLedger;

beforeAll(async () => {
  t = await startTestRuntime({ consumers: false });
  ledger = new DynamoDbNotificationLedger(t.ddb, t.tableName('notification'));
});

afterAll(async () => {
  await t?.stop();
});

let phoneCounter = 0;
/** Each test its own phone, so opt-outs and counts do not cross. */
const newPhone = () => `+62812777${String(++phoneCounter).padStart(5, '0')}`;

const particulars = (phone: string): NoticeParticulars => ({
  particularsFor: async ({ orderId }) => ({
    recipients: [{ role: 'PATIENT', phone }],
    values: { orderRef: orderId.slice(-6), facilityName: 'RSUD Blambangan', trackingUrl: 'https://g.example/track/t', deliveryCode: '042917', driverFirstName: 'Bagus', vehiclePlate: 'P 4821 UX' },
  }),
});

/** A channel that records what reached the phone; `failures` sends fail first (a provider outage). */
function recordingChannel(failures = 0): Channel & { sent: OutgoingMessage[]; attempts: number } {
  const channel = {
    name: 'LOCAL' as const,
    sent: [] as OutgoingMessage[],
    attempts: 0,
    send: async (message: OutgoingMessage) => {
      channel.attempts++;
      if (channel.attempts <= failures) throw new Error('provider unavailable');
      channel.sent.push(message);
      return { channel: 'LOCAL' as const, providerMessageId: `p-${channel.sent.length}`, priceClass: 'LOCAL' };
    },
  };
  return channel;
}

function world(options: { failures?: number; channel?: Channel } = {}) {
  const phone = newPhone();
  const channel = recordingChannel(options.failures);
  let now = new Date('2026-11-30T03:10:00Z');
  const ports: NotificationPorts = { particulars: particulars(phone), ledger, channel: options.channel ?? channel, clock: { now: () => now } };
  const advance = (seconds: number) => void (now = new Date(now.getTime() + seconds * 1000));
  return { phone, channel, ports, advance, now: () => now };
}

let orderCounter = 0;
const notice = (event: OrderNotice['event'] = 'DRIVER_ASSIGNED', orderId = `mo_01JLEDGER${String(++orderCounter).padStart(16, '0')}`): OrderNotice => ({
  type: 'ORDER_NOTICE',
  messageId: `ntc_${orderId}_${event}_1`,
  orderKind: 'MEDICINE',
  orderId,
  event,
  occurrence: 1,
  occurredAt: '2026-11-30T10:10:00.000+07:00',
});

describe('one message per event per recipient', () => {
  it('sends a notice delivered three times once', async () => {
    const { ports, channel } = world();
    const n = notice();
    expect((await notifyForNotice(ports, n))[0]).toMatchObject({ outcome: 'SENT', ref: `${n.orderId}#DRIVER_ASSIGNED#PATIENT`, channel: 'LOCAL', priceClass: 'LOCAL' });
    expect((await notifyForNotice(ports, n))[0]!.outcome).toBe('ALREADY_SETTLED');
    expect((await notifyForNotice(ports, n))[0]!.outcome).toBe('ALREADY_SETTLED');
    expect(channel.sent).toHaveLength(1);
    // The send is on record with its channel and price class.
    const { Item } = await t.ddb.send(new GetCommand({ TableName: t.tableName('notification'), Key: { pk: `MSG#${n.orderId}#DRIVER_ASSIGNED#PATIENT`, sk: 'MSG' } }));
    expect(Item).toMatchObject({ state: 'SENT', channel: 'LOCAL', priceClass: 'LOCAL', providerMessageId: 'p-1' });
  });

  it('sends a notice delivered twice at once once: the second attempt waits for the first and then finds it settled', async () => {
    // The send is held open until the other attempt has answered, so the two overlap however
    // slowly the machine runs (otherwise the second could start after the first settled).
    const recorded = recordingChannel();
    let otherAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (otherAnswered = resolve));
    const held: Channel = { name: 'LOCAL', send: async (message) => (await answered, recorded.send(message)) };
    const { ports } = world({ channel: held });
    const channel = recorded;
    const n = notice();
    const attempt = () => notifyForNotice(ports, n).finally(() => otherAnswered());
    const [first, second] = await Promise.allSettled([attempt(), attempt()]);
    const outcomes = [first, second].map((r) => (r.status === 'fulfilled' ? r.value[0]!.outcome : (r.reason as Error).name));
    expect(outcomes.sort()).toEqual(['MessageInFlightError', 'SENT']);
    expect((await notifyForNotice(ports, n))[0]!.outcome).toBe('ALREADY_SETTLED');
    expect(channel.sent).toHaveLength(1);
  });

  it('gives a failed send back to the queue, whose retry sends it once', async () => {
    const { ports, channel } = world({ failures: 1 });
    const n = notice();
    await expect(notifyForNotice(ports, n)).rejects.toThrow('provider unavailable');
    expect((await notifyForNotice(ports, n))[0]!.outcome).toBe('SENT');
    expect((await notifyForNotice(ports, n))[0]!.outcome).toBe('ALREADY_SETTLED');
    expect([channel.attempts, channel.sent.length]).toEqual([2, 1]);
  });

  it('never sends again what an attempt that died after its claim may have sent: in flight during the lease, then UNCERTAIN', async () => {
    const { ports, channel, phone, advance, now } = world();
    const n = notice();
    // The dead attempt: claimed, then nothing (the function timed out during the send).
    expect(await ledger.claim({ ref: `${n.orderId}#DRIVER_ASSIGNED#PATIENT`, to: phone, template: 'gancang_medicine_driver_assigned' }, now())).toBe('CLAIMED');
    advance(30);
    await expect(notifyForNotice(ports, n)).rejects.toBeInstanceOf(MessageInFlightError);
    advance(CLAIM_LEASE_SECONDS);
    expect((await notifyForNotice(ports, n))[0]!.outcome).toBe('UNCERTAIN');
    expect((await notifyForNotice(ports, n))[0]!.outcome).toBe('ALREADY_SETTLED');
    expect(channel.sent).toEqual([]);
  });

  it('records a message no channel will take (none configured on AWS) as skipped, and does not fail the notice', async () => {
    const { ports } = world({ channel: awsChannels({}) });
    const n = notice();
    expect((await notifyForNotice(ports, n))[0]).toMatchObject({ outcome: 'NOT_SENDABLE', detail: expect.stringMatching(/^NotConfiguredError/) });
    expect((await notifyForNotice(ports, n))[0]!.outcome).toBe('ALREADY_SETTLED');
  });
});

describe('opting out', () => {
  it('stops every message after STOP or BERHENTI, except the delivery code', async () => {
    const { ports, channel, phone, now } = world();
    expect(await recordReply(ports, { from: phone.slice(1), text: 'berhenti', at: now() })).toBe('OPTED_OUT');
    expect((await notifyForNotice(ports, notice('DRIVER_ASSIGNED')))[0]!.outcome).toBe('OPTED_OUT');
    expect((await notifyForNotice(ports, notice('DELIVERED')))[0]!.outcome).toBe('OPTED_OUT');
    expect((await notifyForNotice(ports, notice('REGISTERED')))[0]!.outcome).toBe('SENT');
    expect(channel.sent.map((message) => message.template)).toEqual(['gancang_medicine_registered']);
  });

  it('opts the phone back in after START or MULAI, and the later reply wins even when the replies arrive out of order', async () => {
    const { ports, channel, phone, now, advance } = world();
    const stopAt = now();
    advance(60);
    expect(await recordReply(ports, { from: phone, text: 'Mulai!', at: now() })).toBe('OPTED_IN');
    // The STOP written a minute before the MULAI arrives only now: it changes nothing.
    expect(await recordReply(ports, { from: phone, text: 'STOP', at: stopAt })).toBe('OPTED_OUT');
    expect((await notifyForNotice(ports, notice('DRIVER_ASSIGNED')))[0]!.outcome).toBe('SENT');
    advance(60);
    await recordReply(ports, { from: phone, text: 'stop', at: now() });
    expect((await notifyForNotice(ports, notice('DELIVERED')))[0]!.outcome).toBe('OPTED_OUT');
    expect(channel.sent.map((message) => message.template)).toEqual(['gancang_medicine_driver_assigned']);
  });
});

describe('the per-phone rate limit', () => {
  it('lets 10 messages an hour reach one phone, skips the 11th, and lets more through the next hour', async () => {
    const { ports, channel, advance } = world();
    const outcomes = [];
    for (let i = 0; i < 11; i++) outcomes.push((await notifyForNotice(ports, notice('DELIVERED')))[0]!.outcome);
    expect(outcomes).toEqual([...Array(10).fill('SENT'), 'RATE_LIMITED']);
    // The delivery code still goes: without it the package cannot be handed over.
    expect((await notifyForNotice(ports, notice('REGISTERED')))[0]!.outcome).toBe('SENT');
    advance(3600);
    expect((await notifyForNotice(ports, notice('DELIVERED')))[0]!.outcome).toBe('SENT');
    expect(channel.sent).toHaveLength(12);
  });

  it('counts what reached the phone: sends that failed and were retried do not use up the hour', async () => {
    const { ports, channel } = world({ failures: 3 });
    const n = notice('DELIVERED');
    for (let i = 0; i < 3; i++) await expect(notifyForNotice(ports, n)).rejects.toThrow('provider unavailable');
    expect((await notifyForNotice(ports, n))[0]!.outcome).toBe('SENT');
    const outcomes = [];
    for (let i = 0; i < 10; i++) outcomes.push((await notifyForNotice(ports, notice('DELIVERED')))[0]!.outcome);
    expect(outcomes).toEqual([...Array(9).fill('SENT'), 'RATE_LIMITED']);
    expect(channel.sent).toHaveLength(10);
  });
});
