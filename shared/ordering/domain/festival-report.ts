import { wibDay } from '../../platform/time.ts';
import { COUNTED_IN_REPORT, type FoodOrder, type FoodOrderStatus } from './food-order.ts';

/**
 * The government's report over a festival: what reached the UMKM, per merchant and per kecamatan
 * (the merchant's), per WIB day. Summed from per merchant-day tallies that move with the orders
 * (below), so it reconciles exactly with the orders at any volume.
 *
 * Rules (also in the README):
 * - An order counts once the merchant accepted it, unless it was rejected or cancelled (both are
 *   only possible before acceptance); a failed delivery still counts, the food was handed over.
 * - Its day is the WIB calendar day on which it was placed.
 * - grossIdr is the sum of subtotals (menu prices × quantities), before discounts and without
 *   delivery fees.
 * - Promotions are funded by the festival's partners (the regency and Go-Food), not by the
 *   merchants: merchantRevenueIdr = grossIdr. discountIdr is what the partners paid.
 */
export interface ReportFigures {
  readonly orders: number;
  readonly grossIdr: number;
  readonly discountIdr: number;
  readonly merchantRevenueIdr: number;
}

export interface DayFigures extends ReportFigures {
  readonly day: string;
}

export interface FestivalReport {
  readonly festivalId: string;
  readonly name: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timeZone: 'Asia/Jakarta';
  /** The WIB days the festival spans. */
  readonly days: readonly string[];
  readonly totals: ReportFigures & { readonly byDay: readonly DayFigures[] };
  readonly byMerchant: readonly (ReportFigures & { merchantId: string; name: string; kecamatan: string; byDay: readonly DayFigures[] })[];
  readonly byKecamatan: readonly (ReportFigures & { kecamatan: string; merchants: number; byDay: readonly DayFigures[] })[];
}

/**
 * What the report is summed from: one merchant's counted orders of one WIB day. The store keeps
 * one such tally per (festival, merchant, day), changed in the transaction that moves an order
 * into or out of a counted status, so that a report reads merchants × days items, never the orders.
 * The merchant's name and kecamatan are those copied onto its orders when they were placed.
 */
export interface MerchantDayTally {
  readonly merchantId: string;
  readonly name: string;
  readonly kecamatan: string;
  readonly day: string;
  readonly orders: number;
  readonly grossIdr: number;
  readonly discountIdr: number;
}

/** The tally an order adds to its merchant's day while its status counts (placedAt fixes the day). */
export function reportShare(order: FoodOrder): MerchantDayTally {
  const { merchantId, name, kecamatan } = order.merchant;
  return { merchantId, name, kecamatan, day: wibDay(new Date(order.placedAt)), orders: 1, grossIdr: order.subtotalIdr, discountIdr: order.discountIdr };
}

/**
 * How a change of an order from status `from` to `next` moves the report: +1 when it starts
 * counting (the merchant accepted), -1 when it stops (cancelled after acceptance), 0 otherwise.
 * Subtotal and discount are fixed when the order is placed, so only counting can change.
 */
export function reportShareChange(from: FoodOrderStatus, next: FoodOrder): -1 | 0 | 1 {
  return ((COUNTED_IN_REPORT.has(next.status) ? 1 : 0) - (COUNTED_IN_REPORT.has(from) ? 1 : 0)) as -1 | 0 | 1;
}

/**
 * The tallies recomputed from the orders themselves: what the stored ones must equal (the
 * aggregate test checks it), and how the bench seeds them beside orders written in bulk.
 */
export function festivalTallies(festivalId: string, orders: readonly FoodOrder[]): MerchantDayTally[] {
  const tallies = new Map<string, MerchantDayTally>();
  for (const order of orders) {
    if (order.festivalId !== festivalId || !COUNTED_IN_REPORT.has(order.status)) continue;
    const share = reportShare(order);
    const key = `${share.day}#${share.merchantId}`;
    const sum = tallies.get(key);
    tallies.set(key, sum ? { ...sum, orders: sum.orders + 1, grossIdr: sum.grossIdr + share.grossIdr, discountIdr: sum.discountIdr + share.discountIdr } : share);
  }
  return [...tallies.values()].sort((a, b) => a.day.localeCompare(b.day) || a.merchantId.localeCompare(b.merchantId));
}

class Tally {
  orders = 0;
  grossIdr = 0;
  discountIdr = 0;
  readonly byDay = new Map<string, Tally>();

  add(figures: Pick<MerchantDayTally, 'orders' | 'grossIdr' | 'discountIdr'>, day: string | undefined): void {
    this.orders += figures.orders;
    this.grossIdr += figures.grossIdr;
    this.discountIdr += figures.discountIdr;
    if (day !== undefined) {
      let tally = this.byDay.get(day);
      if (!tally) this.byDay.set(day, (tally = new Tally()));
      tally.add(figures, undefined);
    }
  }

