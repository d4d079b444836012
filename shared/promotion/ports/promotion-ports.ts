import type { IdGenerator } from '../../platform/ids.ts';
import type { Page } from '../../platform/pagination.ts';
import type { Clock } from '../../platform/time.ts';
import type { Enrolment, Festival, Promotion } from '../domain/festival.ts';
import type { HalalStatus, Menu, Merchant, MerchantStatus } from '../domain/merchant.ts';

/**
 * One use of a promotion by one order, keyed by the order id (so redeeming twice for one order
 * is the same redemption).
 *   HELD       written with the counters, before the order exists; the order's write confirms it.
 *   CONFIRMED  the order exists.
 *   RELEASED   the order was never written, or was rejected or cancelled: the counters were
 *              given back in the same transaction.
 * A HELD redemption that stays HELD (the request died between the two writes, or a cancel died
 * between its writes) is settled by the redemption sweeper from its order's state.
 */
export const REDEMPTION_STATUSES = ['HELD', 'CONFIRMED', 'RELEASED'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

export interface Redemption {
  readonly orderId: string;
  readonly festivalId: string;
  readonly code: string;
  readonly customerSub: string;
  readonly merchantId: string;
  readonly discountIdr: number;
  readonly status: RedemptionStatus;
  readonly heldAt: string;
  readonly updatedAt: string;
}

/** Which condition of the redemption transaction failed. */
export type RedeemFailure = 'DUPLICATE' | 'PROMOTION' | 'CUSTOMER_LIMIT';

export interface PromotionStore {
  createMerchant(merchant: Merchant): Promise<void>;
  getMerchant(merchantId: string): Promise<Merchant | undefined>;
  /** Conditional on the version read: a lost race is a ConcurrentUpdateError. */
  saveMerchant(next: Merchant, expectedVersion: number): Promise<void>;
  listMerchants(query: { status?: MerchantStatus; ownerSub?: string; limit: number; cursor?: string }): Promise<Page<Merchant>>;

  getMenu(merchantId: string): Promise<Menu | undefined>;
  getMenus(merchantIds: readonly string[]): Promise<Map<string, Menu>>;
  /** expectedVersion 0: no menu yet. */
  saveMenu(menu: Menu, expectedVersion: number): Promise<void>;

  createFestival(festival: Festival): Promise<void>;
  getFestival(festivalId: string): Promise<Festival | undefined>;
  listFestivals(query: { limit: number; cursor?: string }): Promise<Page<Festival>>;

  /** Throws AlreadyEnrolledError when the merchant is in the festival already. */
  enrol(enrolment: Enrolment): Promise<void>;
  getEnrolment(festivalId: string, merchantId: string): Promise<Enrolment | undefined>;
  /** Featured first, then by name; filters applied before the page is cut. */
  listEnrolments(query: { festivalId: string; kecamatan?: string; halal?: HalalStatus; limit: number; cursor?: string }): Promise<Page<Enrolment>>;

  /** Throws PromotionExistsError when the festival has that code already. */
  createPromotion(promotion: Promotion): Promise<void>;
  getPromotion(festivalId: string, code: string): Promise<Promotion | undefined>;
  listPromotions(festivalId: string): Promise<Promotion[]>;
  customerRedemptions(festivalId: string, code: string, customerSub: string): Promise<number>;

  /**
   * One transaction: the redemption (HELD, new), the promotion's counters (redeemedCount < quota,
   * spentIdr + discount ≤ budget) and the customer's counter (< perCustomerLimit). Returns the
   * condition that failed, if one did.
   */
  redeem(redemption: Redemption, promotion: Pick<Promotion, 'budgetIdr' | 'perCustomerLimit'>): Promise<RedeemFailure | undefined>;
  getRedemption(orderId: string): Promise<Redemption | undefined>;
  /** HELD → CONFIRMED or CONFIRMED → HELD; false when the redemption is not in `from`. */
  moveRedemption(orderId: string, from: 'HELD' | 'CONFIRMED', to: 'HELD' | 'CONFIRMED', at: string): Promise<boolean>;
  /** → RELEASED with the counters given back, in one transaction; false when already released. */
  releaseRedemption(redemption: Redemption, at: string): Promise<boolean>;
  /** HELD redemptions held before `cutoff`, oldest first. */
  listHeldRedemptions(cutoff: string, limit: number): Promise<Redemption[]>;
}

export interface PromotionPorts {
  readonly store: PromotionStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
