/**
 * Promotions under concurrency, on DynamoDB Local: many citizens order with the same code at
 * the same moment. Whatever the interleaving, a promotion is never redeemed beyond its quota,
 * its budget or a customer's limit; every redemption belongs to exactly one order; refused
 * orders leave nothing behind; a cancelled or rejected order gives its use back.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { createFestival, expectStatus, openMerchant, orderBody, type OpenMerchant } from './support/festival.ts';

let t: TestRuntime;
let admin: string;
let festivalId: string;
let merchant: OpenMerchant;

beforeAll(async () => {
  t = await startTestRuntime({ consumers: false });
  admin = await t.token('admin', 'admin-race');
  festivalId = await createFestival(t, admin);
  merchant = await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Race', place: 'giri', sub: 'umkm-race', menu: [['Sego tempong', 25_000]] });
});
afterAll(async () => {
  await t?.stop();
});

async function promotion(body: Record<string, unknown>): Promise<string> {
  const res = expectStatus(await t.post(`/v1/festivals/${festivalId}/promotions`, { kind: 'FLAT', value: 10_000, perCustomerLimit: 1, ...body }, admin), 201);
  return res.body.code as string;
}

async function promotionState(code: string) {
  const list = expectStatus(await t.get(`/v1/festivals/${festivalId}/promotions`, admin), 200);
  return list.body.items.find((p: { code: string }) => p.code === code) as { redeemedCount: number; spentIdr: number; remainingQuota: number };
}

/** Every food order and redemption in the tables, read behind the API. */
async function tableItems(table: 'ordering' | 'promotion', prefix: string) {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await t.ddb.send(new ScanCommand({ TableName: t.tableName(table), ConsistentRead: true, ExclusiveStartKey: start, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': prefix } }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function placeAll(code: string, citizens: string[]) {
  const tokens = await Promise.all(citizens.map((sub) => t.token('citizen', sub)));
  return Promise.all(tokens.map((token) => t.post('/v1/food-orders', orderBody(festivalId, merchant, { items: [{ itemId: merchant.items[0]!.itemId, quantity: 1 }], promoCode: code }), token)));
}

/** What must hold after any interleaving, for one code. */
async function expectConsistent(code: string, placed: { status: number; body: any; text: string }[]) {
  const orders = (await tableItems('ordering', 'FO#')).filter((o) => o.promo?.code === code);
  const redemptions = (await tableItems('promotion', 'REDEMPTION#')).filter((r) => r.code === code && r.status !== 'RELEASED');
  const state = await promotionState(code);
  const live = orders.filter((o) => o.status !== 'CANCELLED' && o.status !== 'REJECTED');
  expect(redemptions.map((r) => r.orderId).sort()).toEqual(live.map((o) => o.orderId).sort()); // one redemption per live order, none without
  expect(state.redeemedCount).toBe(live.length);
  expect(state.spentIdr).toBe(live.reduce((sum, o) => sum + o.discountIdr, 0));
  for (const res of placed) expect(res.status, res.text).not.toBeGreaterThanOrEqual(500);
  return { state, live };
}

describe('a promotion under a rush of orders', () => {
  it('is never redeemed more than its quota, and the refused orders say PROMO_EXHAUSTED and leave nothing', async () => {
    const code = await promotion({ code: 'RACE5', quota: 5 });
    const placed = await placeAll(code, Array.from({ length: 30 }, (_, i) => `race-quota-${i}`));
    const created = placed.filter((r) => r.status === 201);
    expect(created).toHaveLength(5);
    for (const res of placed.filter((r) => r.status !== 201)) expect([res.status, res.body.error.code]).toEqual([422, 'PROMO_EXHAUSTED']);
    const { state } = await expectConsistent(code, placed);
    expect(state).toMatchObject({ redeemedCount: 5, spentIdr: 50_000, remainingQuota: 0 });
  });

  it('is never redeemed beyond its budget', async () => {
    // Room for 4 discounts of 10,000 within the budget, though the quota would allow 100.
    const code = await promotion({ code: 'BUDGET4', quota: 100, budgetIdr: 45_000 });
    const placed = await placeAll(code, Array.from({ length: 20 }, (_, i) => `race-budget-${i}`));
    expect(placed.filter((r) => r.status === 201)).toHaveLength(4);
    for (const res of placed.filter((r) => r.status !== 201)) expect([res.status, res.body.error.code]).toEqual([422, 'PROMO_BUDGET_EXHAUSTED']);
    const { state } = await expectConsistent(code, placed);
    expect(state.spentIdr).toBe(40_000);
  });

  it('holds one customer to its limit when it orders from many devices at once', async () => {
    const code = await promotion({ code: 'ONCEEACH', quota: 100, perCustomerLimit: 2 });
    const placed = await placeAll(code, Array.from({ length: 12 }, () => 'race-same-customer'));
    expect(placed.filter((r) => r.status === 201)).toHaveLength(2);
    for (const res of placed.filter((r) => r.status !== 201)) expect([res.status, res.body.error.code]).toEqual([422, 'PROMO_LIMIT_REACHED']);
    await expectConsistent(code, placed);
  });

  it('gives a use back when an order is cancelled or rejected, exactly once, and someone else gets it', async () => {
    const code = await promotion({ code: 'GIVEBACK', quota: 2 });
    const [a, b] = await placeAll(code, ['give-a', 'give-b']);
    const tokenA = await t.token('citizen', 'give-a');
    expect((await placeAll(code, ['give-c']))[0]!.body.error.code).toBe('PROMO_EXHAUSTED');

    // Cancelled twice at once (double tap): the use comes back once.
    const cancels = await Promise.all([1, 2].map(() => t.post(`/v1/food-orders/${a!.body.orderId}/cancel`, {}, tokenA)));
    expect(cancels.some((r) => r.status === 200)).toBe(true);
    for (const res of cancels) expect([200, 409], res.text).toContain(res.status); // the loser of the race: CONCURRENT_UPDATE
    expect((await promotionState(code)).redeemedCount).toBe(1);
    expectStatus(await t.post(`/v1/food-orders/${b!.body.orderId}/status`, { status: 'REJECTED', reason: 'habis' }, merchant.token), 200);
    expect((await promotionState(code)).redeemedCount).toBe(0);

    const refill = await placeAll(code, ['give-c', 'give-d', 'give-e']);
    expect(refill.filter((r) => r.status === 201)).toHaveLength(2);
    const { state } = await expectConsistent(code, refill);
    expect(state.redeemedCount).toBe(2);
    // The quota is taken again: the citizen who cancelled now meets the quota, not its own limit.
    expect((await placeAll(code, ['give-a']))[0]!.body.error.code).toBe('PROMO_EXHAUSTED');
  });

  it('a merchant or an admin cancels an ACCEPTED order before pickup: dispatch withdraws the job, the use comes back', async () => {
    const code = await promotion({ code: 'NODRIVER', quota: 2 });
    const [a, b] = await placeAll(code, ['stuck-a', 'stuck-b']);
    for (const order of [a!, b!]) expectStatus(await t.post(`/v1/food-orders/${order.body.orderId}/status`, { status: 'ACCEPTED', prepMinutes: 10 }, merchant.token), 200);
    const { handleDispatchMessage } = await import('../../shared/dispatch/application/dispatch-engine.ts');
    const { dispatchPorts } = await import('../../shared/dispatch/adapters/dispatch-adapters.ts');
    const { followJob } = await import('../../shared/ordering/application/follow-job.ts');
    const { followJobPorts } = await import('../../shared/wiring/follow-job-wiring.ts');
    // Stand in for the two consumers (this runtime runs none): dispatch, then the order following it.
    const relay = async () => {
      for (const m of await t.drain(t.queue('dispatch').url, { waitSeconds: 0 })) await handleDispatchMessage(dispatchPorts(), JSON.parse(m.Body!));
      for (const m of await t.drain(t.queue('jobEvents').url, { waitSeconds: 0 })) await followJob(followJobPorts(), JSON.parse(m.Body!));
    };
    await relay(); // the jobs wait in dispatch: no driver here

    // The citizen may not cancel any more; its merchant and an admin may, through dispatch (202).
    expect((await t.post(`/v1/food-orders/${a!.body.orderId}/cancel`, {}, await t.token('citizen', 'stuck-a'))).status).toBe(409);
    const byMerchant = expectStatus(await t.post(`/v1/food-orders/${a!.body.orderId}/cancel`, { reason: 'Tidak ada driver' }, merchant.token), 202);
    expect(byMerchant.body).toMatchObject({ status: 'ACCEPTED', cancellation: { reason: 'Tidak ada driver', by: 'merchant' } });
    expectStatus(await t.post(`/v1/food-orders/${b!.body.orderId}/cancel`, {}, admin), 202);
    expect((await promotionState(code)).redeemedCount).toBe(2); // not before dispatch answers

    await relay();
    for (const order of [a!, b!]) {
      const read = expectStatus(await t.get(`/v1/food-orders/${order.body.orderId}`, admin), 200).body;
      expect(read.status).toBe('CANCELLED');
      expect(read.cancellation).toBeUndefined();
    }
    expect((await promotionState(code)).redeemedCount).toBe(0);
    const refill = await placeAll(code, ['stuck-c', 'stuck-d']);
    expect(refill.map((r) => r.status)).toEqual([201, 201]);
    await expectConsistent(code, refill);
  });

  it('the sweeper releases a redemption whose order was never written', async () => {
    const code = await promotion({ code: 'ORPHAN', quota: 1 });
    const { redeemPromotion } = await import('../../shared/promotion/application/festival-sales.ts');
    const { settleHeldRedemptions } = await import('../../shared/promotion/application/festival-sales.ts');
    const { promotionPorts } = await import('../../shared/promotion/adapters/promotion-adapters.ts');
    const { foodOrderFate, foodOrderStore } = await import('../../shared/ordering/adapters/food-order-adapters.ts');
    // A request that redeemed and then died before writing its order.
    await redeemPromotion(promotionPorts(), { festivalId, code, orderId: 'fo_DIEDMIDWAY', customerSub: 'ghost', merchantId: merchant.merchantId, subtotalIdr: 25_000, now: new Date() });
    expect((await promotionState(code)).redeemedCount).toBe(1);
    const result = await settleHeldRedemptions(promotionPorts(), { fateOf: (id) => foodOrderFate(foodOrderStore(), id) }, { graceSeconds: 0 });
    expect(result.released).toBeGreaterThanOrEqual(1);
    expect((await promotionState(code)).redeemedCount).toBe(0);
    expect((await placeAll(code, ['orphan-next']))[0]!.status).toBe(201);
  });
});
