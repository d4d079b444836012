/**
 * The operations dashboard (/ops, admin role): the live map of drivers and jobs in play, the
 * orders needing attention across facilities and merchants, today's figures, refreshing every
 * 15 s and when the tab comes back; and the reports: a festival's takings per kecamatan and per
 * day (with its CSV), and the taxi companies' settlement over a period.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useAutoRefresh } from '../auto-refresh.ts';
import { StaffHeading } from '../auth/staff-heading.tsx';
import { SignedIn } from '../auth/signed-in.tsx';
import { useI18n } from '../i18n.ts';
import { staffWords } from '../staff-words.ts';
import { wibTime } from '../wib.ts';
import { dayFigures, listAttention, listDrivers, listOpenJobs, type DayFigures, type DriverOnMap, type DriverState, type JobOnMap, type OrderNeedingAttention } from './ops-api.ts';
import { formatNumber } from './ops-format.ts';
import { OpsMap } from './ops-map-slot.tsx';
import { opsWords } from './ops-words.ts';
import { AttentionList } from './attention-list.tsx';
import { DayFiguresCard } from './day-figures.tsx';
import { FestivalReportCard } from './festival-report.tsx';
import { TableScroll } from './table-scroll.tsx';
import { TaxiSettlementCard } from './taxi-settlement.tsx';
import './ops.css';

export function OpsPage() {
  const { language } = useI18n();
  const w = opsWords[language];
  return (
    <SignedIn roles={['admin']} title={w.title} needSignIn={w.needSignIn} signInText={staffWords[language].signIn.title} pageClass="page staff">
      {(session) => <Dashboard token={session.accessToken} sub={session.sub} />}
    </SignedIn>
  );
}

/** Before the first answer the map has nothing to draw; one empty list, not a new one per render. */
const NOTHING: readonly never[] = [];

interface Live {
  readonly drivers: readonly DriverOnMap[];
  readonly jobs: readonly JobOnMap[];
  readonly attention: readonly OrderNeedingAttention[] | undefined;
  readonly figures: DayFigures | undefined;
}

function Dashboard({ token, sub }: { token: string; sub: string }) {
  const { language, t } = useI18n();
  const w = opsWords[language];
  const [live, setLive] = useState<Live | undefined>();
  const [fetchedAt, setFetchedAt] = useState<Date | undefined>();
  const [unreachable, setUnreachable] = useState(false);
  const inFlight = useRef(false);

  useEffect(() => {
    document.title = `${w.title} · Gancang`;
  }, [w]);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const [drivers, jobs, attention, figures] = await Promise.all([listDrivers(token), listOpenJobs(token), listAttention(token), dayFigures(token)]);
      // The map is the heart of the room: without it the page says it is trying again and keeps
      // what it showed. A list that fails on its own says so in its card.
      setUnreachable(!drivers.ok || !jobs.ok);
      if (!drivers.ok || !jobs.ok) return;
      setLive({
        drivers: drivers.body,
        jobs: jobs.body,
        attention: attention.ok ? attention.body.items : undefined,
        figures: figures.ok ? figures.body : undefined,
      });
      setFetchedAt(new Date());
    } finally {
      inFlight.current = false;
    }
  }, [token]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useAutoRefresh(refresh);

  return (
    <main class="page staff ops">
      <StaffHeading title={w.title} sub={sub} unreachable={unreachable ? w.unreachable : undefined} />
      {fetchedAt ? <p class="muted small">{w.refreshed(wibTime(fetchedAt, t.locale))}</p> : null}

      <div class="ops-grid">
        <section class="card ops-live" aria-labelledby="ops-map-title">
          <h2 id="ops-map-title">{w.map.title}</h2>
          <div role="region" aria-label={w.map.label}>
            <OpsMap drivers={live?.drivers ?? NOTHING} jobs={live?.jobs ?? NOTHING} />
          </div>
          {live ? <MapLegend drivers={live.drivers} jobs={live.jobs} /> : <p class="muted">{t.loading}</p>}
          {live ? <JobsTable jobs={live.jobs} /> : null}
          {live ? <DriverList drivers={live.drivers} /> : null}
        </section>
        <div class="ops-side">
          <AttentionList token={token} items={live?.attention} loaded={live !== undefined} />
          <DayFiguresCard figures={live?.figures} loaded={live !== undefined} />
        </div>
      </div>

      <div class="ops-reports">
        <FestivalReportCard token={token} />
        <TaxiSettlementCard token={token} />
      </div>
    </main>
  );
}

