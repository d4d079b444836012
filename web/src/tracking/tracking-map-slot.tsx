/**
 * Where the tracking map goes. Leaflet is loaded only once there is something to draw, after the
 * status is on screen: the timeline never waits for the map.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { appConfig } from '../config.ts';
import { useI18n } from '../i18n.ts';
import type { Tracking } from './tracking-api.ts';
import type { TrackingMapView } from './tracking-map.ts';

export function TrackingMap({ tracking }: { tracking: Tracking }) {
  const { t } = useI18n();
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
    view?.show(tracking, t);
  }, [view, tracking, t]);

  return <div ref={element} class="map" />;
}
