import { describe, expect, it } from 'vitest';
import {
  checkPromotion,
  createFestivalSchema,
  createPromotionSchema,
  discountFor,
  festivalWindowState,
  PromoRefusedError,
  type Promotion,
} from '#promotion/domain/festival';
import { putMenuSchema, registerMerchantSchema } from '#promotion/domain/merchant';

const promo = (overrides: Partial<Promotion> = {}): Promotion => ({
  festivalId: 'fest_1',
  code: 'KULINER20',
  kind: 'PERCENT',
  value: 20,
  minSubtotalIdr: 0,
  quota: 10,
  perCustomerLimit: 1,
  startsAt: '2026-12-18T10:00:00.000+07:00',
  endsAt: '2026-12-21T00:00:00.000+07:00',
  redeemedCount: 0,
  spentIdr: 0,
  createdAt: '2026-12-01T10:00:00.000+07:00',
  ...overrides,
});
const during = new Date('2026-12-19T12:00:00+07:00');
const use = (overrides: Partial<Parameters<typeof checkPromotion>[1]> = {}) => ({ merchantId: 'mer_1', subtotalIdr: 50_000, now: during, customerRedemptions: 0, ...overrides });

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof PromoRefusedError) return error.code;
    throw error;
  }
  return 'ACCEPTED';
};

describe('discountFor', () => {
  it('takes a whole percent of the subtotal, rounded down to whole rupiah', () => {
    expect(discountFor({ kind: 'PERCENT', value: 20 }, 50_000)).toBe(10_000);
    expect(discountFor({ kind: 'PERCENT', value: 15 }, 33_333)).toBe(4_999); // 4999.95 → 4999
    expect(discountFor({ kind: 'PERCENT', value: 1 }, 99)).toBe(0);
  });
  it('caps a percentage at maxDiscountIdr', () => {
    expect(discountFor({ kind: 'PERCENT', value: 50, maxDiscountIdr: 15_000 }, 100_000)).toBe(15_000);
    expect(discountFor({ kind: 'PERCENT', value: 50, maxDiscountIdr: 15_000 }, 20_000)).toBe(10_000);
  });
  it('never gives more than the subtotal, flat or 100 %', () => {
    expect(discountFor({ kind: 'FLAT', value: 25_000 }, 18_000)).toBe(18_000);
    expect(discountFor({ kind: 'PERCENT', value: 100 }, 18_000)).toBe(18_000);
    expect(discountFor({ kind: 'FLAT', value: 5_000 }, 18_000)).toBe(5_000);
    expect(discountFor({ kind: 'FLAT', value: 10_000, maxDiscountIdr: 7_500 }, 18_000)).toBe(7_500);
  });
  it('is always a whole number of rupiah between 0 and the subtotal', () => {
    for (let subtotal = 1; subtotal < 5_000; subtotal += 37) {
      for (const value of [1, 7, 33, 99, 100]) {
        const discount = discountFor({ kind: 'PERCENT', value, maxDiscountIdr: 1_000 }, subtotal);
        expect(Number.isInteger(discount) && discount >= 0 && discount <= Math.min(subtotal, 1_000)).toBe(true);
      }
    }
  });
});

describe('checkPromotion', () => {
  it('gives the discount when every rule holds', () => {
    expect(checkPromotion(promo(), use())).toBe(10_000);
  });
  it('refuses before and after the promotion’s window', () => {
    expect(refusal(() => checkPromotion(promo(), use({ now: new Date('2026-12-18T09:59:59+07:00') })))).toBe('PROMO_NOT_STARTED');
    expect(refusal(() => checkPromotion(promo(), use({ now: new Date('2026-12-21T00:00:00+07:00') })))).toBe('PROMO_EXPIRED');
    expect(checkPromotion(promo(), use({ now: new Date('2026-12-18T10:00:00+07:00') }))).toBe(10_000);
  });
  it('applies only to its merchants when it lists some', () => {
    expect(refusal(() => checkPromotion(promo({ merchantIds: ['mer_2'] }), use()))).toBe('PROMO_NOT_APPLICABLE');
    expect(checkPromotion(promo({ merchantIds: ['mer_2', 'mer_1'] }), use())).toBe(10_000);
  });
  it('needs the minimum subtotal, which is inclusive', () => {
    expect(refusal(() => checkPromotion(promo({ minSubtotalIdr: 50_001 }), use()))).toBe('PROMO_MIN_SUBTOTAL');
    expect(checkPromotion(promo({ minSubtotalIdr: 50_000 }), use())).toBe(10_000);
  });
  it('with quota 0 is never redeemable; a used-up quota is PROMO_EXHAUSTED', () => {
    expect(refusal(() => checkPromotion(promo({ quota: 0 }), use()))).toBe('PROMO_EXHAUSTED');
    expect(refusal(() => checkPromotion(promo({ quota: 10, redeemedCount: 10 }), use()))).toBe('PROMO_EXHAUSTED');
    expect(checkPromotion(promo({ quota: 10, redeemedCount: 9 }), use())).toBe(10_000);
  });
  it('refuses a discount that the rest of the budget cannot pay (budget exhausted mid-order), and spends it to the last rupiah', () => {
    expect(refusal(() => checkPromotion(promo({ budgetIdr: 100_000, spentIdr: 95_000 }), use()))).toBe('PROMO_BUDGET_EXHAUSTED');
    expect(checkPromotion(promo({ budgetIdr: 100_000, spentIdr: 90_000 }), use())).toBe(10_000);
    // A smaller order still fits what is left.
    expect(checkPromotion(promo({ budgetIdr: 100_000, spentIdr: 95_000 }), use({ subtotalIdr: 25_000 }))).toBe(5_000);
  });
  it('limits each customer', () => {
    expect(refusal(() => checkPromotion(promo({ perCustomerLimit: 2 }), use({ customerRedemptions: 2 })))).toBe('PROMO_LIMIT_REACHED');
    expect(checkPromotion(promo({ perCustomerLimit: 2 }), use({ customerRedemptions: 1 }))).toBe(10_000);
  });
  it('says why in a 422 that points at promoCode', () => {
    const error = (() => {
      try {
        checkPromotion(promo({ quota: 0 }), use());
      } catch (e) {
        return e as PromoRefusedError;
      }
    })();
    expect(error).toMatchObject({ status: 422, code: 'PROMO_EXHAUSTED', details: [{ path: 'promoCode' }] });
  });
});

