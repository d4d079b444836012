import * as z from 'zod';
import { ConflictError, ForbiddenError, RuleViolation } from '../../platform/errors.ts';
import { hasRole, type Caller } from '../../platform/http/caller.ts';
import { addressSchema, boundedText, comparableName, kecamatanSchema, locationSchema, nameSchema, phoneSchema } from '../../platform/schemas.ts';
import { coarseLocation, type Location } from '../../platform/service-area.ts';
import { DEFAULT_PREP_MINUTES, prepMinutesSchema } from '../../kernel/festival-catalog.ts';

/** A UMKM food business that sells at festivals once an admin has approved it. */
export const MERCHANT_STATUSES = ['PENDING_REVIEW', 'APPROVED', 'REJECTED'] as const;
export type MerchantStatus = (typeof MERCHANT_STATUSES)[number];

export const HALAL_STATUSES = ['CERTIFIED', 'SELF_DECLARED', 'NONE'] as const;
export type HalalStatus = (typeof HALAL_STATUSES)[number];

const halalSchema = z
  .strictObject({
    status: z.enum(HALAL_STATUSES),
    // BPJPH certificate numbers look like ID35110000123450523; accept the usual letters, digits and separators.
    certificateNo: z.string().trim().min(4).max(64).regex(/^[A-Za-z0-9/._-]+$/, 'letters, digits and / . _ - only').optional(),
  })
  .superRefine((halal, ctx) => {
    if (halal.status === 'CERTIFIED' && !halal.certificateNo) {
      ctx.addIssue({ code: 'custom', path: ['certificateNo'], message: 'is required when the status is CERTIFIED' });
    }
    if (halal.status !== 'CERTIFIED' && halal.certificateNo) {
      ctx.addIssue({ code: 'custom', path: ['certificateNo'], message: 'only a CERTIFIED merchant has a certificate number' });
    }
  });

export const registerMerchantSchema = z.strictObject({
  name: boundedText(120),
  /** Nomor Induk Berusaha (OSS): 13 digits. */
  nib: z.string().regex(/^\d{13}$/, 'must be 13 digits').optional(),
  ownerName: nameSchema,
  phone: phoneSchema,
  kecamatan: kecamatanSchema,
  address: addressSchema,
  location: locationSchema,
  halal: halalSchema,
  description: boundedText(500, { multiline: true }).optional(),
  /** The kitchen's usual preparation time: accepting an order without minutes takes it (15 if unset). */
  prepMinutes: prepMinutesSchema.optional(),
});
export type RegisterMerchant = z.infer<typeof registerMerchantSchema>;

export const rejectMerchantSchema = z.strictObject({ reason: boundedText(300) });

