/**
 * The promotion context's module interface for selling at a festival: what ordering calls (in
 * process, through its FestivalCatalog port) to price a food order from the menu and to redeem,
 * confirm and give back a promotion. Ordering never reads the promotion table itself.
 */
import type { FestivalCatalog, OrderFates, PricedLine, PricedOrder } from '../../kernel/festival-catalog.ts';
import { ConflictError, RuleViolation } from '../../platform/errors.ts';
import { toWibIso } from '../../platform/time.ts';
import {
  checkPromotion,
  FestivalClosedError,
  festivalWindowState,
  MerchantNotInFestivalError,
  PromoRefusedError,
  UnknownFestivalError,
} from '../domain/festival.ts';
import { MerchantNotApprovedError, usualPrepMinutes } from '../domain/merchant.ts';
import type { PromotionPorts, Redemption } from '../ports/promotion-ports.ts';

export interface PriceOrderRequest {
  readonly festivalId: string;
  readonly merchantId: string;
  readonly items: readonly { readonly itemId: string; readonly quantity: number }[];
  readonly now: Date;
}

/**
 * Prices an order from the merchant's menu (never from the client): the festival must be open,
 * the merchant approved and enrolled, every item on its menu and available.
 */
export async function priceOrder(ports: PromotionPorts, request: PriceOrderRequest): Promise<PricedOrder> {
  const [festival, enrolment, merchant, menu] = await Promise.all([
    ports.store.getFestival(request.festivalId),
    ports.store.getEnrolment(request.festivalId, request.merchantId),
    ports.store.getMerchant(request.merchantId),
    ports.store.getMenu(request.merchantId),
  ]);
  if (!festival) throw new UnknownFestivalError();
  const state = festivalWindowState(festival, request.now);
  if (state !== 'OPEN') throw new FestivalClosedError(state, festival);
  if (!enrolment || !merchant) throw new MerchantNotInFestivalError();
  if (merchant.status !== 'APPROVED') throw new MerchantNotApprovedError(merchant.status);

  const byId = new Map((menu?.items ?? []).map((item) => [item.itemId, item]));
  const unknown: string[] = [];
  const unavailable: string[] = [];
  const lines: PricedLine[] = [];
  request.items.forEach((wanted, index) => {
    const item = byId.get(wanted.itemId);
    if (!item) return void unknown.push(`items.${index}.itemId`);
    if (!item.available) return void unavailable.push(`items.${index}.itemId`);
    lines.push({ itemId: item.itemId, name: item.name, priceIdr: item.priceIdr, quantity: wanted.quantity, lineTotalIdr: item.priceIdr * wanted.quantity });
  });
  if (unknown.length > 0) throw new RuleViolation('UNKNOWN_MENU_ITEM', 'The merchant’s menu has no item with this id', unknown.map((path) => ({ path, message: 'not on the menu' })));
  if (unavailable.length > 0) throw new RuleViolation('ITEM_UNAVAILABLE', 'The merchant has run out of this item', unavailable.map((path) => ({ path, message: 'not available now' })));

  return {
    festival: { festivalId: festival.festivalId, name: festival.name },
    merchant: { merchantId: merchant.merchantId, name: merchant.name, kecamatan: merchant.kecamatan, location: merchant.location, ownerSub: merchant.ownerSub, prepMinutes: usualPrepMinutes(merchant) },
    lines,
    subtotalIdr: lines.reduce((sum, line) => sum + line.lineTotalIdr, 0),
  };
}

export interface RedeemRequest {
  readonly festivalId: string;
  readonly code: string;
  /** The id the order will have: the redemption is keyed by it, so a retry is the same redemption. */
  readonly orderId: string;
  readonly customerSub: string;
  readonly merchantId: string;
  readonly subtotalIdr: number;
  readonly now: Date;
}

export interface RedeemedPromotion {
  readonly code: string;
  readonly discountIdr: number;
}

/**
 * Redeems a promotion for an order that is about to be written, atomically with its quota, its
 * budget and the customer's limit (one transaction, see the store). The redemption is HELD until
 * the order is written (confirmRedemption); refusals are PromoRefusedError (422) with the reason.
 */
