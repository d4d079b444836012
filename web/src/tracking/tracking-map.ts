/**
 * The tracking map, drawn with Leaflet: the pharmacy, the destination's kecamatan as an area (its
 * centre and a wide circle, never the house), and while on the way the driver's last reported
 * position. Markers are vector shapes, so no marker image is fetched. Without tiles (none set, or
 * none reachable) the map shows the kecamatan names on a plain background (../map/base-map.ts).
 */
import { Circle, CircleMarker, LatLngBounds, type LatLngExpression, type Map as LeafletMap } from 'leaflet';
import type { Dictionary } from '../i18n.ts';
import { baseMap, textTooltip } from '../map/base-map.ts';
import { wibTime } from '../wib.ts';
import type { Tracking } from './tracking-api.ts';

/** Wide enough to say "around here", not which street. */
const AREA_RADIUS_M = 2500;

export class TrackingMapView {
  private readonly map: LeafletMap;
  private readonly pharmacy = new CircleMarker([0, 0], { radius: 9, color: '#0f5132', weight: 3, fillColor: '#ffffff', fillOpacity: 1 });
  private readonly area = new Circle([0, 0], { radius: AREA_RADIUS_M, color: '#1d4ed8', weight: 2, fillOpacity: 0.12, dashArray: '6 6' });
  private readonly driver = new CircleMarker([0, 0], { radius: 8, color: '#ffffff', weight: 3, fillColor: '#b45309', fillOpacity: 1 });
  private fitted = '';

  constructor(element: HTMLElement, tiles: string | null) {
    this.map = baseMap(element, tiles);
  }

  show(tracking: Tracking, t: Dictionary): void {
    const points: LatLngExpression[] = [];
    const place = (layer: CircleMarker | Circle, at: { lat: number; lng: number } | null | undefined, label: string): void => {
      if (!at) {
        layer.remove();
        return;
      }
      layer.setLatLng([at.lat, at.lng]);
      textTooltip(layer, label);
      layer.addTo(this.map);
      points.push([at.lat, at.lng]);
    };
    place(this.area, tracking.destination?.center, tracking.destination ? t.tracking.destinationArea(tracking.destination.kecamatan) : '');
    place(this.pharmacy, tracking.facility?.location, `${t.tracking.pharmacy}: ${tracking.facility?.name ?? tracking.facilityName}`);
    const position = tracking.status === 'PICKED_UP' ? tracking.driverPosition : null;
    const driverName = tracking.driver?.firstName ?? tracking.driverFirstName ?? t.tracking.driver;
    place(this.driver, position, position ? t.tracking.driverPosition(driverName, wibTime(position.at, t.locale)) : '');
    if (tracking.destination) this.area.setRadius(AREA_RADIUS_M);

    // Frame the places once (and again when one is added), not on every refresh: a reader who
    // zoomed in keeps their view.
    const key = [tracking.destination, tracking.facility, position].map((present) => (present ? '1' : '0')).join('');
    if (points.length > 0 && key !== this.fitted) {
      this.fitted = key;
      const bounds = new LatLngBounds(points);
      if (tracking.destination) bounds.extend(this.area.getBounds());
      this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    }
  }

  destroy(): void {
    this.map.remove();
  }
}
