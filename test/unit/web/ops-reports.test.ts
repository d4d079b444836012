import { describe, expect, it } from 'vitest';
import { addDays, formatDuration, formatNumber } from '../../../web/src/ops/ops-format.ts';
import type { FestivalReport, TaxiSettlementReport } from '../../../web/src/ops/ops-api.ts';
import { festivalCharts, lastSevenDays, taxiRevenueChart } from '../../../web/src/ops/report-charts.ts';

const figures = (grossIdr: number) => ({ orders: 1, grossIdr, discountIdr: 0, merchantRevenueIdr: grossIdr });

describe("the dashboard's reports as charts", () => {
  it('draws a festival per kecamatan, and per day stacked by kecamatan, a day without orders as zero', () => {
    const report = {
      days: ['2026-12-18', '2026-12-19', '2026-12-20'],
      byKecamatan: [
        { kecamatan: 'Giri', merchants: 2, ...figures(88_000), byDay: [{ day: '2026-12-18', ...figures(44_000) }, { day: '2026-12-20', ...figures(44_000) }] },
        { kecamatan: 'Genteng', merchants: 1, ...figures(21_000), byDay: [{ day: '2026-12-19', ...figures(21_000) }] },
      ],
    } as unknown as FestivalReport;
    const { perKecamatan, perDay } = festivalCharts(report, 'Omzet (Rp)', 'id-ID');
    expect(perKecamatan).toEqual({ labels: ['Giri', 'Genteng'], series: [{ label: 'Omzet (Rp)', values: [88_000, 21_000] }], stacked: false });
    expect(perDay.labels).toEqual(['18 Des', '19 Des', '20 Des']);
    expect(perDay.series).toEqual([
      { label: 'Giri', values: [44_000, 0, 44_000] },
      { label: 'Genteng', values: [0, 21_000, 0] },
    ]);
    expect(perDay.stacked).toBe(true);
  });

  it('draws the taxi revenue per day of the period, a bar per company', () => {
    const report = (companyName: string, revenue: number[]) =>
      ({ companyName, days: revenue.map((revenueIdr, i) => ({ day: `2026-11-2${4 + i}`, rides: revenueIdr ? 1 : 0, distanceKm: 0, revenueIdr })) }) as unknown as TaxiSettlementReport;
    const chart = taxiRevenueChart([report('Osing Taksi', [0, 57_300]), report('Blambangan Taxi', [25_000, 0])], 'en-GB');
    expect(chart).toEqual({
      labels: ['24 Nov', '25 Nov'],
      series: [
        { label: 'Osing Taksi', values: [0, 57_300] },
        { label: 'Blambangan Taxi', values: [25_000, 0] },
      ],
      stacked: false,
    });
    expect(taxiRevenueChart([], 'en-GB')).toBeUndefined();
  });

  it('takes the last 7 WIB days, today included, whatever the clock of the machine', () => {
    // 17:30 UTC on 30 November is already 1 December in Banyuwangi.
    expect(lastSevenDays(new Date('2026-11-30T17:30:00Z'))).toEqual({ from: '2026-11-25', to: '2026-12-01' });
    expect(lastSevenDays(new Date('2026-11-30T16:59:59Z'))).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('writes waits in whole seconds, minutes or hours, and a dash when there is none', () => {
    // The dashboard's words (ops-words.ts) for these units; that module is the browser's, with Preact.
    const id = { hours: 'j', minutes: 'mnt', seconds: 'dtk' };
    expect(formatDuration(null, id)).toBe('—');
    expect(formatDuration(42, id)).toBe('42 dtk');
    expect(formatDuration(95, id)).toBe('1 mnt 35 dtk');
    expect(formatDuration(4000, { hours: 'h', minutes: 'min', seconds: 's' })).toBe('1 h 06 min');
    expect(formatNumber(126_000, 'id-ID')).toBe('126.000');
    expect(formatNumber(12, 'en-GB', 1)).toBe('12.0');
  });
});