const STATES_ON_MAP = ['AVAILABLE', 'BUSY', 'STALE'] as const satisfies readonly DriverState[];

/** What the map's colours and shapes mean, with how many of each there are now. */
function MapLegend({ drivers, jobs }: { drivers: readonly DriverOnMap[]; jobs: readonly JobOnMap[] }) {
  const { language, t } = useI18n();
  const w = opsWords[language];
  const count = (state: DriverState) => drivers.filter((d) => d.state === state && (state === 'OFFLINE' || d.location !== null)).length;
  const kinds = (['MEDICINE', 'FOOD', 'RIDE'] as const).map((kind) => ({ kind, count: jobs.filter((j) => j.kind === kind).length }));
  const n = (value: number) => formatNumber(value, t.locale);
  return (
    <div class="ops-legend">
      <div>
        <h3>{w.map.drivers}</h3>
        <ul class="legend">
          {STATES_ON_MAP.map((state) => (
            <li key={state} data-legend={state}>
              <span class={`swatch swatch-driver-${state.toLowerCase()}`} aria-hidden="true" />
              {w.map.states[state]}: {n(count(state))}
            </li>
          ))}
          <li data-legend="OFFLINE" class="muted">
            {w.map.states.OFFLINE}: {n(count('OFFLINE'))} ({w.map.offlineNote})
          </li>
        </ul>
      </div>
      <div>
        <h3>{w.map.jobs}</h3>
        <ul class="legend">
          {kinds.map(({ kind, count }) => (
            <li key={kind} data-legend={kind}>
              <span class={`swatch-job job-${kind.toLowerCase()}`} aria-hidden="true" />
              {w.kinds[kind]}: {n(count)}
            </li>
          ))}
          <li>
            <span class="swatch-job job-waiting" aria-hidden="true" />
            {w.map.hollow}
          </li>
        </ul>
      </div>
    </div>
  );
}

/** The jobs of the map in words: the map's text alternative, and the room's list to act on. */
function JobsTable({ jobs }: { jobs: readonly JobOnMap[] }) {
  const { language, t } = useI18n();
  const w = opsWords[language];
  if (jobs.length === 0) return <p class="muted">{w.map.noJobs}</p>;
  return (
    <TableScroll label={w.map.jobs}>
      <table class="ops-jobs">
        <caption class="visually-hidden">{w.map.jobs}</caption>
        <thead>
          <tr>
            <th scope="col">{w.map.kind}</th>
            <th scope="col">{w.map.status}</th>
            <th scope="col">{w.map.pickup}</th>
            <th scope="col">{w.map.dropoff}</th>
            <th scope="col">{w.map.readyAt}</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.jobId} data-job-id={job.jobId} data-order-id={job.orderId}>
              <td>{w.kinds[job.kind]}</td>
              <td class={`job-status job-status-${job.status.toLowerCase()}`}>{w.map.jobStatus[job.status]}</td>
              <td>{job.pickup.kecamatan}</td>
              <td>{job.dropoff.kecamatan}</td>
              <td class="nowrap">{wibTime(job.readyAt, t.locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function DriverList({ drivers }: { drivers: readonly DriverOnMap[] }) {
  const { language, t } = useI18n();
  const w = opsWords[language];
  return (
    <details class="ops-drivers">
      <summary>
        {w.map.driverList} ({formatNumber(drivers.length, t.locale)})
      </summary>
      <TableScroll label={w.map.driverList}>
        <table>
          <thead>
            <tr>
              <th scope="col">{w.map.name}</th>
              <th scope="col">{w.map.plate}</th>
              <th scope="col">{w.map.state}</th>
              <th scope="col">{w.map.lastSeen}</th>
            </tr>
          </thead>
          <tbody>
            {drivers.map((driver) => (
              <tr key={driver.driverId} data-driver-id={driver.driverId}>
                <td>{driver.firstName}</td>
                <td class="nowrap">{driver.vehicle.plate}</td>
                <td>{w.map.states[driver.state]}</td>
                <td class="nowrap">{driver.lastSeenAt ? wibTime(driver.lastSeenAt, t.locale) : w.map.never}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
