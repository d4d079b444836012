import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallMeter } from '../../infra/local/call-meter.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { facilityBody } from './support/ordering.ts';

// The cost bench's counts (test/bench/cost-bench.ts) come from this meter: one request must
// count as one API request, one invocation of its function, and the DynamoDB calls it made with
// the units DynamoDB reported.
let t: TestRuntime;
let admin: string;
const meter = new CallMeter();

beforeAll(async () => {
  t = await startTestRuntime({ meter });
  admin = await t.token('admin', 'admin-pemkab');
});
afterAll(async () => {
  await t?.stop();
});

describe('the local runtime with a call meter', () => {
  it('counts a facility registration: one API request, one invocation, one transaction with its write units', async () => {
    meter.reset();
    const res = await t.post('/v1/facilities', facilityBody('blambangan', ['apoteker-meter']), admin);
    expect(res.status, res.text).toBe(201);

    const calls = meter.snapshot();
    expect(calls.apiRequests).toBe(1);
    expect(calls.invocations.map(({ fn, memoryMb }) => ({ fn, memoryMb }))).toEqual([{ fn: 'facilities', memoryMb: 1024 }]);
    expect(calls.invocations[0]!.durationMs).toBeGreaterThan(0);
    // The facility, its name guard and its one staff member, in one transaction.
    expect(calls.dynamoCalls).toEqual({ TransactWriteItemsCommand: 1 });
    expect(calls.unreportedDynamoCalls).toBe(0);
    // Three items under 1 KB written in a transaction: at least 2 units each (DynamoDB Local's
    // answer also names the facility's entry in gsi1, the list by name, within its total).
    expect(calls.writeUnits).toBeGreaterThanOrEqual(6);
    expect(calls.readUnits).toBe(0);
    expect(calls.sqsRequests).toEqual({});
  });

  it('counts a refused write as a call without reported units', async () => {
    meter.reset();
    const again = await t.post('/v1/facilities', facilityBody('blambangan', ['apoteker-meter']), admin);
    expect(again.status).toBe(409);
    const calls = meter.snapshot();
    expect(calls.invocations).toHaveLength(1);
    expect(calls.dynamoCalls.TransactWriteItemsCommand).toBe(1);
    expect(calls.unreportedDynamoCalls).toBeGreaterThanOrEqual(1);
  });

  it('does not count the local outbox, which stands in for WhatsApp and is never on AWS', async () => {
    const { documentClient } = await import('../../shared/platform/clients.ts');
    const { LocalOutboxChannel } = await import('../../shared/notification/adapters/local-outbox-channel.ts');
    meter.reset();
    await new LocalOutboxChannel(documentClient, t.tableName('notification')).send({ to: '+6281234500001', template: 'gancang_medicine_registered', language: 'id', parameters: [], text: 'Tes', ref: 'meter-1' });
    expect(meter.snapshot()).toMatchObject({ dynamoCalls: {}, writeUnits: 0 });
  });

  it('counts nothing for a request refused by the authorizer, which reaches no function', async () => {
    meter.reset();
    expect((await t.post('/v1/facilities', facilityBody('genteng', []))).status).toBe(401);
    expect(meter.snapshot()).toMatchObject({ apiRequests: 0, invocations: [], dynamoCalls: {} });
  });
});