export async function redeemPromotion(ports: PromotionPorts, request: RedeemRequest): Promise<RedeemedPromotion> {
  const code = request.code.trim().toUpperCase();
  const [promotion, used, earlier] = await Promise.all([
    ports.store.getPromotion(request.festivalId, code),
    ports.store.customerRedemptions(request.festivalId, code, request.customerSub),
    ports.store.getRedemption(request.orderId),
  ]);
  // A retry for the same order (its own use already counted) is answered with that redemption.
  const same = sameRedemption(earlier, code, request.customerSub);
  if (same) return same;
  if (!promotion) throw new PromoRefusedError('PROMO_NOT_FOUND');
  const discountIdr = checkPromotion(promotion, { merchantId: request.merchantId, subtotalIdr: request.subtotalIdr, now: request.now, customerRedemptions: used });

  const at = toWibIso(ports.clock.now());
  const redemption: Redemption = {
    orderId: request.orderId,
    festivalId: request.festivalId,
    code,
    customerSub: request.customerSub,
    merchantId: request.merchantId,
    discountIdr,
    status: 'HELD',
    heldAt: at,
    updatedAt: at,
  };
  const failure = await ports.store.redeem(redemption, promotion);
  if (failure === undefined) return { code, discountIdr };
  if (failure === 'CUSTOMER_LIMIT') throw new PromoRefusedError('PROMO_LIMIT_REACHED');
  if (failure === 'PROMOTION') {
    // Someone else took the last of it between our read and our write: say which limit.
    const now = await ports.store.getPromotion(request.festivalId, code);
    throw new PromoRefusedError(now && now.redeemedCount < now.quota ? 'PROMO_BUDGET_EXHAUSTED' : 'PROMO_EXHAUSTED');
  }
  // The order id already has a redemption: the same request again is the same redemption.
  const again = sameRedemption(await ports.store.getRedemption(request.orderId), code, request.customerSub);
  if (again) return again;
  throw new ConflictError('REDEMPTION_EXISTS', 'This order already redeemed a promotion');
}

function sameRedemption(redemption: Redemption | undefined, code: string, customerSub: string): RedeemedPromotion | undefined {
  if (!redemption || redemption.status === 'RELEASED' || redemption.code !== code || redemption.customerSub !== customerSub) return undefined;
  return { code, discountIdr: redemption.discountIdr };
}

/** The order is written: the redemption stays. Idempotent. */
export async function confirmRedemption(ports: PromotionPorts, orderId: string): Promise<void> {
  await ports.store.moveRedemption(orderId, 'HELD', 'CONFIRMED', toWibIso(ports.clock.now()));
}

/**
 * Before an order that used a promotion is rejected or cancelled: the redemption goes back to
 * HELD, where the sweeper finds it if the request dies before releasing it. Idempotent.
 */
export async function reopenRedemption(ports: PromotionPorts, orderId: string): Promise<void> {
  await ports.store.moveRedemption(orderId, 'CONFIRMED', 'HELD', toWibIso(ports.clock.now()));
}

/** Gives the redemption back: quota, budget and the customer's count. Idempotent. */
export async function releaseRedemption(ports: PromotionPorts, orderId: string): Promise<boolean> {
  const redemption = await ports.store.getRedemption(orderId);
  if (!redemption || redemption.status === 'RELEASED') return false;
  return ports.store.releaseRedemption(redemption, toWibIso(ports.clock.now()));
}

/** A HELD redemption younger than this may still belong to a request in flight (API timeout 10 s). */
export const HELD_GRACE_SECONDS = 120;

/**
 * The redemption sweeper: a redemption HELD for longer than the grace period lost its request
 * between two writes. Its order decides: no order, or one rejected or cancelled → release;
 * an order that lives → confirm.
 */
export async function settleHeldRedemptions(
  ports: PromotionPorts,
  orders: OrderFates,
  options: { graceSeconds?: number; limit?: number } = {},
): Promise<{ released: number; confirmed: number }> {
  const cutoff = toWibIso(new Date(ports.clock.now().getTime() - (options.graceSeconds ?? HELD_GRACE_SECONDS) * 1000));
  const held = await ports.store.listHeldRedemptions(cutoff, options.limit ?? 100);
  let released = 0;
  let confirmed = 0;
  for (const redemption of held) {
    const fate = await orders.fateOf(redemption.orderId);
    if (fate === 'LIVE') {
      if (await ports.store.moveRedemption(redemption.orderId, 'HELD', 'CONFIRMED', toWibIso(ports.clock.now()))) confirmed++;
    } else if (await ports.store.releaseRedemption(redemption, toWibIso(ports.clock.now()))) {
      released++;
    }
  }
  return { released, confirmed };
}

/** This module as the kernel's FestivalCatalog port, for ordering to sell through (in process). */
export function festivalCatalog(ports: PromotionPorts): FestivalCatalog {
  return {
    priceOrder: (request) => priceOrder(ports, request),
    redeem: (request) => redeemPromotion(ports, request),
    confirm: (orderId) => confirmRedemption(ports, orderId),
    reopen: (orderId) => reopenRedemption(ports, orderId),
    release: async (orderId) => {
      await releaseRedemption(ports, orderId);
    },
    festival: (festivalId) => ports.store.getFestival(festivalId),
    merchantOwner: async (merchantId) => (await ports.store.getMerchant(merchantId))?.ownerSub,
  };
}
