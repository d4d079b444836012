import * as z from 'zod';
import type { Location } from '../platform/service-area.ts';

/**
 * How long a kitchen says it needs, in whole minutes: between 1 minute and 3 hours. A merchant
 * may register its usual time; accepting an order without one takes it, else this default.
 */
export const prepMinutesSchema = z.number().int().min(1).max(180);
export const DEFAULT_PREP_MINUTES = 15;

/**
 * The module interface between ordering (which owns food orders) and promotion (which owns
 * festivals, menus and promotions). Ordering calls the catalog to sell; promotion asks ordering
 * what became of an order to settle a redemption left HELD. Each side implements its half in
 * its own context; they meet only in the wiring (wiring/festival-wiring.ts).
 */
/** A merchant as an order records it when placed: the report and the access checks need no other context. */
export interface PricedMerchant {
  readonly merchantId: string;
  readonly name: string;
  readonly kecamatan: string;
  readonly location: Location;
  readonly ownerSub: string;
  /** The merchant's usual preparation time, captured with the order so accepting it needs no other read. */
  readonly prepMinutes: number;
}

export interface PricedLine {
  readonly itemId: string;
  readonly name: string;
  readonly priceIdr: number;
  readonly quantity: number;
  readonly lineTotalIdr: number;
}

/** An order priced from the merchant's menu. */
export interface PricedOrder {
  readonly festival: { readonly festivalId: string; readonly name: string };
  readonly merchant: PricedMerchant;
  readonly lines: readonly PricedLine[];
  readonly subtotalIdr: number;
}

export interface FestivalCatalog {
  /** Prices the items from the merchant's menu; refuses a closed festival, a merchant not in it, unknown or sold-out items (422). */
  priceOrder(request: {
    festivalId: string;
    merchantId: string;
    items: readonly { itemId: string; quantity: number }[];
    now: Date;
  }): Promise<PricedOrder>;
  /** Atomic with quota, budget and the customer's limit; keyed by the order id. Refusals are 422 with the reason. */
  redeem(request: {
    festivalId: string;
    code: string;
    orderId: string;
    customerSub: string;
    merchantId: string;
    subtotalIdr: number;
    now: Date;
  }): Promise<{ code: string; discountIdr: number }>;
  /** The order is written. */
  confirm(orderId: string): Promise<void>;
  /** The order is about to be rejected or cancelled: mark the redemption for the sweeper first. */
  reopen(orderId: string): Promise<void>;
  /** Give the redemption back (idempotent). */
  release(orderId: string): Promise<void>;
  festival(festivalId: string): Promise<{ festivalId: string; name: string; startsAt: string; endsAt: string } | undefined>;
  /** The account that registered the merchant; undefined for an unknown merchant. */
  merchantOwner(merchantId: string): Promise<string | undefined>;
}

/** What became of the order a redemption was held for, as its owner (ordering) tells it. */
export type OrderFate = 'MISSING' | 'LIVE' | 'ENDED';

export interface OrderFates {
  fateOf(orderId: string): Promise<OrderFate>;
}
