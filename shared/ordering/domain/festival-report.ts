import { wibDay } from '../../platform/time.ts';
import { COUNTED_IN_REPORT, type FoodOrder } from './food-order.ts';

/**
 * The government's report over a festival: what reached the UMKM, per merchant and per kecamatan
 * (the merchant's), per WIB day. Computed from the orders themselves, so it reconciles exactly.
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

class Tally {
  orders = 0;
  grossIdr = 0;
  discountIdr = 0;
  readonly byDay = new Map<string, Tally>();

  add(order: FoodOrder, day: string | undefined): void {
    this.orders += 1;
    this.grossIdr += order.subtotalIdr;
    this.discountIdr += order.discountIdr;
    if (day !== undefined) {
      let tally = this.byDay.get(day);
      if (!tally) this.byDay.set(day, (tally = new Tally()));
      tally.add(order, undefined);
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

export function buildFestivalReport(
  festival: { festivalId: string; name: string; startsAt: string; endsAt: string },
  orders: readonly FoodOrder[],
): FestivalReport {
  const total = new Tally();
  const merchants = new Map<string, { tally: Tally; name: string; kecamatan: string }>();
  const kecamatan = new Map<string, { tally: Tally; merchants: Set<string> }>();
  for (const order of orders) {
    if (order.festivalId !== festival.festivalId || !COUNTED_IN_REPORT.has(order.status)) continue;
    const day = wibDay(new Date(order.placedAt));
    total.add(order, day);
    const merchant = merchants.get(order.merchant.merchantId) ?? { tally: new Tally(), name: order.merchant.name, kecamatan: order.merchant.kecamatan };
    merchant.tally.add(order, day);
    merchants.set(order.merchant.merchantId, merchant);
    const area = kecamatan.get(order.merchant.kecamatan) ?? { tally: new Tally(), merchants: new Set<string>() };
    area.tally.add(order, day);
    area.merchants.add(order.merchant.merchantId);
    kecamatan.set(order.merchant.kecamatan, area);
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
