/**
 * Where the orders came from, on a map with no tiles: the regency's box and its kecamatan centres,
 * projected onto an SVG, and one mark per order's pickup point. Colour says the kind, the shape
 * (filled, hollow, crossed) the outcome, so the map reads in grey print and to colour-blind eyes.
 */
import type { OrderKind, Outcome, SimulationResult } from '../result.ts';
import { escapeHtml } from './markup.ts';
import { linearScale, svgOpen } from './charts.ts';

type Area = SimulationResult['area'];
type Origin = SimulationResult['series']['origins'][number];
interface Point {
  readonly lat: number;
  readonly lng: number;
}

/** Okabe–Ito colours, as the dashboard's charts: each distinct to most colour-blind readers. */
export const KIND_COLOURS: Readonly<Record<OrderKind, string>> = { MEDICINE: '#0072B2', FOOD: '#D55E00', RIDE: '#009E73' };
export const KINDS: readonly OrderKind[] = ['MEDICINE', 'FOOD', 'RIDE'];
export const OUTCOMES: readonly Outcome[] = ['DELIVERED', 'FAILED', 'CANCELLED', 'OPEN'];

const WIDTH = 640;
const PADDING = 24;

export interface MapProjection {
  readonly width: number;
  readonly height: number;
  project(point: Point): { readonly x: number; readonly y: number };
}

type Extent = Area['bbox'];

/** Degrees of latitude or longitude the map shows at the least (about 9 km), so one busy stall is not a whole map. */
export const LEAST_SPAN_DEGREES = 0.08;

/**
 * What the map shows: the orders' extent with a margin (a fifth of it, at least half of
 * LEAST_SPAN_DEGREES), so no mark sits on the edge. A run's orders come from a town and a few
 * kecamatan: drawn over the whole regency they would pile into a few pixels, so the map zooms to
 * them and says so; the regency's box is drawn where it falls in view (an origin outside it is
 * drawn where it is). With no origin it is the regency's box.
 */
export function mapView(bbox: Extent, origins: readonly Point[]): Extent {
  if (origins.length === 0) return bbox;
  const lats = origins.map((p) => p.lat);
  const lngs = origins.map((p) => p.lng);
  const around = (min: number, max: number): [number, number] => {
    const margin = Math.max((max - min) / 5, LEAST_SPAN_DEGREES / 2);
    return [min - margin, max + margin];
  };
  let [minLat, maxLat] = around(Math.min(...lats), Math.max(...lats));
  let [minLng, maxLng] = around(Math.min(...lngs), Math.max(...lngs));
  // Kept between twice as wide as tall and a third taller than wide (in flattened degrees), so
  // orders along one road make neither a ribbon nor a page-long strip.
  const shrink = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const [wide, tall] = [(maxLng - minLng) * shrink, maxLat - minLat];
  if (tall < wide * MOST_FLAT) [minLat, maxLat] = widen(minLat, maxLat, wide * MOST_FLAT);
  if (tall > wide * MOST_TALL) [minLng, maxLng] = widen(minLng, maxLng, tall / MOST_TALL / shrink);
  return { minLat, maxLat, minLng, maxLng };
}

const MOST_FLAT = 0.5;
const MOST_TALL = 4 / 3;

function widen(min: number, max: number, span: number): [number, number] {
  const middle = (min + max) / 2;
  return [middle - span / 2, middle + span / 2];
}

export interface MapProjection {
  readonly width: number;
  readonly height: number;
  project(point: Point): { readonly x: number; readonly y: number };
}

/**
 * An equirectangular projection of the extent onto an SVG `width` wide, with longitude shrunk by
 * the cosine of the middle latitude so distances look the same both ways. North is up.
 */