  figures(): ReportFigures {
    return { orders: this.orders, grossIdr: this.grossIdr, discountIdr: this.discountIdr, merchantRevenueIdr: this.grossIdr };
  }

  days(): DayFigures[] {
    return [...this.byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, tally]) => ({ day, ...tally.figures() }));
  }
}

export function festivalDays(festival: { startsAt: string; endsAt: string }): string[] {
  const days: string[] = [];
  const last = wibDay(new Date(Date.parse(festival.endsAt) - 1));
  for (let at = Date.parse(festival.startsAt); days.length < 62; at += 86_400_000) {
    const day = wibDay(new Date(at));
    days.push(day);
    if (day >= last) break;
  }
  return days;
}

/**
 * The report from its merchant-day tallies: kecamatan and festival totals are sums of them, made
 * at read time (a merchant's kecamatan is its own, as on its orders). A tally whose orders all
 * stopped counting (cancelled) stays stored at zero and is left out, as if it never was.
 */
export function festivalReportFromTallies(
  festival: { festivalId: string; name: string; startsAt: string; endsAt: string },
  tallies: readonly MerchantDayTally[],
): FestivalReport {
  const total = new Tally();
  const merchants = new Map<string, { tally: Tally; name: string; kecamatan: string }>();
  const kecamatan = new Map<string, { tally: Tally; merchants: Set<string> }>();
  const ordered = [...tallies].sort((a, b) => a.day.localeCompare(b.day) || a.merchantId.localeCompare(b.merchantId));
  for (const share of ordered) {
    if (share.orders === 0) continue;
    total.add(share, share.day);
    const merchant = merchants.get(share.merchantId) ?? { tally: new Tally(), name: share.name, kecamatan: share.kecamatan };
    merchant.tally.add(share, share.day);
    merchants.set(share.merchantId, merchant);
    const area = kecamatan.get(share.kecamatan) ?? { tally: new Tally(), merchants: new Set<string>() };
    area.tally.add(share, share.day);
    area.merchants.add(share.merchantId);
    kecamatan.set(share.kecamatan, area);
  }
  return {
    festivalId: festival.festivalId,
    name: festival.name,
    startsAt: festival.startsAt,
    endsAt: festival.endsAt,
    timeZone: 'Asia/Jakarta',
    days: festivalDays(festival),
    totals: { ...total.figures(), byDay: total.days() },
    byMerchant: [...merchants.entries()]
      .map(([merchantId, m]) => ({ merchantId, name: m.name, kecamatan: m.kecamatan, ...m.tally.figures(), byDay: m.tally.days() }))
      .sort((a, b) => b.grossIdr - a.grossIdr || a.name.localeCompare(b.name)),
    byKecamatan: [...kecamatan.entries()]
      .map(([name, k]) => ({ kecamatan: name, merchants: k.merchants.size, ...k.tally.figures(), byDay: k.tally.days() }))
      .sort((a, b) => b.grossIdr - a.grossIdr || a.kecamatan.localeCompare(b.kecamatan)),
  };
}

/** The report straight from the orders: the reference the stored tallies are checked against. */
export function buildFestivalReport(festival: { festivalId: string; name: string; startsAt: string; endsAt: string }, orders: readonly FoodOrder[]): FestivalReport {
  return festivalReportFromTallies(festival, festivalTallies(festival.festivalId, orders));
}

export const REPORT_CSV_HEADER = ['scope', 'merchantId', 'merchantName', 'kecamatan', 'day', 'orders', 'grossIdr', 'discountIdr', 'merchantRevenueIdr'] as const;

/**
 * A cell as RFC 4180 wants it; a text cell that a spreadsheet would run as a formula (= + - @)
 * is prefixed with an apostrophe, since merchant names come from merchants.
 */
function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The report as CSV: one row per merchant and day, per kecamatan and day, and the festival per
 * day; `day` ALL rows hold the festival's totals for that merchant, kecamatan or the whole.
 */
export function festivalReportCsv(report: FestivalReport): string {
  const rows: (string | number)[][] = [[...REPORT_CSV_HEADER]];
  const figures = (f: ReportFigures) => [f.orders, f.grossIdr, f.discountIdr, f.merchantRevenueIdr];
  for (const m of report.byMerchant) {
    for (const d of m.byDay) rows.push(['MERCHANT', m.merchantId, m.name, m.kecamatan, d.day, ...figures(d)]);
    rows.push(['MERCHANT', m.merchantId, m.name, m.kecamatan, 'ALL', ...figures(m)]);
  }
  for (const k of report.byKecamatan) {
    for (const d of k.byDay) rows.push(['KECAMATAN', '', '', k.kecamatan, d.day, ...figures(d)]);
    rows.push(['KECAMATAN', '', '', k.kecamatan, 'ALL', ...figures(k)]);
  }
  for (const d of report.totals.byDay) rows.push(['FESTIVAL', '', '', '', d.day, ...figures(d)]);
  rows.push(['FESTIVAL', '', '', '', 'ALL', ...figures(report.totals)]);
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
