/**
 * Where a journey's map goes, and its legend. Leaflet is loaded only once there is something to
 * draw, after the status is on screen: the timeline never waits for the map.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { appConfig } from '../config.ts';
import type { MapPlace } from './map-places.ts';
import type { TrackingMapView } from './tracking-map.ts';

export function TrackingMap({ places }: { places: readonly MapPlace[] }) {
  const element = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<TrackingMapView | undefined>();

  useEffect(() => {
    let cancelled = false;
    let created: TrackingMapView | undefined;
    void Promise.all([import('./tracking-map.ts'), appConfig()]).then(([module, config]) => {
      if (cancelled || !element.current) return;
      created = new module.TrackingMapView(element.current, config.mapTiles);
      setView(created);
    });
    return () => {
      cancelled = true;
      created?.destroy();
    };
  }, []);

  useEffect(() => {
    view?.show(places);
  }, [view, places]);

  return <div ref={element} class="map" />;
}

/** What the map shows, in words: for readers who cannot see it, and to say which shape is which. */
export function MapLegend({ places }: { places: readonly MapPlace[] }) {
  return (
    <ul class="legend">
      {places.map((place) => (
        <li key={place.kind}>
          <span class={`swatch swatch-${place.kind}`} aria-hidden="true" />
          {place.label}
        </li>
      ))}
    </ul>
  );
}
