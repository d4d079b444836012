import * as z from 'zod';
import { ConflictError, RuleViolation } from '../../platform/errors.ts';
import { boundedText, comparableName, idSchema, instantSchema } from '../../platform/schemas.ts';
import type { HalalStatus } from './merchant.ts';

/** A Pesta Kuliner Go-Food festival: a time window (WIB) in which its merchants sell. */
export interface Festival {
  readonly festivalId: string;
  readonly name: string;
  readonly description?: string;
  /** ISO-8601 in WIB; orders are taken from startsAt (inclusive) to endsAt (exclusive). */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** What anyone sees of a festival: not which admin account created it (kept for the record). */
export function festivalView(festival: Festival) {
  const { createdBy: _createdBy, ...view } = festival;
  return view;
}

const instant = instantSchema;

/** A festival lasts at most this long: a festival, not a standing programme. */
export const MAX_FESTIVAL_DAYS = 31;

export const createFestivalSchema = z
  .strictObject({
    name: boundedText(120),
    startsAt: instant,
    endsAt: instant,
    description: boundedText(1000, { multiline: true }).optional(),
  })
  .superRefine((festival, ctx) => {
    const span = Date.parse(festival.endsAt) - Date.parse(festival.startsAt);
    if (!(span > 0)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    else if (span > MAX_FESTIVAL_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `a festival lasts at most ${MAX_FESTIVAL_DAYS} days` });
  });
export type CreateFestival = z.infer<typeof createFestivalSchema>;

/** Festival names compare as names do (comparableName). */
export const festivalNameKey = comparableName;

/** Windows are half-open ([startsAt, endsAt)): one festival may start the moment another ends. */
export const windowsOverlap = (a: Pick<Festival, 'startsAt' | 'endsAt'>, b: Pick<Festival, 'startsAt' | 'endsAt'>) =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

/** The same festival entered twice: its name (compared loosely) and a window that overlaps. */
export class FestivalAlreadyExistsError extends ConflictError {
  constructor(existing: Pick<Festival, 'festivalId' | 'startsAt' | 'endsAt'>) {
    super('FESTIVAL_ALREADY_EXISTS', `A festival with this name already runs from ${existing.startsAt} to ${existing.endsAt} (${existing.festivalId})`, [
      { path: 'name', message: `already used by ${existing.festivalId} in an overlapping window` },
    ]);
  }
}

export const enrolMerchantSchema = z.strictObject({ merchantId: idSchema, featured: z.boolean().default(false) });
export type EnrolMerchant = z.infer<typeof enrolMerchantSchema>;

/** A merchant's place in a festival, with what the catalogue filters and sorts on. */
export interface Enrolment {
  readonly festivalId: string;
  readonly merchantId: string;
  readonly featured: boolean;
  readonly name: string;
  readonly kecamatan: string;
  readonly halalStatus: HalalStatus;
  readonly enrolledAt: string;
}

export type FestivalWindowState = 'NOT_STARTED' | 'OPEN' | 'ENDED';

export function festivalWindowState(festival: Pick<Festival, 'startsAt' | 'endsAt'>, now: Date): FestivalWindowState {
  const at = now.getTime();
  if (at < Date.parse(festival.startsAt)) return 'NOT_STARTED';
  if (at >= Date.parse(festival.endsAt)) return 'ENDED';
  return 'OPEN';
}

export class FestivalClosedError extends RuleViolation {
  constructor(state: Exclude<FestivalWindowState, 'OPEN'>, festival: Pick<Festival, 'startsAt' | 'endsAt'>) {
    super(
      'OUTSIDE_FESTIVAL_WINDOW',
      state === 'NOT_STARTED' ? `The festival opens at ${festival.startsAt}` : `The festival ended at ${festival.endsAt}`,
      [{ path: 'festivalId', message: state === 'NOT_STARTED' ? 'not open yet' : 'ended' }],
    );
  }
}

export class UnknownFestivalError extends RuleViolation {
  constructor() {
    super('UNKNOWN_FESTIVAL', 'No festival has this id', [{ path: 'festivalId', message: 'unknown festival' }]);
  }
}

export class MerchantNotInFestivalError extends RuleViolation {
  constructor() {
    super('MERCHANT_NOT_IN_FESTIVAL', 'This merchant does not sell at this festival', [{ path: 'merchantId', message: 'not enrolled in the festival' }]);
  }
}

export class AlreadyEnrolledError extends ConflictError {
  constructor() {
    super('ALREADY_ENROLLED', 'This merchant is already enrolled in the festival', [{ path: 'merchantId', message: 'already enrolled' }]);
  }
}

// ---------------------------------------------------------------------------------------------
// Promotions

export const PROMOTION_KINDS = ['PERCENT', 'FLAT'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

const rupiah = z.number().int('must be whole rupiah');

export const createPromotionSchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{3,32}$/, '3 to 32 letters, digits, _ or -')
      .transform((code) => code.toUpperCase()),
    kind: z.enum(PROMOTION_KINDS),
    /** PERCENT: whole percent 1–100; FLAT: rupiah off the subtotal. */
    value: rupiah.positive(),
    maxDiscountIdr: rupiah.positive().optional(),
    minSubtotalIdr: rupiah.nonnegative().default(0),
    /** How many orders may use it in all; 0 is allowed (a code announced before it is funded). */
    quota: z.number().int().nonnegative().max(1_000_000),
    perCustomerLimit: z.number().int().positive().max(1000),
    budgetIdr: rupiah.positive().max(100_000_000_000).optional(),
    /** Only these merchants' orders may use it; all of the festival's when absent. */
    merchantIds: z.array(idSchema).min(1).max(100).optional(),
    /** Within the festival; the festival's window when absent. */
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    fundedBy: boundedText(120).optional(),
  })
  .superRefine((promo, ctx) => {
    if (promo.kind === 'PERCENT' && promo.value > 100) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a percentage is at most 100' });
    if (promo.startsAt && promo.endsAt && Date.parse(promo.endsAt) <= Date.parse(promo.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    }
  });
export type CreatePromotion = z.infer<typeof createPromotionSchema>;

export interface Promotion {
  readonly festivalId: string;
  readonly code: string;
  readonly kind: PromotionKind;
  readonly value: number;
  readonly maxDiscountIdr?: number;
  readonly minSubtotalIdr: number;
  readonly quota: number;
  readonly perCustomerLimit: number;
  readonly budgetIdr?: number;
  readonly merchantIds?: readonly string[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly fundedBy?: string;
  /** Live counters, changed only by the redemption transaction. */
  readonly redeemedCount: number;
  readonly spentIdr: number;
  readonly createdAt: string;
}

export const PROMO_REFUSALS = {
  PROMO_NOT_FOUND: 'No promotion with this code runs at this festival',
  PROMO_NOT_STARTED: 'This promotion has not started yet',
  PROMO_EXPIRED: 'This promotion has ended',
  PROMO_NOT_APPLICABLE: 'This promotion does not apply to this merchant',
  PROMO_MIN_SUBTOTAL: 'The order is below the promotion’s minimum subtotal',
  PROMO_EXHAUSTED: 'This promotion has been used up',
  PROMO_BUDGET_EXHAUSTED: 'This promotion’s budget is used up',
  PROMO_LIMIT_REACHED: 'You have already used this promotion as often as allowed',
} as const;
export type PromoRefusalCode = keyof typeof PROMO_REFUSALS;

/** 422 with a code that says why the code cannot be used; no order is created. */
export class PromoRefusedError extends RuleViolation {
  constructor(
    readonly refusal: PromoRefusalCode,
    detail?: string,
  ) {
    super(refusal, detail ? `${PROMO_REFUSALS[refusal]}: ${detail}` : PROMO_REFUSALS[refusal], [{ path: 'promoCode', message: refusal }]);
  }
}

export class PromotionExistsError extends ConflictError {
  constructor() {
    super('PROMOTION_EXISTS', 'This festival already has a promotion with this code', [{ path: 'code', message: 'already used' }]);
  }
}

/**
 * The discount a promotion gives on a subtotal, in whole rupiah (rounded down): PERCENT of the
 * subtotal, or FLAT; capped by maxDiscountIdr, and never more than the subtotal. Pure: the
 * conditions on quota, budget and per-customer use are checked by `checkPromotion` and, against
 * concurrency, by the redemption transaction.
 */
export function discountFor(promo: Pick<Promotion, 'kind' | 'value' | 'maxDiscountIdr'>, subtotalIdr: number): number {
  const raw = promo.kind === 'PERCENT' ? Math.floor((subtotalIdr * promo.value) / 100) : promo.value;
  const capped = promo.maxDiscountIdr === undefined ? raw : Math.min(raw, promo.maxDiscountIdr);
  return Math.max(0, Math.min(capped, subtotalIdr));
}

export interface PromotionUse {
  readonly merchantId: string;
  readonly subtotalIdr: number;
  readonly now: Date;
  /** How often this customer has redeemed it already (as last read; the transaction re-checks). */
  readonly customerRedemptions: number;
}

/**
 * Whether this order may use the promotion, and for how much; throws PromoRefusedError with the
 * reason otherwise. The order of the checks is the order a customer can act on: wrong time,
 * wrong merchant, too small an order, then the ones nobody can fix (quota, budget, own limit).
 * A discount larger than what is left of the budget is refused, not cut down: a customer is
 * never surprised by a smaller discount than the one advertised.
 */
export function checkPromotion(promo: Promotion, use: PromotionUse): number {
  const at = use.now.getTime();
  if (at < Date.parse(promo.startsAt)) throw new PromoRefusedError('PROMO_NOT_STARTED', `from ${promo.startsAt}`);
  if (at >= Date.parse(promo.endsAt)) throw new PromoRefusedError('PROMO_EXPIRED', `ended ${promo.endsAt}`);
  if (promo.merchantIds && !promo.merchantIds.includes(use.merchantId)) throw new PromoRefusedError('PROMO_NOT_APPLICABLE');
  if (use.subtotalIdr < promo.minSubtotalIdr) throw new PromoRefusedError('PROMO_MIN_SUBTOTAL', `at least Rp ${promo.minSubtotalIdr}`);
  if (promo.redeemedCount >= promo.quota) throw new PromoRefusedError('PROMO_EXHAUSTED');
  const discount = discountFor(promo, use.subtotalIdr);
  if (promo.budgetIdr !== undefined && promo.spentIdr + discount > promo.budgetIdr) throw new PromoRefusedError('PROMO_BUDGET_EXHAUSTED');
  if (use.customerRedemptions >= promo.perCustomerLimit) throw new PromoRefusedError('PROMO_LIMIT_REACHED');
  return discount;
}

/** What an admin sees of a promotion, with what is left of it. */
export function promotionView(promo: Promotion) {
  return {
    ...promo,
    remainingQuota: Math.max(0, promo.quota - promo.redeemedCount),
    ...(promo.budgetIdr !== undefined ? { remainingBudgetIdr: Math.max(0, promo.budgetIdr - promo.spentIdr) } : {}),
  };
}
