/**
 * A journey's map, drawn with Leaflet: where it starts, where it goes (an area: its centre and a
 * wide circle, never the house; or, on a citizen's own page, the point), and the driver's last
 * reported position. Markers are vector shapes, so no marker image is fetched. Without tiles (none
 * set, or none reachable) the map shows the kecamatan names on a plain background.
 */
import { Circle, CircleMarker, DivIcon, LatLngBounds, Map as LeafletMap, Marker, TileLayer, type LatLngExpression } from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { kecamatan } from '../../../shared/reference/banyuwangi.json';
import type { MapPlace, PlaceKind } from './map-places.ts';

/** Wide enough to say "around here", not which street. */
const AREA_RADIUS_M = 2500;
const BANYUWANGI_CENTRE: LatLngExpression = [-8.2186, 114.3669];

export class TrackingMapView {
  private readonly map: LeafletMap;
  private labels: Marker[] | undefined;
  private readonly area = new Circle([0, 0], { radius: AREA_RADIUS_M, color: '#1d4ed8', weight: 2, fillOpacity: 0.12, dashArray: '6 6' });
  private readonly layers: Readonly<Record<PlaceKind, CircleMarker | Circle>> = {
    start: new CircleMarker([0, 0], { radius: 9, color: '#0f5132', weight: 3, fillColor: '#ffffff', fillOpacity: 1 }),
    area: this.area,
    end: new CircleMarker([0, 0], { radius: 9, color: '#ffffff', weight: 3, fillColor: '#1d4ed8', fillOpacity: 1 }),
    driver: new CircleMarker([0, 0], { radius: 8, color: '#ffffff', weight: 3, fillColor: '#b45309', fillOpacity: 1 }),
  };
  private fitted = '';

  constructor(element: HTMLElement, tiles: string | null) {
    this.map = new LeafletMap(element, { center: BANYUWANGI_CENTRE, zoom: 11, zoomSnap: 0.5, attributionControl: tiles !== null });
    if (tiles) {
      const layer = new TileLayer(tiles, { maxZoom: 18, attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors' }).addTo(this.map);
      layer.once('tileerror', () => this.showKecamatanNames());
    } else {
      this.showKecamatanNames();
    }
  }

  show(places: readonly MapPlace[]): void {
    for (const [kind, layer] of Object.entries(this.layers) as [PlaceKind, CircleMarker | Circle][]) {
      const place = places.find((p) => p.kind === kind);
      if (!place) {
        layer.remove();
        continue;
      }
      layer.setLatLng([place.at.lat, place.at.lng]);
      // As text, never markup: names come from the API, and Leaflet would insert a string as HTML.
      const content = document.createElement('span');
      content.textContent = place.label;
      if (layer.getTooltip()) layer.setTooltipContent(content);
      else layer.bindTooltip(content, { direction: 'top' });
      layer.addTo(this.map);
    }

    // Frame the places once (and again when one is added), not on every refresh: a reader who
    // zoomed in keeps their view.
    const key = places.map((place) => place.kind).join(' ');
    if (places.length > 0 && key !== this.fitted) {
      this.fitted = key;
      const bounds = new LatLngBounds(places.map((place) => [place.at.lat, place.at.lng]));
      if (places.some((place) => place.kind === 'area')) bounds.extend(this.area.getBounds());
      this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    }
  }

  destroy(): void {
    this.map.remove();
  }

  private showKecamatanNames(): void {
    if (this.labels) return;
    this.map.getContainer().classList.add('plain');
    this.labels = kecamatan.map((k) =>
      new Marker([k.lat, k.lng], {
        icon: new DivIcon({ className: 'kecamatan-label', html: `<span>${escapeHtml(k.name)}</span>`, iconSize: undefined }),
        interactive: false,
        keyboard: false,
      }).addTo(this.map),
    );
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
