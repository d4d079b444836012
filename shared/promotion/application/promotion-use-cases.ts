import { NotFoundError, OutsideServiceAreaError, RuleViolation } from '../../platform/errors.ts';
import { hasRole, requireRole, type Caller } from '../../platform/http/caller.ts';
import type { Page } from '../../platform/pagination.ts';
import { isInServiceArea } from '../../platform/service-area.ts';
import { toWibIso } from '../../platform/time.ts';
import {
  type CreateFestival,
  type CreatePromotion,
  type EnrolMerchant,
  type Enrolment,
  type Festival,
  type Promotion,
} from '../domain/festival.ts';
import {
  assertActsForMerchant,
  MerchantAlreadyReviewedError,
  MerchantNotApprovedError,
  publicMerchantView,
  UnknownMenuItemError,
  type HalalStatus,
  type Menu,
  type MenuItem,
  type Merchant,
  type MerchantStatus,
  type PutMenu,
  type RegisterMerchant,
} from '../domain/merchant.ts';
import type { PromotionPorts } from '../ports/promotion-ports.ts';

// ---- Merchants -------------------------------------------------------------------------------

export async function registerMerchant(ports: PromotionPorts, caller: Caller, input: RegisterMerchant): Promise<Merchant> {
  requireRole(caller, 'merchant');
  if (!isInServiceArea(input.location)) throw new OutsideServiceAreaError('location');
  const now = toWibIso(ports.clock.now());
  const merchant: Merchant = {
    merchantId: ports.ids.next('mer'),
    ...input,
    ownerSub: caller.sub,
    status: 'PENDING_REVIEW',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await ports.store.createMerchant(merchant);
  return merchant;
}

async function loadMerchant(ports: PromotionPorts, merchantId: string): Promise<Merchant> {
  const merchant = await ports.store.getMerchant(merchantId);
  if (!merchant) throw new NotFoundError('Merchant');
  return merchant;
}

export async function getMerchant(ports: PromotionPorts, caller: Caller, merchantId: string): Promise<Merchant> {
  const merchant = await loadMerchant(ports, merchantId);
  assertActsForMerchant(caller, merchant);
  return merchant;
}

/** Admins list merchants by status (the review queue); a merchant account lists its own. */
export async function listMerchants(
  ports: PromotionPorts,
  caller: Caller,
  query: { status?: MerchantStatus; limit: number; cursor?: string },
): Promise<Page<Merchant>> {
  if (hasRole(caller, 'admin')) return ports.store.listMerchants(query);
  requireRole(caller, 'merchant');
  return ports.store.listMerchants({ ...query, ownerSub: caller.sub });
}

/** An admin approves a merchant in review, or rejects it with a reason. A decision is final. */
export async function reviewMerchant(
  ports: PromotionPorts,
  caller: Caller,
  merchantId: string,
  decision: { status: 'APPROVED' } | { status: 'REJECTED'; reason: string },
): Promise<Merchant> {
  requireRole(caller, 'admin');
  const merchant = await loadMerchant(ports, merchantId);
  if (merchant.status !== 'PENDING_REVIEW') {
    if (merchant.status === decision.status && decision.status === 'APPROVED') return merchant; // a repeated approval
    throw new MerchantAlreadyReviewedError(merchant.status);
  }
  const now = toWibIso(ports.clock.now());
  const next: Merchant = {
    ...merchant,
    status: decision.status,
    ...(decision.status === 'REJECTED' ? { rejectionReason: decision.reason } : {}),
    reviewedBy: caller.sub,
    reviewedAt: now,
    version: merchant.version + 1,
    updatedAt: now,
  };
  await ports.store.saveMerchant(next, merchant.version);
  return next;
}

// ---- Menus -----------------------------------------------------------------------------------

/**
 * The merchant replaces its menu: items with an itemId update that item (which must exist),
 * items without one are new, items left out are gone. Orders already placed keep the names and
 * prices they were placed with. A merchant may prepare its menu while it is still in review.
 */
export async function putMenu(ports: PromotionPorts, caller: Caller, merchantId: string, input: PutMenu): Promise<Menu> {
  const merchant = await loadMerchant(ports, merchantId);
  assertActsForMerchant(caller, merchant);
  if (merchant.status === 'REJECTED') throw new MerchantNotApprovedError(merchant.status);
  const current = await ports.store.getMenu(merchantId);
  const known = new Set((current?.items ?? []).map((item) => item.itemId));
  const unknown = input.items.flatMap((item, index) => (item.itemId && !known.has(item.itemId) ? [`items.${index}.itemId`] : []));
  if (unknown.length > 0) throw new UnknownMenuItemError(unknown);

  const items: MenuItem[] = input.items.map((item) => ({
    itemId: item.itemId ?? ports.ids.next('item'),
    name: item.name,
    priceIdr: item.priceIdr,
    available: item.available,
    ...(item.description ? { description: item.description } : {}),
  }));
  const menu: Menu = { merchantId, items, version: (current?.version ?? 0) + 1, updatedAt: toWibIso(ports.clock.now()) };
  await ports.store.saveMenu(menu, current?.version ?? 0);
  return menu;
}

/** Public: anyone reads a merchant's menu, but only an approved merchant has a public one. */
export async function getMenu(ports: PromotionPorts, caller: Caller | undefined, merchantId: string): Promise<Menu> {
  const merchant = await ports.store.getMerchant(merchantId);
  const mayPeek = merchant !== undefined && caller !== undefined && (hasRole(caller, 'admin') || merchant.ownerSub === caller.sub);
  if (!merchant || (merchant.status !== 'APPROVED' && !mayPeek)) throw new NotFoundError('Merchant');
  return (await ports.store.getMenu(merchantId)) ?? { merchantId, items: [], version: 0, updatedAt: merchant.createdAt };
}

// ---- Festivals -------------------------------------------------------------------------------

export async function createFestival(ports: PromotionPorts, caller: Caller, input: CreateFestival): Promise<Festival> {
  requireRole(caller, 'admin');
  const festival: Festival = {
    festivalId: ports.ids.next('fest'),
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    startsAt: toWibIso(new Date(input.startsAt)),
    endsAt: toWibIso(new Date(input.endsAt)),
    createdBy: caller.sub,
    createdAt: toWibIso(ports.clock.now()),
  };
  await ports.store.createFestival(festival);
  return festival;
}

export async function getFestival(ports: PromotionPorts, festivalId: string): Promise<Festival> {
  const festival = await ports.store.getFestival(festivalId);
  if (!festival) throw new NotFoundError('Festival');
  return festival;
}

/** Admin: a merchant joins a festival, featured or not. Only approved merchants join. */
export async function enrolMerchant(ports: PromotionPorts, caller: Caller, festivalId: string, input: EnrolMerchant): Promise<Enrolment> {
  requireRole(caller, 'admin');
  const [festival, merchant] = await Promise.all([getFestival(ports, festivalId), ports.store.getMerchant(input.merchantId)]);
  if (!merchant) throw new RuleViolation('UNKNOWN_MERCHANT', 'No merchant has this id', [{ path: 'merchantId', message: 'unknown merchant' }]);
  if (merchant.status !== 'APPROVED') throw new MerchantNotApprovedError(merchant.status);
  const enrolment: Enrolment = {
    festivalId: festival.festivalId,
    merchantId: merchant.merchantId,
    featured: input.featured,
    name: merchant.name,
    kecamatan: merchant.kecamatan,
    halalStatus: merchant.halal.status,
    enrolledAt: toWibIso(ports.clock.now()),
  };
  await ports.store.enrol(enrolment);
  return enrolment;
}

/** A merchant as the public sees it (publicMerchantView), with its place in the festival and its menu. */
export type CatalogueEntry = ReturnType<typeof publicMerchantView> & { readonly featured: boolean; readonly menu: readonly MenuItem[] };

/** Public: a festival's merchants with their menus, featured first, filtered and paginated; points rounded to ~100 m. */
export async function festivalCatalogue(
  ports: PromotionPorts,
  festivalId: string,
  query: { kecamatan?: string; halal?: HalalStatus; limit: number; cursor?: string },
): Promise<Page<CatalogueEntry>> {
  await getFestival(ports, festivalId);
  const page = await ports.store.listEnrolments({ festivalId, ...query });
  const ids = page.items.map((enrolment) => enrolment.merchantId);
  const [menus, merchants] = await Promise.all([ports.store.getMenus(ids), Promise.all(ids.map((id) => ports.store.getMerchant(id)))]);
  const items = page.items.flatMap((enrolment, index): CatalogueEntry[] => {
    const merchant = merchants[index];
    if (!merchant) return [];
    return [{ ...publicMerchantView(merchant), featured: enrolment.featured, menu: menus.get(merchant.merchantId)?.items ?? [] }];
  });
  return { items, nextCursor: page.nextCursor };
}

// ---- Promotions ------------------------------------------------------------------------------

export async function createPromotion(ports: PromotionPorts, caller: Caller, festivalId: string, input: CreatePromotion): Promise<Promotion> {
  requireRole(caller, 'admin');
  const festival = await getFestival(ports, festivalId);
  const startsAt = input.startsAt ? toWibIso(new Date(input.startsAt)) : festival.startsAt;
  const endsAt = input.endsAt ? toWibIso(new Date(input.endsAt)) : festival.endsAt;
  if (Date.parse(startsAt) < Date.parse(festival.startsAt) || Date.parse(endsAt) > Date.parse(festival.endsAt)) {
    throw new RuleViolation('OUTSIDE_FESTIVAL_WINDOW', 'A promotion runs within its festival', [{ path: input.startsAt ? 'startsAt' : 'endsAt', message: 'outside the festival' }]);
  }
  if (input.merchantIds) {
    const enrolments = await Promise.all(input.merchantIds.map((id) => ports.store.getEnrolment(festivalId, id)));
    const missing = input.merchantIds.flatMap((_, index) => (enrolments[index] ? [] : [{ path: `merchantIds.${index}`, message: 'not enrolled in the festival' }]));
    if (missing.length > 0) throw new RuleViolation('MERCHANT_NOT_IN_FESTIVAL', 'Every merchant of a promotion must sell at its festival', missing);
  }
  const promotion: Promotion = {
    festivalId,
    code: input.code,
    kind: input.kind,
    value: input.value,
    ...(input.maxDiscountIdr !== undefined ? { maxDiscountIdr: input.maxDiscountIdr } : {}),
    minSubtotalIdr: input.minSubtotalIdr,
    quota: input.quota,
    perCustomerLimit: input.perCustomerLimit,
    ...(input.budgetIdr !== undefined ? { budgetIdr: input.budgetIdr } : {}),
    ...(input.merchantIds ? { merchantIds: [...new Set(input.merchantIds)] } : {}),
    startsAt,
    endsAt,
    ...(input.fundedBy ? { fundedBy: input.fundedBy } : {}),
    redeemedCount: 0,
    spentIdr: 0,
    createdAt: toWibIso(ports.clock.now()),
  };
  await ports.store.createPromotion(promotion);
  return promotion;
}

export async function listPromotions(ports: PromotionPorts, caller: Caller, festivalId: string): Promise<Promotion[]> {
  requireRole(caller, 'admin');
  await getFestival(ports, festivalId);
  return ports.store.listPromotions(festivalId);
}
