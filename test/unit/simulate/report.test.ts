/**
 * The simulation report's pure parts: text escaped wherever a run's own words go, durations and
 * scales people can read, histogram bins that hold every value once, a map that keeps north up and
 * zooms to the orders, the map's table counted per nearest kecamatan; and the page as a whole
 * saying met or missed in words, leaving out what a run does not have.
 */
import { describe, expect, it } from 'vitest';
import { barChartSvg, histogramBins, linearScale, lineChartSvg, MOST_BINS, niceTicks } from '../../../infra/simulate/report/charts.ts';
import { renderSimulationReport, formatMilliseconds, formatStartedAt } from '../../../infra/simulate/report/html.ts';
import { escapeHtml, formatDuration } from '../../../infra/simulate/report/markup.ts';
import { LEAST_SPAN_DEGREES, mapProjection, mapView, nearestKecamatan, originRows } from '../../../infra/simulate/report/origin-map.ts';
import type { SimulationResult } from '../../../infra/simulate/result.ts';
import { buildSimulationRun } from '../support/simulation-result.ts';

const BBOX = { minLat: -8.78022, maxLat: -7.884666, minLng: 113.837593, maxLng: 114.605262 };
const BANYUWANGI = { name: 'Banyuwangi', lat: -8.2152, lng: 114.3555 };
const GENTENG = { name: 'Genteng', lat: -8.3662, lng: 114.1416 };

describe('text', () => {
  it('escapes markup and both quote kinds', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')"> & co`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co');
  });

  it('writes durations as people say them', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(44.6)).toBe('45 s');
    expect(formatDuration(372)).toBe('6 min 12 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(formatDuration(7200)).toBe('2 h');
  });

  it('writes machine latencies in ms under a second, in seconds above', () => {
    expect(formatMilliseconds(480.4)).toBe('480 ms');
    expect(formatMilliseconds(1234)).toBe('1.23 s');
  });

  it('writes a WIB start as a WIB time, any other as given', () => {
    expect(formatStartedAt('2026-11-30T07:00:00+07:00')).toBe('2026-11-30 07:00 WIB');
    expect(formatStartedAt('2026-11-30T07:00:00.123+07:00')).toBe('2026-11-30 07:00 WIB');
    expect(formatStartedAt('2026-11-30T00:00:00Z')).toBe('2026-11-30T00:00:00Z');
  });
});

describe('scales', () => {
  it('maps a domain onto a range, reversed ranges included', () => {
    const y = linearScale([0, 10], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(5)).toBe(100);
    expect(y(10)).toBe(0);
    expect(linearScale([3, 3], [10, 50])(3)).toBe(10);
  });

  it('gives round ticks from 0 up to the first at or above the largest value', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(101)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
  });

  it('still gives an axis when there is nothing to show', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });
});

describe('histogram bins', () => {
  it('picks the narrowest round width needing at most 20 bins, keeping empty bins between', () => {
    const bins = histogramBins([0, 29, 30, 95, 299]);
    expect(bins.map((b) => b.to - b.from)).toEqual(new Array(bins.length).fill(15));
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ from: 0, to: 15, count: 1 });
    expect(bins[1]).toEqual({ from: 15, to: 30, count: 1 });
    expect(bins[2]).toEqual({ from: 30, to: 45, count: 1 });
    expect(bins[3]).toEqual({ from: 45, to: 60, count: 0 });
    expect(bins[19]).toEqual({ from: 285, to: 300, count: 1 });
  });

  it('counts every value once, whatever the spread', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { result } = buildSimulationRun({ seed, orders: 50 * seed, kinds: ['MEDICINE'], places: ['Genteng'], startHour: 7, hours: 3 });
      const values = result.series.readyToAssignedSeconds;
      const bins = histogramBins(values);
      expect(bins.length).toBeLessThanOrEqual(MOST_BINS);
      expect(bins.reduce((sum, b) => sum + b.count, 0)).toBe(values.length);
      for (const value of values) expect(bins.filter((b) => value >= b.from && value < b.to)).toHaveLength(1);
    }
  });

  it('is empty over no value, and puts a value read a little early in the first bin', () => {
    expect(histogramBins([])).toEqual([]);
    expect(histogramBins([-2, 3])).toEqual([
      { from: 0, to: 1, count: 1 },
      { from: 1, to: 2, count: 0 },
      { from: 2, to: 3, count: 0 },
      { from: 3, to: 4, count: 1 },
    ]);
  });

  it('widens past a day rather than drawing hundreds of bins', () => {
    const bins = histogramBins([0, 40 * 86_400]);
    expect(bins.length).toBeLessThanOrEqual(MOST_BINS);
    expect(bins.reduce((sum, b) => sum + b.count, 0)).toBe(2);
  });
});

