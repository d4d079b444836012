/**
 * The report's charts as inline SVG, written here rather than drawn by a chart library in the
 * page: the report must open from file:// with no script and no request, and print as it shows.
 * The pure parts (scales, ticks, bins) are exported for their tests; every chart is followed in the
 * page by a data table with the same figures, its text alternative.
 */
import { escapeHtml, formatCount, formatDuration } from './markup.ts';

/** Blue of the Okabe–Ito palette (as the dashboard's charts): distinct to most colour-blind readers. */
const BAR_COLOUR = '#0072B2';
const AXIS_COLOUR = '#444444';
const GRID_COLOUR = '#dddddd';

/** The drawing box every chart shares; the SVG scales to the page's width through its viewBox. */
const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { left: 52, right: 16, top: 12, bottom: 48 } as const;

export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
}

/** Maps [d0, d1] onto [r0, r1]; a domain of one value maps everything to r0. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = (value: number) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
  return Object.assign(scale, { domain });
}

/**
 * A round step (1, 2 or 5 × a power of ten) that cuts [0, max] into at most `most` parts, and the
 * ticks from 0 to the first multiple of it at or above max. An empty or zero range still gets an
 * axis (0 and 1), so a run with nothing in it draws flat bars on a readable scale.
 */
export function niceTicks(max: number, most = 5): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const rough = top / most;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  // At least one whole unit per step: counts and minutes have no halves to show.
  const whole = Math.max(1, step);
  const ticks: number[] = [];
  for (let tick = 0; tick < top + whole; tick += whole) {
    ticks.push(tick);
    if (tick >= top) break;
  }
  return ticks;
}

/** Seconds a histogram bin may span: each a width people read without arithmetic. */
const BIN_WIDTHS_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400] as const;
export const MOST_BINS = 20;

export interface Bin {
  /** Inclusive, seconds. */
  readonly from: number;
  /** Exclusive, seconds. */
  readonly to: number;
  readonly count: number;
}

/**
 * Equal bins from 0 up to the bin holding the largest value, the narrowest round width that needs
 * at most MOST_BINS of them. Empty bins in between are kept: a gap in the waits is something to see.
 * A negative value (a clock read a little early) counts in the first bin.
 */
