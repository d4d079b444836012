/**
 * The family's tracking page, opened from the link the pharmacy hands over. It shows what the
 * public tracking API gives (status and times, the facility, the driver's first name and plate,
 * the destination's kecamatan, the driver's last position while on the way) and nothing else,
 * and refreshes by itself: every 15 s, and at once when the phone comes back to the tab.
 */
import { useCallback, useEffect, useMemo } from 'preact/hooks';
import { useFollowed } from '../auto-refresh.ts';
import { useI18n, type Dictionary } from '../i18n.ts';
import { wibTime } from '../wib.ts';
import { DriverLine, ReadAt, StatusTimeline } from './journey-parts.tsx';
import { placesOf, type MapPlace } from './map-places.ts';
import { timelineSteps } from './timeline.ts';
import { fetchTracking, MEDICINE_JOURNEY, type Tracking } from './tracking-api.ts';
import { MapLegend, TrackingMap } from './tracking-map-slot.tsx';

const isOver = (tracking: Tracking) => MEDICINE_JOURNEY.finalStatuses.has(tracking.status);

export function TrackingPage({ trackingToken }: { trackingToken: string }) {
  const { t } = useI18n();
  const load = useCallback(() => fetchTracking(trackingToken), [trackingToken]);
  // A delivery that ended (or a link that leads nowhere) has nothing more to show.
  const { result, value: tracking, fetchedAt, finished } = useFollowed(load, isOver);

  useEffect(() => {
    document.title = `${tracking ? t.status[tracking.status] : t.tracking.title} · Gancang`;
  }, [tracking, t]);

  if (result?.kind === 'not-found') {
    return (
      <main class="page">
        <h1>{t.tracking.notFoundTitle}</h1>
        <p>{t.tracking.notFoundBody}</p>
      </main>
    );
  }

  return (
    <main class="page">
      <h1 class="eyebrow">{t.tracking.title}</h1>
      {result?.kind === 'unreachable' && (
        <p class="notice" role="status">
          {t.tracking.unreachable}
        </p>
      )}
      {!tracking ? (
        result?.kind !== 'unreachable' && <p class="muted">{t.loading}</p>
      ) : (
        <TrackingDetails tracking={tracking} fetchedAt={fetchedAt} finished={finished} />
      )}
    </main>
  );
}

/** The pharmacy, the destination's area and, while on the way, the driver: as the public API gives them. */
function trackingPlaces(tracking: Tracking, t: Dictionary): MapPlace[] {
  const position = tracking.status === 'PICKED_UP' ? tracking.driverPosition : null;
  const driverName = tracking.driver?.firstName ?? tracking.driverFirstName ?? t.tracking.driver;
  return placesOf(
    tracking.facility && { kind: 'start', at: tracking.facility.location, label: `${t.tracking.pharmacy}: ${tracking.facility.name}` },
    tracking.destination && { kind: 'area', at: tracking.destination.center, label: t.tracking.destinationArea(tracking.destination.kecamatan) },
    position && { kind: 'driver', at: position, label: t.tracking.driverPosition(driverName, wibTime(position.at, t.locale)) },
  );
}

function TrackingDetails({ tracking, fetchedAt, finished }: { tracking: Tracking; fetchedAt: Date | undefined; finished: boolean }) {
  const { t } = useI18n();
  const facilityName = tracking.facility?.name ?? tracking.facilityName;
  const driver = tracking.driver ?? (tracking.driverFirstName ? { firstName: tracking.driverFirstName } : null);
  const places = useMemo(() => trackingPlaces(tracking, t), [tracking, t]);
  const hasMap = tracking.facility !== undefined || tracking.destination !== undefined;
  return (
    <>
      <section class="card summary" aria-live="polite">
        <p class={`status status-${tracking.status.toLowerCase()}`}>{t.status[tracking.status]}</p>
        <dl class="facts">
          <div>
            <dt>{t.tracking.from}</dt>
            <dd>{facilityName}</dd>
          </div>
          <div>
            <dt>{t.tracking.driver}</dt>
            <dd>
              <DriverLine driver={driver} noDriver={t.tracking.noDriverYet} />
            </dd>
          </div>
        </dl>
      </section>

      <section class="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t.tracking.timeline}</h2>
        <StatusTimeline steps={timelineSteps(tracking, MEDICINE_JOURNEY)} label={(status) => t.status[status]} />
      </section>

      {hasMap && (
        <section class="card map-card" aria-label={t.tracking.map}>
          <TrackingMap places={places} />
          <MapLegend places={places} />
          <p class="muted small">{t.tracking.privacy}</p>
        </section>
      )}

      <ReadAt fetchedAt={fetchedAt} finished={finished} />
    </>
  );
}