describe('the map', () => {
  it('keeps north up and east right', () => {
    const projection = mapProjection(BBOX);
    const north = projection.project({ lat: BBOX.maxLat, lng: BBOX.minLng });
    const south = projection.project({ lat: BBOX.minLat, lng: BBOX.maxLng });
    expect(north.y).toBeLessThan(south.y);
    expect(north.x).toBeLessThan(south.x);
    // The regency is taller than wide: so is its map.
    expect(projection.height).toBeGreaterThan(projection.width);
  });

  it('zooms to the orders, with a margin', () => {
    const view = mapView(BBOX, [BANYUWANGI, GENTENG]);
    for (const p of [BANYUWANGI, GENTENG]) {
      expect(p.lat).toBeGreaterThan(view.minLat);
      expect(p.lat).toBeLessThan(view.maxLat);
      expect(p.lng).toBeGreaterThan(view.minLng);
      expect(p.lng).toBeLessThan(view.maxLng);
    }
    expect(view.maxLat - view.minLat).toBeLessThan((BBOX.maxLat - BBOX.minLat) / 2);
    expect(view.maxLng - view.minLng).toBeLessThan((BBOX.maxLng - BBOX.minLng) / 2);
  });

  it('shows at least a few kilometres around one busy stall, and the whole regency with no order', () => {
    const view = mapView(BBOX, [BANYUWANGI, BANYUWANGI]);
    // Within rounding: the margins are added in floating point.
    expect(view.maxLat - view.minLat).toBeGreaterThan(LEAST_SPAN_DEGREES - 1e-9);
    expect(view.maxLng - view.minLng).toBeGreaterThan(LEAST_SPAN_DEGREES - 1e-9);
    expect(mapView(BBOX, [])).toEqual(BBOX);
  });

  it('holds an origin outside the regency rather than pinning it to the edge', () => {
    const atSea = { lat: -8.2, lng: 114.7 };
    const view = mapView(BBOX, [BANYUWANGI, atSea]);
    expect(view.maxLng).toBeGreaterThan(atSea.lng);
  });

  it('counts origins per nearest kecamatan centre and kind, by outcome, busiest first', () => {
    expect(nearestKecamatan({ lat: -8.36, lng: 114.15 }, [BANYUWANGI, GENTENG])).toBe('Genteng');
    expect(nearestKecamatan({ lat: -8.36, lng: 114.15 }, [])).toBeNull();
    const near = (p: { lat: number; lng: number }) => ({ lat: p.lat + 0.001, lng: p.lng - 0.001 });
    const rows = originRows(
      [
        { ...near(GENTENG), kind: 'MEDICINE', outcome: 'DELIVERED' },
        { ...near(BANYUWANGI), kind: 'FOOD', outcome: 'FAILED' },
        { ...near(BANYUWANGI), kind: 'FOOD', outcome: 'DELIVERED' },
        { ...near(BANYUWANGI), kind: 'MEDICINE', outcome: 'OPEN' },
        { ...near(GENTENG), kind: 'MEDICINE', outcome: 'CANCELLED' },
      ],
      [BANYUWANGI, GENTENG],
    );
    expect(rows).toEqual([
      { kecamatan: 'Banyuwangi', kind: 'FOOD', outcomes: { DELIVERED: 1, FAILED: 1, CANCELLED: 0, OPEN: 0 }, total: 2 },
      { kecamatan: 'Genteng', kind: 'MEDICINE', outcomes: { DELIVERED: 1, FAILED: 0, CANCELLED: 1, OPEN: 0 }, total: 2 },
      { kecamatan: 'Banyuwangi', kind: 'MEDICINE', outcomes: { DELIVERED: 0, FAILED: 0, CANCELLED: 0, OPEN: 1 }, total: 1 },
    ]);
  });
});