export interface Merchant {
  readonly merchantId: string;
  readonly name: string;
  readonly nib?: string;
  readonly ownerName: string;
  /** The merchant account (JWT `sub`) that registered and runs it. */
  readonly ownerSub: string;
  readonly phone: string;
  readonly kecamatan: string;
  readonly address: RegisterMerchant['address'];
  readonly location: Location;
  readonly halal: { readonly status: HalalStatus; readonly certificateNo?: string };
  readonly description?: string;
  /** Unset: DEFAULT_PREP_MINUTES (usualPrepMinutes). */
  readonly prepMinutes?: number;
  readonly status: MerchantStatus;
  readonly version: number;
  readonly rejectionReason?: string;
  readonly reviewedBy?: string;
  readonly reviewedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Menu: whole-rupiah prices; the merchant replaces its menu as a whole (PUT). */
export const MAX_MENU_ITEMS = 100;

export const menuItemInputSchema = z.strictObject({
  itemId: z.string().regex(/^item_[A-Za-z0-9]{1,40}$/, 'is not a menu item id').optional(),
  name: boundedText(120),
  priceIdr: z.number().int('must be whole rupiah').positive().max(10_000_000),
  available: z.boolean(),
  description: boundedText(300, { multiline: true }).optional(),
});

export const putMenuSchema = z.strictObject({
  items: z
    .array(menuItemInputSchema)
    .max(MAX_MENU_ITEMS)
    .refine((items) => {
      const ids = items.flatMap((item) => (item.itemId ? [item.itemId] : []));
      return new Set(ids).size === ids.length;
    }, 'must not list an itemId twice'),
});
export type PutMenu = z.infer<typeof putMenuSchema>;

export interface MenuItem {
  readonly itemId: string;
  readonly name: string;
  readonly priceIdr: number;
  readonly available: boolean;
  readonly description?: string;
}

export interface Menu {
  readonly merchantId: string;
  readonly items: readonly MenuItem[];
  readonly version: number;
  readonly updatedAt: string;
}

export class MerchantNotApprovedError extends RuleViolation {
  constructor(status: MerchantStatus) {
    super('MERCHANT_NOT_APPROVED', `Only approved merchants may do this; this merchant is ${status}`, [{ path: 'merchantId', message: status }]);
  }
}

export class UnknownMenuItemError extends RuleViolation {
  constructor(paths: readonly string[]) {
    super('UNKNOWN_MENU_ITEM', 'The menu has no item with this id', paths.map((path) => ({ path, message: 'unknown menu item' })));
  }
}


/**
 * What makes two registrations the same business: its NIB (one per business in OSS), or its
 * name in the same desa (the address's desa, within its kecamatan, as desa names repeat across
 * kecamatan). The store keeps one guard item per key, written with the merchant.
 */
export function merchantIdentity(merchant: Pick<Merchant, 'name' | 'nib' | 'address'>) {
  return {
    ...(merchant.nib ? { nib: merchant.nib } : {}),
    nameInDesa: [merchant.address.kecamatan, merchant.address.desa, merchant.name].map(comparableName).join('#'),
  };
}

export class MerchantAlreadyRegisteredError extends ConflictError {
  constructor(taken: readonly ('nib' | 'name')[]) {
    super(
      'MERCHANT_ALREADY_REGISTERED',
      'This business is already registered',
      taken.map((what) => (what === 'nib' ? { path: 'nib', message: 'a merchant with this NIB is already registered' } : { path: 'name', message: 'a merchant with this name is already registered in this desa' })),
    );
  }
}

export class MerchantAlreadyReviewedError extends ConflictError {
  constructor(status: MerchantStatus) {
    super('MERCHANT_ALREADY_REVIEWED', `The merchant was already reviewed: it is ${status}`);
  }
}

export const usualPrepMinutes = (merchant: Pick<Merchant, 'prepMinutes'>): number => merchant.prepMinutes ?? DEFAULT_PREP_MINUTES;

/** Admins act for every merchant; a merchant account only for the merchants it registered. */
export function assertActsForMerchant(caller: Caller, merchant: Pick<Merchant, 'ownerSub'>): void {
  if (hasRole(caller, 'admin')) return;
  if (hasRole(caller, 'merchant') && merchant.ownerSub === caller.sub) return;
  throw new ForbiddenError('You do not act for this merchant');
}

/** What the public sees of a merchant: no owner, phone, NIB or street address, and its point to ~100 m. */
export function publicMerchantView(merchant: Merchant) {
  return {
    merchantId: merchant.merchantId,
    name: merchant.name,
    kecamatan: merchant.kecamatan,
    desa: merchant.address.desa,
    // About 100 m: enough to find the stall's neighbourhood, not the family's house behind it.
    location: coarseLocation(merchant.location, 3),
    halal: merchant.halal,
    ...(merchant.description ? { description: merchant.description } : {}),
    prepMinutes: usualPrepMinutes(merchant),
  };
}

/** What its owner and admins see. */
export function merchantView(merchant: Merchant) {
  const { version: _version, ...view } = merchant;
  return { ...view, prepMinutes: usualPrepMinutes(merchant) };
}

/** The same shape whether the owner just replaced it or anyone reads it: the menu names its merchant. */
export const menuView = (menu: Pick<Menu, 'merchantId' | 'items'>) => ({
  merchantId: menu.merchantId,
  items: menu.items.map(({ itemId, name, priceIdr, available, description }) => ({ itemId, name, priceIdr, available, ...(description ? { description } : {}) })),
});
