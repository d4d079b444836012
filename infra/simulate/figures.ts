/**
 * From what a run saw of each order to the figures, targets and series of its SimulationResult:
 * pure, so the arithmetic is tested without a runtime (test/unit/simulate/figures.test.ts).
 *
 * Times come in as wall-clock milliseconds (Date.parse of the API's instants, or the offer's
 * expiry minus its time to live); machine latencies stay in milliseconds, and every duration
 * that includes people (a driver taking an offer) is turned into scenario seconds.
 */
import type { OrderKind, Outcome, Percentiles, SimulationFigures, SimulationResult, TargetResult } from './result.ts';
import type { Target } from './scenarios.ts';

export interface OrderSeen {
  readonly kind: OrderKind;
  readonly orderId: string;
  readonly origin: { readonly lat: number; readonly lng: number };
  readonly outcome: Outcome;
  /** When dispatch was due to look for a driver: READY_FOR_PICKUP, the ride booked, the food's readyAt less the pickup lead. */
  readonly searchFromMs?: number;
  /** When the goods were ready (the food's readyAt; for the others the same as searchFromMs). */
  readonly readyMs?: number;
  readonly firstOfferMs?: number;
  readonly firstAssignedMs?: number;
  /** Offers the job had (OFFERED entries of its timeline), known once a driver held it. */
  readonly offers?: number;
  /** DELIVERED (a ride: COMPLETED). */
  readonly deliveredMs?: number;
  /** Its driver reported it failed because the scenario said so (nobody home). */
  readonly failedAtTheDoor?: boolean;
  /** Dispatch's first search for it found a driver free (its first recorded decision was an offer), or found nobody. */
  readonly firstSearchFoundDriver?: boolean;
}

export interface DriverTime {
  /** Scenario seconds with the app on, and of those holding a job (accepted → delivered, failed or withdrawn). */
  readonly onlineSeconds: number;
  readonly busySeconds: number;
}

export interface RunClock {
  readonly speed: number;
  /** Wall-clock ms when the scenario clock started. */
  readonly wallStartMs: number;
  /** The scenario's start as WIB minutes after midnight (07:00 → 420). */
  readonly startWibMinutes: number;
  readonly minutes: number;
}

/** Nearest-rank percentiles; null over no value. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: null, p95: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { count: sorted.length, p50: rank(50), p95: rank(95) };
}

const toScenarioSeconds = (wallMs: number, speed: number): number => Math.round((wallMs * speed) / 1000);

export function computeFigures(
  orders: readonly OrderSeen[],
  drivers: readonly DriverTime[],
  clock: RunClock,
  promotion: SimulationFigures['promotion'],
): { figures: SimulationFigures; readyToAssignedSeconds: number[] } {
  const count = (outcome: Outcome): number => orders.filter((o) => o.outcome === outcome).length;
  const readyToOffer: number[] = [];
  const readyToAssigned: number[] = [];
  const offers: number[] = [];
  for (const order of orders) {
    // Dispatch's own speed: only jobs its first search could give to a driver. One that found every
    // driver busy waited for the fleet, which ready → assigned shows.
    if (order.firstOfferMs !== undefined && order.searchFromMs !== undefined && order.firstSearchFoundDriver !== false) {
      // An offer made while the message that asked for it was in flight cannot precede it by more than clock noise.
      readyToOffer.push(Math.max(0, Math.round(order.firstOfferMs - order.searchFromMs)));
    }
    if (order.firstAssignedMs !== undefined && order.readyMs !== undefined) {
      // As the operations room counts it: a driver assigned while the food was still cooking waited 0.
      readyToAssigned.push(Math.max(0, toScenarioSeconds(order.firstAssignedMs - order.readyMs, clock.speed)));
      if (order.offers !== undefined) offers.push(order.offers);
    }
  }
  const online = drivers.reduce((sum, d) => sum + d.onlineSeconds, 0);
  const busy = drivers.reduce((sum, d) => sum + d.busySeconds, 0);
  const figures: SimulationFigures = {
    orders: orders.length,
    delivered: count('DELIVERED'),
    failed: count('FAILED'),
    failedAtTheDoor: orders.filter((o) => o.outcome === 'FAILED' && o.failedAtTheDoor).length,
    cancelled: count('CANCELLED'),
    open: count('OPEN'),
    readyToOfferMs: percentiles(readyToOffer),
    foundNobodyFree: orders.filter((o) => o.firstSearchFoundDriver === false).length,
    readyToAssignedSeconds: percentiles(readyToAssigned),
    offersPerJob: {
      mean: offers.length === 0 ? null : Math.round((offers.reduce((a, b) => a + b, 0) / offers.length) * 100) / 100,
      max: offers.length === 0 ? null : Math.max(...offers),
    },
    driverUtilisation: online > 0 ? Math.round((busy / online) * 1000) / 1000 : 0,
    promotion,
  };
  return { figures, readyToAssignedSeconds: readyToAssigned };
}

export function judgeTargets(targets: readonly Target[], figures: SimulationFigures): TargetResult[] {
  return targets.map((target) => ({ name: target.name, target: target.target, ...target.judge(figures) }));
}

const hourLabel = (wibMinutes: number): string => `${String(Math.floor(wibMinutes / 60) % 24).padStart(2, '0')}:00`;

/** Deliveries per scenario hour, every hour of the run listed (an hour without any as 0). */
export function deliveriesPerHour(orders: readonly OrderSeen[], clock: RunClock): SimulationResult['series']['deliveriesPerHour'] {
  const firstHour = Math.floor(clock.startWibMinutes / 60);
  const lastHour = Math.floor((clock.startWibMinutes + clock.minutes - 1e-9) / 60);
  const counts = new Map<number, number>();
  for (let hour = firstHour; hour <= lastHour; hour++) counts.set(hour, 0);
  for (const order of orders) {
    if (order.outcome !== 'DELIVERED' || order.deliveredMs === undefined) continue;
    const minute = clock.startWibMinutes + (order.deliveredMs - clock.wallStartMs) * clock.speed / 60_000;
    const hour = Math.min(lastHour, Math.max(firstHour, Math.floor(minute / 60)));
    counts.set(hour, (counts.get(hour) ?? 0) + 1);
  }
  return [...counts].map(([hour, deliveries]) => ({ hour: hourLabel(hour * 60), deliveries }));
}
