/**
 * What every journey page shows alike (the family's tracking page, a citizen's food order and
 * ride): the timeline with WIB times, the driver's first name and vehicle, and when it was read.
 */
import { useI18n } from '../i18n.ts';
import { wibTime } from '../wib.ts';
import type { Step } from './timeline.ts';
import type { VehicleType } from './tracking-api.ts';

export function StatusTimeline<S extends string>({ steps, label }: { steps: readonly Step<S>[]; label: (status: S) => string }) {
  const { t } = useI18n();
  return (
    <ol class="timeline">
      {steps.map((step, i) => (
        <li key={`${step.status}-${i}`} class={step.at ? (step.current ? 'done current' : 'done') : 'ahead'} aria-current={step.current ? 'step' : undefined}>
          <span class="step-label">{label(step.status)}</span>
          <span class="step-time">{step.at ? wibTime(step.at, t.locale) : t.tracking.pending}</span>
        </li>
      ))}
    </ol>
  );
}

/** The driver's first name, then the plate and the kind of vehicle to recognise them by; or who is still missing. */
export function DriverLine({ driver, noDriver }: { driver: { firstName: string; vehiclePlate?: string; vehicleType?: string } | null | undefined; noDriver: string }) {
  const { t } = useI18n();
  if (!driver) return <span class="muted">{noDriver}</span>;
  const vehicle = driver.vehicleType ? (t.vehicle[driver.vehicleType as VehicleType] ?? driver.vehicleType) : undefined;
  return (
    <>
      <span class="driver-name">{driver.firstName}</span>
      {driver.vehiclePlate && (
        <span class="plate">
          {' '}
          · {driver.vehiclePlate}
          {vehicle && ` · ${vehicle}`}
        </span>
      )}
    </>
  );
}

/** When the page last read its journey, and whether it keeps reading. */
export function ReadAt({ fetchedAt, finished }: { fetchedAt: Date | undefined; finished: boolean }) {
  const { t } = useI18n();
  if (!fetchedAt) return null;
  return <p class="muted small">{(finished ? t.tracking.finished : t.tracking.updated)(wibTime(fetchedAt, t.locale))}</p>;
}