export function mapProjection(view: Extent, width = WIDTH): MapProjection {
  const shrink = Math.cos((((view.minLat + view.maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((view.maxLng - view.minLng) * shrink, 1e-9);
  const spanY = Math.max(view.maxLat - view.minLat, 1e-9);
  const height = Math.round(((width - 2 * PADDING) * spanY) / spanX + 2 * PADDING);
  const x = linearScale([view.minLng, view.maxLng], [PADDING, width - PADDING]);
  const y = linearScale([view.maxLat, view.minLat], [PADDING, height - PADDING]);
  return { width, height, project: (p) => ({ x: x(p.lng), y: y(p.lat) }) };
}

/** The kecamatan whose centre is nearest (in the same flattened degrees the map uses). */
export function nearestKecamatan(point: Point, kecamatan: Area['kecamatan']): string | null {
  const shrink = Math.cos((point.lat * Math.PI) / 180);
  let best: { name: string; distance: number } | null = null;
  for (const k of kecamatan) {
    const distance = ((k.lng - point.lng) * shrink) ** 2 + (k.lat - point.lat) ** 2;
    if (best === null || distance < best.distance) best = { name: k.name, distance };
  }
  return best?.name ?? null;
}

export interface OriginRow {
  /** The nearest kecamatan centre's name, or null when the area lists none. */
  readonly kecamatan: string | null;
  readonly kind: OrderKind;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  readonly total: number;
}

/**
 * The map's text alternative: origins counted per nearest kecamatan and kind, by outcome; busiest
 * first, then by name and kind so equal rows keep one order.
 */
export function originRows(origins: readonly Origin[], kecamatan: Area['kecamatan']): OriginRow[] {
  const rows = new Map<string, { kecamatan: string | null; kind: OrderKind; outcomes: Record<Outcome, number> }>();
  for (const origin of origins) {
    const place = nearestKecamatan(origin, kecamatan);
    const key = `${place ?? ''}\u0000${origin.kind}`;
    const row = rows.get(key) ?? { kecamatan: place, kind: origin.kind, outcomes: { DELIVERED: 0, FAILED: 0, CANCELLED: 0, OPEN: 0 } };
    row.outcomes[origin.outcome] += 1;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((row) => ({ ...row, total: OUTCOMES.reduce((sum, o) => sum + row.outcomes[o], 0) }))
    .sort(
      (a, b) =>
        b.total - a.total || (a.kecamatan ?? '').localeCompare(b.kecamatan ?? '') || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind),
    );
}

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/**
 * One outcome's mark at (x, y) in a kind's colour: delivered a filled dot, failed a cross,
 * cancelled a hollow dot, still open a hollow square. Also drawn, alone, in the legend.
 */
export function originMark(colour: string, outcome: Outcome, x: number, y: number): string {
  const [cx, cy] = [round(x), round(y)];
  switch (outcome) {
    case 'DELIVERED':
      return `<circle cx="${cx}" cy="${cy}" r="4" fill="${colour}" stroke="#ffffff" stroke-width="0.8"/>`;
    case 'FAILED':
      return `<path d="M${round(x - 4)} ${round(y - 4)}L${round(x + 4)} ${round(y + 4)}M${round(x - 4)} ${round(y + 4)}L${round(x + 4)} ${round(y - 4)}" stroke="${colour}" stroke-width="2.2" stroke-linecap="round"/>`;
    case 'CANCELLED':
      return `<circle cx="${cx}" cy="${cy}" r="3.6" fill="#ffffff" stroke="${colour}" stroke-width="1.6"/>`;
    case 'OPEN':
      return `<rect x="${round(x - 3.6)}" y="${round(y - 3.6)}" width="7.2" height="7.2" fill="#ffffff" stroke="${colour}" stroke-width="1.6"/>`;
  }
}

function inside(point: Point, view: Extent): boolean {
  return point.lat >= view.minLat && point.lat <= view.maxLat && point.lng >= view.minLng && point.lng <= view.maxLng;
}

export function originMapSvg(id: string, label: string, area: Area, origins: readonly Origin[]): string {
  const view = mapView(area.bbox, origins);
  const projection = mapProjection(view);
  const box = [projection.project({ lat: area.bbox.maxLat, lng: area.bbox.minLng }), projection.project({ lat: area.bbox.minLat, lng: area.bbox.maxLng })];
  const [topLeft, bottomRight] = box as [{ x: number; y: number }, { x: number; y: number }];
  const outline = `<rect class="area" x="${round(topLeft.x)}" y="${round(topLeft.y)}" width="${round(bottomRight.x - topLeft.x)}" height="${round(bottomRight.y - topLeft.y)}" fill="#f4f6f2" stroke="#8a8f87" stroke-dasharray="4 3"/>`;
  const centres = area.kecamatan
    .filter((k) => inside(k, view))
    .map((k) => {
      const { x, y } = projection.project(k);
      return (
        `<g class="kecamatan"><path d="M${round(x - 3)} ${round(y)}H${round(x + 3)}M${round(x)} ${round(y - 3)}V${round(y + 3)}" stroke="#555555" stroke-width="1"/>` +
        `<text x="${round(x + 7)}" y="${round(y + 3.5)}" font-size="10" fill="#333333">${escapeHtml(k.name)}</text></g>`
      );
    })
    .join('');
  // Delivered first and open last, so the rarer outcomes are drawn on top of the common one.
  const drawn = [...origins].sort((a, b) => OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome));
  const marks = drawn
    .map((o) => {
      const { x, y } = projection.project(o);
      return `<g class="origin" data-kind="${o.kind}" data-outcome="${o.outcome}">${originMark(KIND_COLOURS[o.kind], o.outcome, x, y)}</g>`;
    })
    .join('');
  return `${svgOpen(id, label, projection.height, projection.width, 'chart map')}${outline}${centres}<g class="origins">${marks}</g></svg>`;
}
