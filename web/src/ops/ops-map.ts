/**
 * The operations map, drawn with Leaflet on the shared base map (../map/base-map.ts: tiles, or the
 * kecamatan names on a plain background): each driver seen so far as a dot coloured by its state
 * (available, busy, stale; switched-off drivers are not drawn), and each job in play as a square at
 * its pickup point, coloured by kind, hollow while it has no driver. Markers are vector shapes and
 * CSS boxes, so no marker image is fetched. Loads as its own chunk with Leaflet.
 */
import { CircleMarker, DivIcon, LatLngBounds, Marker, type Map as LeafletMap } from 'leaflet';
import { baseMap, regencyBounds, textTooltip } from '../map/base-map.ts';
import { wibTime } from '../wib.ts';
import type { DriverOnMap, DriverState, JobOnMap } from './ops-api.ts';
import type { OpsWords } from './ops-words.ts';

/** The colours of the legend (ops.css .swatch-driver-*). */
export const DRIVER_COLOURS: Readonly<Record<Exclude<DriverState, 'OFFLINE'>, string>> = {
  AVAILABLE: '#15803d',
  BUSY: '#b45309',
  STALE: '#6b7280',
};

/** A job has a driver from ASSIGNED on; before that its square is hollow. */
const WITHOUT_DRIVER = new Set<JobOnMap['status']>(['WAITING', 'OFFERED']);

export class OpsMapView {
  private readonly map: LeafletMap;
  private readonly drivers = new Map<string, CircleMarker>();
  private readonly jobs = new Map<string, { marker: Marker; look: string }>();
  private framed = false;

  constructor(element: HTMLElement, tiles: string | null) {
    this.map = baseMap(element, tiles);
    // Not animated, here or below: an animation still under way would land after a later fit.
    this.map.fitBounds(regencyBounds(), { padding: [16, 16], animate: false });
  }

  show(drivers: readonly DriverOnMap[], jobs: readonly JobOnMap[], w: OpsWords, locale: string): void {
    const points: [number, number][] = [];

    const onMap = drivers.filter((d): d is DriverOnMap & { state: keyof typeof DRIVER_COLOURS; location: { lat: number; lng: number } } => d.state !== 'OFFLINE' && d.location !== null);
    forgetMissing(this.drivers, new Set(onMap.map((d) => d.driverId)), (marker) => marker.remove());
    for (const driver of onMap) {
      const at: [number, number] = [driver.location.lat, driver.location.lng];
      let marker = this.drivers.get(driver.driverId);
      if (!marker) {
        marker = new CircleMarker(at, { radius: 7, weight: 2, color: '#ffffff', fillOpacity: 1, className: 'driver-marker' }).addTo(this.map);
        this.drivers.set(driver.driverId, marker);
      }
      marker.setLatLng(at);
      marker.setStyle({ fillColor: DRIVER_COLOURS[driver.state], dashArray: driver.state === 'STALE' ? '3 3' : undefined });
      const seen = driver.lastSeenAt ? ` · ${wibTime(driver.lastSeenAt, locale)}` : '';
      textTooltip(marker, `${w.map.driverTip(driver.firstName, driver.vehicle.plate, w.map.states[driver.state])}${seen}`);
      const element = marker.getElement() as SVGElement | undefined;
      if (element) {
        element.dataset.driverId = driver.driverId;
        element.dataset.state = driver.state;
      }
      points.push(at);
    }

    forgetMissing(this.jobs, new Set(jobs.map((j) => j.jobId)), (entry) => entry.marker.remove());
    // Jobs waiting at the same pharmacy or stall stand side by side, not one on top of another.
    const atSamePlace = new Map<string, number>();
    for (const job of jobs) {
      const at: [number, number] = [job.pickup.location.lat, job.pickup.location.lng];
      const place = at.join(',');
      const beside = atSamePlace.get(place) ?? 0;
      atSamePlace.set(place, beside + 1);
      const className = `job-marker job-${job.kind.toLowerCase()}${WITHOUT_DRIVER.has(job.status) ? ' job-waiting' : ''}${job.status === 'DELIVERY_LOCKED' ? ' job-locked' : ''}`;
      const look = `${className} ${beside}`;
      let entry = this.jobs.get(job.jobId);
      if (!entry) {
        entry = { marker: new Marker(at, { icon: jobIcon(className, beside), keyboard: false }).addTo(this.map), look };
        this.jobs.set(job.jobId, entry);
      } else if (entry.look !== look) {
        entry.marker.setIcon(jobIcon(className, beside));
        entry.look = look;
      }
      entry.marker.setLatLng(at);
      textTooltip(entry.marker, w.map.jobTip(w.kinds[job.kind], w.map.jobStatus[job.status], job.pickup.kecamatan));
      const element = entry.marker.getElement();
      if (element) {
        element.dataset.jobId = job.jobId;
        element.dataset.orderId = job.orderId;
        element.dataset.status = job.status;
      }
      points.push(at);
    }

    // Framed once, on the first figures: the room then zooms and pans as it likes.
    if (!this.framed && points.length > 0) {
      this.framed = true;
      this.map.fitBounds(new LatLngBounds(points), { padding: [32, 32], maxZoom: 13, animate: false });
    }
  }

  destroy(): void {
    this.map.remove();
  }
}

const JOB_ICON_PX = 14;

/** The `beside`-th job at its place, one square and a gap to the right of the one before. */
function jobIcon(className: string, beside: number): DivIcon {
  return new DivIcon({ className, iconSize: [JOB_ICON_PX, JOB_ICON_PX], iconAnchor: [JOB_ICON_PX / 2 - beside * (JOB_ICON_PX + 3), JOB_ICON_PX / 2], html: '' });
}

/** Takes off the map what the last answer no longer lists (a job delivered, a driver gone). */
function forgetMissing<T>(layers: Map<string, T>, present: ReadonlySet<string>, remove: (layer: T) => void): void {
  for (const [id, layer] of layers) {
    if (present.has(id)) continue;
    remove(layer);
    layers.delete(id);
  }
}