describe('festival and promotion schemas', () => {
  it('needs an end after the start, with offsets, and at most 31 days', () => {
    expect(createFestivalSchema.safeParse({ name: 'F', startsAt: '2026-12-18T10:00:00+07:00', endsAt: '2026-12-21T00:00:00+07:00' }).success).toBe(true);
    expect(createFestivalSchema.safeParse({ name: 'F', startsAt: '2026-12-18T10:00:00+07:00', endsAt: '2026-12-18T10:00:00+07:00' }).success).toBe(false);
    expect(createFestivalSchema.safeParse({ name: 'F', startsAt: '2026-12-18T10:00:00', endsAt: '2026-12-21T00:00:00' }).success).toBe(false);
    expect(createFestivalSchema.safeParse({ name: 'F', startsAt: '2026-01-01T00:00:00+07:00', endsAt: '2026-03-01T00:00:00+07:00' }).success).toBe(false);
  });
  it('knows the window: start inclusive, end exclusive', () => {
    const festival = { startsAt: '2026-12-18T10:00:00.000+07:00', endsAt: '2026-12-21T00:00:00.000+07:00' };
    expect(festivalWindowState(festival, new Date('2026-12-18T02:59:59.999Z'))).toBe('NOT_STARTED');
    expect(festivalWindowState(festival, new Date('2026-12-18T03:00:00Z'))).toBe('OPEN');
    expect(festivalWindowState(festival, new Date('2026-12-20T17:00:00Z'))).toBe('ENDED');
  });
  it('takes whole rupiah and percentages up to 100, and upper-cases the code', () => {
    const base = { code: 'kuliner20', kind: 'PERCENT', value: 20, quota: 0, perCustomerLimit: 1 };
    expect(createPromotionSchema.parse(base).code).toBe('KULINER20');
    expect(createPromotionSchema.safeParse({ ...base, value: 101 }).success).toBe(false);
    expect(createPromotionSchema.safeParse({ ...base, kind: 'FLAT', value: 2500.5 }).success).toBe(false);
    expect(createPromotionSchema.safeParse({ ...base, quota: -1 }).success).toBe(false);
    expect(createPromotionSchema.safeParse({ ...base, budgetIdr: 0 }).success).toBe(false);
  });
});

describe('merchant and menu schemas', () => {
  const merchant = {
    name: 'Sego Tempong Mbok Nah',
    nib: '9120300123456',
    ownerName: 'Siti Nahariyah',
    phone: '0852-3600-0001',
    kecamatan: 'giri',
    address: { street: 'Jl. Gajah Mada 25', desa: 'Giri', kecamatan: 'Giri' },
    location: { lat: -8.19, lng: 114.33 },
    halal: { status: 'CERTIFIED', certificateNo: 'ID35110000451230' },
  };
  it('accepts a certified merchant and normalises phone and kecamatan', () => {
    const parsed = registerMerchantSchema.parse(merchant);
    expect(parsed.phone).toBe('+6285236000001');
    expect(parsed.kecamatan).toBe('Giri');
  });
  it('needs a certificate number when CERTIFIED, and none otherwise', () => {
    expect(registerMerchantSchema.safeParse({ ...merchant, halal: { status: 'CERTIFIED' } }).success).toBe(false);
    expect(registerMerchantSchema.safeParse({ ...merchant, halal: { status: 'NONE', certificateNo: 'ID1234' } }).success).toBe(false);
    expect(registerMerchantSchema.safeParse({ ...merchant, halal: { status: 'SELF_DECLARED' } }).success).toBe(true);
  });
  it('takes a NIB of exactly 13 digits, or none', () => {
    expect(registerMerchantSchema.safeParse({ ...merchant, nib: '912030012345' }).success).toBe(false);
    expect(registerMerchantSchema.safeParse({ ...merchant, nib: '91203001234567' }).success).toBe(false);
    expect(registerMerchantSchema.safeParse({ ...merchant, nib: '912030012345A' }).success).toBe(false);
    const { nib: _nib, ...withoutNib } = merchant;
    expect(registerMerchantSchema.safeParse(withoutNib).success).toBe(true);
  });
  it('prices menu items in whole rupiah above zero', () => {
    const item = { name: 'Sego tempong', priceIdr: 22_000, available: true };
    expect(putMenuSchema.safeParse({ items: [item] }).success).toBe(true);
    for (const priceIdr of [0, -1, 22_000.5, '22000']) expect(putMenuSchema.safeParse({ items: [{ ...item, priceIdr }] }).success).toBe(false);
    expect(putMenuSchema.safeParse({ items: [{ ...item, itemId: 'item_1' }, { ...item, itemId: 'item_1' }] }).success).toBe(false);
  });
});
