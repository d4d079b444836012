/**
 * Where the operations map goes. Leaflet loads with its own chunk once the dashboard is on
 * screen; the figures and lists never wait for the map.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { appConfig } from '../config.ts';
import { useI18n } from '../i18n.ts';
import type { DriverOnMap, JobOnMap } from './ops-api.ts';
import type { OpsMapView } from './ops-map.ts';
import { opsWords } from './ops-words.ts';

export function OpsMap({ drivers, jobs }: { drivers: readonly DriverOnMap[]; jobs: readonly JobOnMap[] }) {
  const { language, t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<OpsMapView | undefined>();

  useEffect(() => {
    let cancelled = false;
    let created: OpsMapView | undefined;
    void Promise.all([import('./ops-map.ts'), appConfig()]).then(([module, config]) => {
      if (cancelled || !element.current) return;
      created = new module.OpsMapView(element.current, config.mapTiles);
      setView(created);
    });
    return () => {
      cancelled = true;
      created?.destroy();
    };
  }, []);

  useEffect(() => {
    view?.show(drivers, jobs, opsWords[language], t.locale);
  }, [view, drivers, jobs, language, t]);

  return <div ref={element} class="map ops-map" />;
}
