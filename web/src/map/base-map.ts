/**
 * What every map of the app shares, drawn with Leaflet: Banyuwangi in view, the tile server of the
 * runtime settings, and without tiles (none set, or none reachable) the kecamatan names on a plain
 * background, so the markers still have a place to stand. The tracking map and the operations map
 * each load it with their own chunk; it never loads with a page's first paint.
 */
import { DivIcon, LatLngBounds, Map as LeafletMap, Marker, TileLayer, type Layer, type LatLngExpression } from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { kecamatan } from '../../../shared/reference/banyuwangi.json';

const BANYUWANGI_CENTRE: LatLngExpression = [-8.2186, 114.3669];

/** The whole regency: every kecamatan's centre in view. */
export const regencyBounds = (): LatLngBounds => new LatLngBounds(kecamatan.map((k): [number, number] => [k.lat, k.lng]));

/** A Leaflet map on `element`, with `tiles` (a {z}/{x}/{y} template) or the plain fallback. */
export function baseMap(element: HTMLElement, tiles: string | null): LeafletMap {
  const map = new LeafletMap(element, { center: BANYUWANGI_CENTRE, zoom: 11, zoomSnap: 0.5, attributionControl: tiles !== null });
  if (tiles) {
    const layer = new TileLayer(tiles, { maxZoom: 18, attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors' }).addTo(map);
    layer.once('tileerror', () => showKecamatanNames(map));
  } else {
    showKecamatanNames(map);
  }
  return map;
}

const labelled = new WeakSet<LeafletMap>();

function showKecamatanNames(map: LeafletMap): void {
  if (labelled.has(map)) return;
  labelled.add(map);
  map.getContainer().classList.add('plain');
  for (const k of kecamatan) {
    new Marker([k.lat, k.lng], {
      icon: new DivIcon({ className: 'kecamatan-label', html: `<span>${escapeHtml(k.name)}</span>`, iconSize: undefined }),
      interactive: false,
      keyboard: false,
    }).addTo(map);
  }
}

/**
 * Sets (or replaces) a layer's tooltip as text, never markup: names come from the API, and
 * Leaflet would insert a string as HTML.
 */
export function textTooltip(layer: Layer, label: string): void {
  const content = document.createElement('span');
  content.textContent = label;
  if (layer.getTooltip()) layer.setTooltipContent(content);
  else layer.bindTooltip(content, { direction: 'top' });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