export function histogramBins(values: readonly number[]): Bin[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  const max = Math.max(0, ...finite);
  const width =
    BIN_WIDTHS_SECONDS.find((w) => Math.floor(max / w) + 1 <= MOST_BINS) ?? Math.ceil((max + 1) / MOST_BINS);
  const counts = new Array<number>(Math.floor(max / width) + 1).fill(0);
  for (const value of finite) {
    const index = Math.max(0, Math.floor(value / width));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts.map((count, i) => ({ from: i * width, to: (i + 1) * width, count }));
}

export function binLabel(bin: Bin): string {
  return `${formatDuration(bin.from)} – ${formatDuration(bin.to)}`;
}

export interface BarChartSpec {
  /** The id of the SVG's title element: unique in the page. */
  readonly id: string;
  /** What the chart shows, for screen readers (the visible heading is the page's). */
  readonly label: string;
  readonly bars: readonly { readonly label: string; readonly value: number }[];
  readonly xAxis: string;
  readonly yAxis: string;
}

export function svgOpen(id: string, label: string, height = HEIGHT, width = WIDTH, kind = 'chart'): string {
  return (
    `<svg class="${kind}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${escapeHtml(id)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${escapeHtml(id)}">${escapeHtml(label)}</title>`
  );
}

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** The horizontal grid and the value axis's labels, shared by the bar and the line chart. */
function valueAxis(ticks: readonly number[], y: LinearScale, title: string): string {
  const lines = ticks
    .map(
      (tick) =>
        `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${round(y(tick))}" y2="${round(y(tick))}" stroke="${GRID_COLOUR}"/>` +
        `<text x="${MARGIN.left - 6}" y="${round(y(tick) + 4)}" text-anchor="end">${escapeHtml(formatCount(tick))}</text>`,
    )
    .join('');
  const middle = round((MARGIN.top + HEIGHT - MARGIN.bottom) / 2);
  return (
    `<g class="axis" fill="${AXIS_COLOUR}" font-size="11">${lines}` +
    `<text x="12" y="${middle}" text-anchor="middle" transform="rotate(-90 12 ${middle})">${escapeHtml(title)}</text></g>`
  );
}

/**
 * One bar per row, in order, every bar drawn (a zero is a bar of no height, so the bars and the
 * data table always have the same rows). Labels under the bars thin out to about a dozen.
 */
export function barChartSvg(spec: BarChartSpec): string {
  const ticks = niceTicks(Math.max(0, ...spec.bars.map((b) => b.value)));
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const slot = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(1, spec.bars.length);
  const labelEvery = Math.max(1, Math.ceil(spec.bars.length / 12));
  const bars = spec.bars
    .map((bar, i) => {
      const x = MARGIN.left + i * slot + slot * 0.1;
      const top = y(bar.value);
      return (
        `<rect class="bar" data-value="${bar.value}" x="${round(x)}" y="${round(top)}" width="${round(slot * 0.8)}" height="${round(y(0) - top)}" fill="${BAR_COLOUR}">` +
        `<title>${escapeHtml(bar.label)}: ${escapeHtml(formatCount(bar.value))}</title></rect>`
      );
    })
    .join('');
  const labels = spec.bars
    .map((bar, i) =>
      i % labelEvery === 0
        ? `<text x="${round(MARGIN.left + (i + 0.5) * slot)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${escapeHtml(bar.label)}</text>`
        : '',
    )
    .join('');
  return (
    svgOpen(spec.id, spec.label) +
    valueAxis(ticks, y, spec.yAxis) +
    `<g class="bars">${bars}</g>` +
    `<g class="axis" fill="${AXIS_COLOUR}" font-size="11">${labels}` +
    `<text x="${round((MARGIN.left + WIDTH - MARGIN.right) / 2)}" y="${HEIGHT - 8}" text-anchor="middle">${escapeHtml(spec.xAxis)}</text></g>` +
    '</svg>'
  );
}

export interface LineChartSpec {
  readonly id: string;
  readonly label: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly xAxis: string;
  readonly yAxis: string;
}

/** One point per sample, joined in order; the points are marked too while there are few enough to tell apart. */
export function lineChartSvg(spec: LineChartSpec): string {
  const xs = spec.points.map((p) => p.x);
  const ticks = niceTicks(Math.max(0, ...spec.points.map((p) => p.y)));
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const x0 = Math.min(...xs);
  const xEnd = Math.max(...xs);
  // The axis ends at the last sample, not at the next round tick: the run ended there.
  const xTicks = niceTicks(xEnd - x0, 8).filter((tick) => x0 + tick <= xEnd);
  const x = linearScale([x0, xEnd], [MARGIN.left, WIDTH - MARGIN.right]);
  const coordinates = spec.points.map((p) => `${round(x(p.x))},${round(y(p.y))}`).join(' ');
  const marks =
    spec.points.length <= 60
      ? spec.points.map((p) => `<circle cx="${round(x(p.x))}" cy="${round(y(p.y))}" r="2.5" fill="${BAR_COLOUR}"/>`).join('')
      : '';
  const xLabels = xTicks
    .map((tick) => `<text x="${round(x(x0 + tick))}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${escapeHtml(formatCount(x0 + tick))}</text>`)
    .join('');
  return (
    svgOpen(spec.id, spec.label) +
    valueAxis(ticks, y, spec.yAxis) +
    `<polyline class="series" points="${coordinates}" fill="none" stroke="${BAR_COLOUR}" stroke-width="2" stroke-linejoin="round"/>${marks}` +
    `<g class="axis" fill="${AXIS_COLOUR}" font-size="11">${xLabels}` +
    `<text x="${round((MARGIN.left + WIDTH - MARGIN.right) / 2)}" y="${HEIGHT - 8}" text-anchor="middle">${escapeHtml(spec.xAxis)}</text></g>` +
    '</svg>'
  );
}
