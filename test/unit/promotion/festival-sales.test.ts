import { describe, expect, it } from 'vitest';
import { redeemPromotion, releaseRedemption, settleHeldRedemptions } from '#promotion/application/festival-sales';
import { memory, NOW, PROMO } from '../support/in-memory-promotion.ts';

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
