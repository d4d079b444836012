import { describe, expect, it } from 'vitest';
import { buildFestivalReport, festivalDays, festivalReportCsv, festivalReportFromTallies, festivalTallies, reportShareChange } from '#ordering/domain/festival-report';
import type { FoodOrder, FoodOrderStatus } from '#ordering/domain/food-order';

const FESTIVAL = { festivalId: 'fest_1', name: 'Pesta Kuliner', startsAt: '2026-12-18T10:00:00.000+07:00', endsAt: '2026-12-21T00:00:00.000+07:00' };
const merchants = {
  tempong: { merchantId: 'mer_1', name: 'Sego Tempong, "Mbok Nah"', kecamatan: 'Giri', location: { lat: -8.19, lng: 114.33 }, ownerSub: 'u1' },
  rujak: { merchantId: 'mer_2', name: 'Rujak Soto Bu Sum', kecamatan: 'Rogojampi', location: { lat: -8.3, lng: 114.28 }, ownerSub: 'u2' },
  pecel: { merchantId: 'mer_3', name: '=Pecel Rawon', kecamatan: 'Giri', location: { lat: -8.19, lng: 114.33 }, ownerSub: 'u3' },
};

let n = 0;
const order = (merchant: FoodOrder['merchant'], status: FoodOrderStatus, placedAt: string, subtotalIdr: number, discountIdr = 0): FoodOrder =>
  ({ orderId: `fo_${++n}`, festivalId: 'fest_1', merchant, status, placedAt, subtotalIdr, discountIdr, deliveryFeeIdr: 10_000, totalIdr: subtotalIdr - discountIdr + 10_000 }) as FoodOrder;

const orders = [
  order(merchants.tempong, 'DELIVERED', '2026-12-18T23:59:59.000+07:00', 44_000, 8_800),
  order(merchants.tempong, 'ACCEPTED', '2026-12-19T00:00:00.000+07:00', 22_000),
  order(merchants.tempong, 'REJECTED', '2026-12-19T10:00:00.000+07:00', 99_000, 15_000),
  order(merchants.rujak, 'DELIVERY_FAILED', '2026-12-19T12:00:00.000+07:00', 20_000, 5_000),
  order(merchants.rujak, 'CANCELLED', '2026-12-19T12:00:00.000+07:00', 20_000, 5_000),
  order(merchants.rujak, 'PLACED', '2026-12-19T12:30:00.000+07:00', 20_000),
  order(merchants.pecel, 'PICKED_UP', '2026-12-20T08:00:00.000+07:00', 63_000),
];

describe('the festival report', () => {
  const report = buildFestivalReport(FESTIVAL, orders);

  it('counts accepted orders that were not rejected or cancelled, by the WIB day they were placed', () => {
    expect(report.totals).toMatchObject({ orders: 4, grossIdr: 149_000, discountIdr: 13_800, merchantRevenueIdr: 149_000 });
    expect(report.totals.byDay.map((d) => [d.day, d.orders])).toEqual([
      ['2026-12-18', 1],
      ['2026-12-19', 2],
      ['2026-12-20', 1],
    ]);
    expect(report.days).toEqual(['2026-12-18', '2026-12-19', '2026-12-20']);
  });

  it('breaks it down per merchant and per kecamatan, and both add up to the totals', () => {
    const tempong = report.byMerchant.find((m) => m.merchantId === 'mer_1')!;
    expect(tempong).toMatchObject({ orders: 2, grossIdr: 66_000, discountIdr: 8_800, merchantRevenueIdr: 66_000 });
    expect(report.byKecamatan.map((k) => [k.kecamatan, k.merchants, k.orders, k.grossIdr])).toEqual([
      ['Giri', 2, 3, 129_000],
      ['Rogojampi', 1, 1, 20_000],
    ]);
    for (const key of ['orders', 'grossIdr', 'discountIdr', 'merchantRevenueIdr'] as const) {
      expect(report.byMerchant.reduce((s, m) => s + m[key], 0)).toBe(report.totals[key]);
      expect(report.byKecamatan.reduce((s, k) => s + k[key], 0)).toBe(report.totals[key]);
      for (const m of report.byMerchant) expect(m.byDay.reduce((s, d) => s + d[key], 0)).toBe(m[key]);
    }
  });

  it('is an empty report, not an error, before the first order', () => {
    expect(buildFestivalReport(FESTIVAL, []).totals).toEqual({ orders: 0, grossIdr: 0, discountIdr: 0, merchantRevenueIdr: 0, byDay: [] });
  });

  it('spans the festival’s WIB days, the end exclusive', () => {
    expect(festivalDays({ startsAt: '2026-12-18T22:00:00.000+07:00', endsAt: '2026-12-19T00:00:00.000+07:00' })).toEqual(['2026-12-18']);
    expect(festivalDays({ startsAt: '2026-12-18T16:00:00Z', endsAt: '2026-12-19T18:00:00Z' })).toEqual(['2026-12-18', '2026-12-19', '2026-12-20']);
  });

  it('as CSV: quoted where needed, formulas defused, the same numbers', () => {
    const csv = festivalReportCsv(report);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('scope,merchantId,merchantName,kecamatan,day,orders,grossIdr,discountIdr,merchantRevenueIdr');
    expect(lines).toContain('MERCHANT,mer_1,"Sego Tempong, ""Mbok Nah""",Giri,ALL,2,66000,8800,66000');
    expect(lines).toContain("MERCHANT,mer_3,'=Pecel Rawon,Giri,2026-12-20,1,63000,0,63000");
    expect(lines).toContain('KECAMATAN,,,Giri,ALL,3,129000,8800,129000');
    expect(lines.at(-1)).toBe('FESTIVAL,,,,ALL,4,149000,13800,149000');
  });
});

describe('the tallies the report is read from', () => {
  it('an order joins its merchant’s day when accepted, leaves it when cancelled after acceptance, and nothing else moves it', () => {
    const at = (status: FoodOrderStatus) => order(merchants.tempong, status, '2026-12-19T10:00:00.000+07:00', 22_000);
    expect(reportShareChange('PLACED', at('ACCEPTED'))).toBe(1);
    expect(reportShareChange('ACCEPTED', at('CANCELLED'))).toBe(-1);
    expect(reportShareChange('COURIER_ASSIGNED', at('CANCELLED'))).toBe(-1);
    expect(reportShareChange('PLACED', at('REJECTED'))).toBe(0);
    expect(reportShareChange('PLACED', at('CANCELLED'))).toBe(0);
    for (const [from, to] of [['ACCEPTED', 'READY'], ['READY', 'COURIER_ASSIGNED'], ['COURIER_ASSIGNED', 'ACCEPTED'], ['PICKED_UP', 'DELIVERY_FAILED']] as const) {
      expect(reportShareChange(from, at(to)), `${from} → ${to}`).toBe(0);
    }
  });

  it('the report from the merchant-day tallies is the report from the orders, a tally at zero left out', () => {
    const tallies = festivalTallies('fest_1', orders);
    expect(tallies.map((t) => [t.day, t.merchantId, t.orders])).toEqual([
      ['2026-12-18', 'mer_1', 1],
      ['2026-12-19', 'mer_1', 1],
      ['2026-12-19', 'mer_2', 1],
      ['2026-12-20', 'mer_3', 1],
    ]);
    const emptied = { ...tallies[0]!, day: '2026-12-20', orders: 0, grossIdr: 0, discountIdr: 0 };
    expect(festivalReportFromTallies(FESTIVAL, [...tallies, emptied])).toEqual(buildFestivalReport(FESTIVAL, orders));
  });
});
