/**
 * The family's tracking page, opened from the link the pharmacy hands over. It shows what the
 * public tracking API gives (status and times, the facility, the driver's first name and plate,
 * the destination's kecamatan, the driver's last position while on the way) and nothing else,
 * and refreshes by itself: every 15 s, and at once when the phone comes back to the tab.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useAutoRefresh } from '../auto-refresh.ts';
import { useI18n, type Dictionary } from '../i18n.ts';
import { wibTime } from '../wib.ts';
import { fetchTracking, FINAL_STATUSES, type Tracking, type TrackingResult } from './tracking-api.ts';
import { timelineSteps } from './timeline.ts';
import { TrackingMap } from './tracking-map-slot.tsx';


export function TrackingPage({ trackingToken }: { trackingToken: string }) {
  const { t } = useI18n();
  const [result, setResult] = useState<TrackingResult | undefined>();
  const [tracking, setTracking] = useState<Tracking | undefined>();
  const [fetchedAt, setFetchedAt] = useState<Date | undefined>();
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const next = await fetchTracking(trackingToken);
      setResult(next);
      // A failed refresh keeps what was shown, with the "trying again" notice above it.
      if (next.kind === 'found') {
        setTracking(next.tracking);
        setFetchedAt(new Date());
      }
    } finally {
      inFlight.current = false;
    }
  }, [trackingToken]);

  const finished = tracking !== undefined && FINAL_STATUSES.has(tracking.status);
  const notFound = result?.kind === 'not-found';

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A delivery that ended (or a link that leads nowhere) has nothing more to show.
  useAutoRefresh(refresh, !finished && !notFound);

  useEffect(() => {
    document.title = `${tracking ? t.status[tracking.status] : t.tracking.title} · Gancang`;
  }, [tracking, t]);

  if (notFound) {
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

function TrackingDetails({ tracking, fetchedAt, finished }: { tracking: Tracking; fetchedAt: Date | undefined; finished: boolean }) {
  const { t } = useI18n();
  const facilityName = tracking.facility?.name ?? tracking.facilityName;
  const driverName = tracking.driver?.firstName ?? tracking.driverFirstName;
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
              {driverName ? (
                <>
                  <span class="driver-name">{driverName}</span>
                  {tracking.driver && (
                    <span class="plate">
                      {' '}
                      · {tracking.driver.vehiclePlate} · {t.vehicle[tracking.driver.vehicleType]}
                    </span>
                  )}
                </>
              ) : (
                <span class="muted">{t.tracking.noDriverYet}</span>
              )}
            </dd>
          </div>
        </dl>
      </section>

      <section class="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t.tracking.timeline}</h2>
        <Timeline tracking={tracking} t={t} />
      </section>

      {hasMap && (
        <section class="card map-card" aria-label={t.tracking.map}>
          <TrackingMap tracking={tracking} />
          <MapLegend tracking={tracking} t={t} />
          <p class="muted small">{t.tracking.privacy}</p>
        </section>
      )}

      {fetchedAt && <p class="muted small">{(finished ? t.tracking.finished : t.tracking.updated)(wibTime(fetchedAt, t.locale))}</p>}
    </>
  );
}

/** What the map shows, in words: for readers who cannot see it, and to say which shape is which. */
function MapLegend({ tracking, t }: { tracking: Tracking; t: Dictionary }) {
  const position = tracking.status === 'PICKED_UP' ? tracking.driverPosition : null;
  const driverName = tracking.driver?.firstName ?? tracking.driverFirstName ?? t.tracking.driver;
  return (
    <ul class="legend">
      {tracking.facility && (
        <li>
          <span class="swatch swatch-pharmacy" aria-hidden="true" />
          {t.tracking.pharmacy}: {tracking.facility.name}
        </li>
      )}
      {tracking.destination && (
        <li>
          <span class="swatch swatch-area" aria-hidden="true" />
          {t.tracking.destinationArea(tracking.destination.kecamatan)}
        </li>
      )}
      {position && (
        <li>
          <span class="swatch swatch-driver" aria-hidden="true" />
          {t.tracking.driverPosition(driverName, wibTime(position.at, t.locale))}
        </li>
      )}
    </ul>
  );
}

function Timeline({ tracking, t }: { tracking: Tracking; t: Dictionary }) {
  return (
    <ol class="timeline">
      {timelineSteps(tracking).map((step, i) => (
        <li key={`${step.status}-${i}`} class={step.at ? (step.current ? 'done current' : 'done') : 'ahead'} aria-current={step.current ? 'step' : undefined}>
          <span class="step-label">{t.status[step.status]}</span>
          <span class="step-time">{step.at ? wibTime(step.at, t.locale) : t.tracking.pending}</span>
        </li>
      ))}
    </ol>
  );
}
