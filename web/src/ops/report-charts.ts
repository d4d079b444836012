/**
 * The reports' figures as the charts draw them (and their data tables list them): labels, and one
 * series of values per label in the same order, a missing day counted as zero.
 */
import type { FestivalReport, TaxiSettlementReport } from './ops-api.ts';
import { addDays, dayLabel, wibDay } from './ops-format.ts';

export interface BarSeries {
  readonly label: string;
  readonly values: readonly number[];
}

/** What a bar chart draws (bar-chart.ts), and its data table lists. */
export interface BarData {
  readonly labels: readonly string[];
  readonly series: readonly BarSeries[];
  /** Series stack on one bar per label (parts of a whole) rather than stand side by side. */
  readonly stacked: boolean;
}

/** A report reads every order (or ride) of its period: once a minute is often enough for a chart. */
export const REPORT_REFRESH_MS = 60_000;

/** Takings per kecamatan (one bar each), and per day of the festival stacked by kecamatan. */
export function festivalCharts(report: FestivalReport, grossLabel: string, locale: string): { perKecamatan: BarData; perDay: BarData } {
  return {
    perKecamatan: {
      labels: report.byKecamatan.map((k) => k.kecamatan),
      series: [{ label: grossLabel, values: report.byKecamatan.map((k) => k.grossIdr) }],
      stacked: false,
    },
    perDay: {
      labels: report.days.map((day) => dayLabel(day, locale)),
      series: report.byKecamatan.map((k) => ({
        label: k.kecamatan,
        values: report.days.map((day) => k.byDay.find((d) => d.day === day)?.grossIdr ?? 0),
      })),
      stacked: true,
    },
  };
}

/** Revenue per day of the period, a bar per company side by side; undefined without a company. */
export function taxiRevenueChart(reports: readonly TaxiSettlementReport[], locale: string): BarData | undefined {
  const [first] = reports;
  if (!first) return undefined;
  return {
    labels: first.days.map((d) => dayLabel(d.day, locale)),
    series: reports.map((report) => ({ label: report.companyName, values: first.days.map(({ day }) => report.days.find((d) => d.day === day)?.revenueIdr ?? 0) })),
    stacked: false,
  };
}

/** The last 7 WIB days, today included. */
export function lastSevenDays(now: Date): { from: string; to: string } {
  const to = wibDay(now);
  return { from: addDays(to, -6), to };
}