describe('the page', () => {
  const HOSTILE = `<script>alert("x")</script>`;

  function hostileRun(): SimulationResult {
    const { result } = buildSimulationRun({ seed: 11, orders: 40, kinds: ['FOOD'], places: ['Giri'], startHour: 18, hours: 2, promotionQuota: 30 });
    return {
      ...result,
      scenario: { ...result.scenario, name: HOSTILE, title: HOSTILE, description: HOSTILE },
      targets: [{ name: HOSTILE, target: HOSTILE, actual: HOSTILE, met: true }],
      series: { ...result.series, deliveriesPerHour: [{ hour: HOSTILE, deliveries: 3 }] },
      area: { ...result.area, kecamatan: [...result.area.kecamatan.filter((k) => k.name !== 'Giri'), { name: HOSTILE, lat: -8.2043, lng: 114.3418 }] },
    };
  }

  it("escapes every text a run carries: title, description, targets, hours and place names", () => {
    const page = renderSimulationReport(hostileRun());
    expect(page).not.toContain('<script');
    expect(page).not.toContain('alert("x")');
    // Title, heading, description, scenario name, the target's three cells, the hour's bar, its
    // tooltip and its table row, the kecamatan's map label and its table row.
    expect(page.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;').length - 1).toBeGreaterThanOrEqual(12);
  });

  it('refuses any request from the page and needs no script', () => {
    const page = renderSimulationReport(hostileRun());
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(page).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/);
  });

  it('says in words whether the targets were met', () => {
    const met = buildSimulationRun({ seed: 3, orders: 30, kinds: ['MEDICINE'], places: ['Genteng'], startHour: 7, hours: 2 }).result;
    const missed = buildSimulationRun({ seed: 3, orders: 30, kinds: ['MEDICINE'], places: ['Genteng'], startHour: 7, hours: 2, missed: 2 }).result;
    expect(renderSimulationReport(met)).toContain('All 3 targets met');
    const page = renderSimulationReport(missed);
    expect(page).toContain('2 of 3 targets missed');
    expect(page.match(/✗<\/span> Missed/g)).toHaveLength(2);
    expect(page.match(/✓<\/span> Met/g)).toHaveLength(1);
  });

  it('shows the promotion only for a run that had one', () => {
    const withPromotion = buildSimulationRun({ seed: 5, orders: 60, kinds: ['FOOD'], places: ['Giri'], startHour: 18, hours: 1, promotionQuota: 40 }).result;
    const without = buildSimulationRun({ seed: 5, orders: 60, kinds: ['MEDICINE'], places: ['Genteng'], startHour: 7, hours: 1 }).result;
    expect(renderSimulationReport(withPromotion)).toContain('40 of 40 (100 %)');
    expect(renderSimulationReport(without)).not.toContain('Promotion');
  });

  it('says so, rather than drawing empty charts, for a run where nothing happened', () => {
    const { result } = buildSimulationRun({ seed: 9, orders: 0, kinds: ['RIDE'], places: ['Kalipuro'], startHour: 6, hours: 0 });
    const page = renderSimulationReport(result);
    expect(page).toContain('No job was assigned in this run.');
    expect(page).toContain('Nothing was delivered in this run.');
    expect(page).toContain('No order in this run.');
    expect(page).not.toContain('<svg');
  });
});

describe('the charts', () => {
  it('draws a bar per row, a zero as a bar of no height', () => {
    const svg = barChartSvg({ id: 'c', label: 'c', xAxis: 'x', yAxis: 'y', bars: [{ label: '07:00', value: 3 }, { label: '08:00', value: 0 }, { label: '09:00', value: 7 }] });
    const bars = [...svg.matchAll(/<rect class="bar" data-value="(\d+)"[^>]* height="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(bars.map(([value]) => value)).toEqual([3, 0, 7]);
    expect(bars[1]![1]).toBe(0);
    expect(bars[2]![1]).toBeGreaterThan(bars[0]![1]!);
  });

  it('draws a line of one sample as one marked point', () => {
    const svg = lineChartSvg({ id: 'l', label: 'l', xAxis: 'x', yAxis: 'y', points: [{ x: 30, y: 4 }] });
    expect(svg).toMatch(/<polyline class="series" points="[\d.]+,[\d.]+"/);
    expect(svg.match(/<circle/g)).toHaveLength(1);
  });
});
