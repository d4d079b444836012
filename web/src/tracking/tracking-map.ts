/**
 * A journey's map, drawn with Leaflet: where it starts, where it goes (an area: its centre and a
 * wide circle, never the house; or, on a citizen's own page, the point), and the driver's last
 * reported position. Markers are vector shapes, so no marker image is fetched. Without tiles (none
 * set, or none reachable) the map shows the kecamatan names on a plain background
 * (../map/base-map.ts, shared with the operations map).
 */
import { Circle, CircleMarker, LatLngBounds, type Map as LeafletMap } from 'leaflet';
import { baseMap, textTooltip } from '../map/base-map.ts';
import type { MapPlace, PlaceKind } from './map-places.ts';

/** Wide enough to say "around here", not which street. */
const AREA_RADIUS_M = 2500;

export class TrackingMapView {
  private readonly map: LeafletMap;
  private readonly area = new Circle([0, 0], { radius: AREA_RADIUS_M, color: '#1d4ed8', weight: 2, fillOpacity: 0.12, dashArray: '6 6' });
  private readonly layers: Readonly<Record<PlaceKind, CircleMarker | Circle>> = {
    start: new CircleMarker([0, 0], { radius: 9, color: '#0f5132', weight: 3, fillColor: '#ffffff', fillOpacity: 1 }),
    area: this.area,
    end: new CircleMarker([0, 0], { radius: 9, color: '#ffffff', weight: 3, fillColor: '#1d4ed8', fillOpacity: 1 }),
    driver: new CircleMarker([0, 0], { radius: 8, color: '#ffffff', weight: 3, fillColor: '#b45309', fillOpacity: 1 }),
  };
  private fitted = '';

  constructor(element: HTMLElement, tiles: string | null) {
    this.map = baseMap(element, tiles);
  }

  show(places: readonly MapPlace[]): void {
    for (const [kind, layer] of Object.entries(this.layers) as [PlaceKind, CircleMarker | Circle][]) {
      const place = places.find((p) => p.kind === kind);
      if (!place) {
        layer.remove();
        continue;
      }
      layer.setLatLng([place.at.lat, place.at.lng]);
      textTooltip(layer, place.label);
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
}
