import { describe, expect, it } from 'vitest';
import type { Promotion } from '#promotion/festival';
import { redeemPromotion, releaseRedemption, settleHeldRedemptions } from '#promotion/festival-sales';
import type { PromotionPorts, PromotionStore, RedeemFailure, Redemption } from '#promotion/promotion-ports';

const NOW = new Date('2026-12-19T05:00:00Z');
const PROMO: Promotion = {
  festivalId: 'fest_1', code: 'KULINER20', kind: 'PERCENT', value: 20, maxDiscountIdr: 15_000, minSubtotalIdr: 25_000, quota: 2, perCustomerLimit: 1,
  budgetIdr: 30_000, startsAt: '2026-12-18T10:00:00.000+07:00', endsAt: '2026-12-21T00:00:00.000+07:00', redeemedCount: 0, spentIdr: 0, createdAt: '',
};

/** Keeps the promotion's counters the way the DynamoDB transaction does, one call at a time. */
function memory(promo: Promotion = PROMO) {
  let current = { ...promo };
  const redemptions = new Map<string, Redemption>();
  const perCustomer = new Map<string, number>();
  const store: Partial<PromotionStore> = {
    getPromotion: async (_f, code) => (code === current.code ? { ...current } : undefined),
    customerRedemptions: async (_f, _c, sub) => perCustomer.get(sub) ?? 0,
    redeem: async (r): Promise<RedeemFailure | undefined> => {
      if (redemptions.has(r.orderId)) return 'DUPLICATE';
      if (current.redeemedCount >= current.quota || (current.budgetIdr !== undefined && current.spentIdr + r.discountIdr > current.budgetIdr)) return 'PROMOTION';
      if ((perCustomer.get(r.customerSub) ?? 0) >= current.perCustomerLimit) return 'CUSTOMER_LIMIT';
      current = { ...current, redeemedCount: current.redeemedCount + 1, spentIdr: current.spentIdr + r.discountIdr };
      perCustomer.set(r.customerSub, (perCustomer.get(r.customerSub) ?? 0) + 1);
      redemptions.set(r.orderId, r);
      return undefined;
    },
    getRedemption: async (id) => redemptions.get(id),
    releaseRedemption: async (r) => {
      const stored = redemptions.get(r.orderId);
      if (!stored || stored.status === 'RELEASED') return false;
      redemptions.set(r.orderId, { ...stored, status: 'RELEASED' });
      current = { ...current, redeemedCount: current.redeemedCount - 1, spentIdr: current.spentIdr - r.discountIdr };
      perCustomer.set(r.customerSub, (perCustomer.get(r.customerSub) ?? 1) - 1);
      return true;
    },
    moveRedemption: async (id, from, to) => {
      const stored = redemptions.get(id);
      if (stored?.status !== from) return false;
      redemptions.set(id, { ...stored, status: to });
      return true;
    },
    listHeldRedemptions: async () => [...redemptions.values()].filter((r) => r.status === 'HELD'),
  };
  const ports: PromotionPorts = { store: store as PromotionStore, clock: { now: () => NOW }, ids: { next: (p) => `${p}_1` } };
  return { ports, promo: () => current, redemptions };
}

const request = (orderId: string, customerSub: string, subtotalIdr = 50_000) => ({ festivalId: 'fest_1', code: 'kuliner20', orderId, customerSub, merchantId: 'mer_1', subtotalIdr, now: NOW });

describe('redeeming a promotion', () => {
  it('moves the counters, and a redelivery for the same order is the same redemption', async () => {
    const m = memory();
    expect(await redeemPromotion(m.ports, request('fo_1', 'a'))).toEqual({ code: 'KULINER20', discountIdr: 10_000 });
    expect(await redeemPromotion(m.ports, request('fo_1', 'a'))).toEqual({ code: 'KULINER20', discountIdr: 10_000 });
    expect(m.promo()).toMatchObject({ redeemedCount: 1, spentIdr: 10_000 });
  });

  it('says PROMO_NOT_FOUND, PROMO_LIMIT_REACHED, PROMO_EXHAUSTED and PROMO_BUDGET_EXHAUSTED', async () => {
    const m = memory({ ...PROMO, quota: 3 });
    await expect(redeemPromotion(m.ports, { ...request('fo_0', 'a'), code: 'NOPE' })).rejects.toMatchObject({ code: 'PROMO_NOT_FOUND' });
    await redeemPromotion(m.ports, request('fo_1', 'a', 100_000)); // 15,000 (capped)
    await expect(redeemPromotion(m.ports, request('fo_2', 'a'))).rejects.toMatchObject({ code: 'PROMO_LIMIT_REACHED' });
    await redeemPromotion(m.ports, request('fo_3', 'b', 100_000)); // 15,000: budget of 30,000 spent
    await expect(redeemPromotion(m.ports, request('fo_4', 'c'))).rejects.toMatchObject({ code: 'PROMO_BUDGET_EXHAUSTED' });
    const full = memory({ ...PROMO, quota: 1 });
    await redeemPromotion(full.ports, request('fo_1', 'a'));
    await expect(redeemPromotion(full.ports, request('fo_2', 'b'))).rejects.toMatchObject({ code: 'PROMO_EXHAUSTED' });
  });

  it('gives back quota, budget and the customer’s use on release, once', async () => {
    const m = memory({ ...PROMO, quota: 1 });
    await redeemPromotion(m.ports, request('fo_1', 'a'));
    expect(await releaseRedemption(m.ports, 'fo_1')).toBe(true);
    expect(await releaseRedemption(m.ports, 'fo_1')).toBe(false);
    expect(m.promo()).toMatchObject({ redeemedCount: 0, spentIdr: 0 });
    expect(await redeemPromotion(m.ports, request('fo_2', 'a'))).toMatchObject({ discountIdr: 10_000 });
  });
});

describe('the redemption sweeper', () => {
  it('releases HELD redemptions whose order never came or ended unsold, and confirms the rest', async () => {
    const m = memory({ ...PROMO, quota: 5, budgetIdr: undefined, perCustomerLimit: 5 });
    for (const id of ['fo_missing', 'fo_live', 'fo_cancelled']) await redeemPromotion(m.ports, request(id, 'a'));
    const fates = { fo_missing: 'MISSING', fo_live: 'LIVE', fo_cancelled: 'ENDED' } as const;
    const result = await settleHeldRedemptions(m.ports, { fateOf: async (id) => fates[id as keyof typeof fates] });
    expect(result).toEqual({ released: 2, confirmed: 1 });
    expect(m.redemptions.get('fo_live')!.status).toBe('CONFIRMED');
    expect(m.promo().redeemedCount).toBe(1);
  });
});
