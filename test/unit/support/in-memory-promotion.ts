import type { Promotion } from '#promotion/domain/festival';
import type { PromotionPorts, PromotionStore, RedeemFailure, Redemption } from '#promotion/ports/promotion-ports';

/** The promotion store kept in memory, for tests of redemption rules and their settlement. */
export const NOW = new Date('2026-12-19T05:00:00Z');
export const PROMO: Promotion = {
  festivalId: 'fest_1', code: 'KULINER20', kind: 'PERCENT', value: 20, maxDiscountIdr: 15_000, minSubtotalIdr: 25_000, quota: 2, perCustomerLimit: 1,
  budgetIdr: 30_000, startsAt: '2026-12-18T10:00:00.000+07:00', endsAt: '2026-12-21T00:00:00.000+07:00', redeemedCount: 0, spentIdr: 0, createdAt: '',
};

/** Keeps the promotion's counters the way the DynamoDB transaction does, one call at a time. */
export function memory(promo: Promotion = PROMO) {
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
