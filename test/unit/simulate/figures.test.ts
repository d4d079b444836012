import { describe, expect, it } from 'vitest';
import { computeFigures, deliveriesPerHour, judgeTargets, percentiles, type OrderSeen, type RunClock } from '../../../infra/simulate/figures.ts';
import { SCENARIOS, scenarioNamed } from '../../../infra/simulate/scenarios.ts';
import { outcomeOf } from '../../../infra/simulate/simulation.ts';
import { scaledTimeSettings } from '../../../infra/simulate/time-settings.ts';

const T0 = Date.parse('2026-11-30T18:30:00+07:00');
/** Speed 10, from 18:30 WIB, for 75 scenario minutes. */
const clock: RunClock = { speed: 10, wallStartMs: T0, startWibMinutes: 18 * 60 + 30, minutes: 75 };

const order = (overrides: Partial<OrderSeen>): OrderSeen => ({
  kind: 'FOOD',
  orderId: `fo_${Math.random().toString(36).slice(2)}`,
  origin: { lat: -8.2, lng: 114.36 },
  outcome: 'OPEN',
  ...overrides,
});

describe('percentiles', () => {
  it('are nearest-rank, and null over no value', () => {
    expect(percentiles(Array.from({ length: 20 }, (_, i) => 20 - i))).toEqual({ count: 20, p50: 10, p95: 19 });
    expect(percentiles([7])).toEqual({ count: 1, p50: 7, p95: 7 });
    expect(percentiles([])).toEqual({ count: 0, p50: null, p95: null });
  });
});

describe('the figures of a run', () => {
  it('count each order once by where it ended', () => {
    const orders = [
      order({ outcome: 'DELIVERED' }),
      order({ outcome: 'DELIVERED' }),
      order({ outcome: 'FAILED' }),
      order({ outcome: 'FAILED', failedAtTheDoor: true }),
      order({ outcome: 'CANCELLED' }),
      order({ outcome: 'OPEN' }),
    ];
    const { figures } = computeFigures(orders, [], clock, null);
    // One failure the scenario caused at the door, one the system's.
    expect(figures).toMatchObject({ orders: 6, delivered: 2, failed: 2, failedAtTheDoor: 1, cancelled: 1, open: 1 });
    expect(figures.delivered + figures.failed + figures.cancelled + figures.open).toBe(figures.orders);
  });

  it('keep machine latency in wall milliseconds and turn waits for people into scenario seconds', () => {
    const orders = [
      // Offered 400 ms after READY; assigned 3 wall seconds after = 30 scenario seconds at 10×.
      order({ searchFromMs: T0, readyMs: T0, firstOfferMs: T0 + 400, firstAssignedMs: T0 + 3_000, offers: 1, outcome: 'DELIVERED' }),
      // Food: the courier was assigned before the kitchen was done: waited 0, as the operations room counts it.
      order({ searchFromMs: T0, readyMs: T0 + 60_000, firstOfferMs: T0 + 900, firstAssignedMs: T0 + 5_000, offers: 3, outcome: 'DELIVERED' }),
      // Offered, never assigned: in ready → offer only.
      order({ searchFromMs: T0, readyMs: T0, firstOfferMs: T0 + 1_200 }),
    ];
    const { figures, readyToAssignedSeconds } = computeFigures(orders, [], clock, null);
    expect(figures.readyToOfferMs).toEqual({ count: 3, p50: 900, p95: 1_200 });
    expect(readyToAssignedSeconds).toEqual([30, 0]);
    expect(figures.readyToAssignedSeconds).toEqual({ count: 2, p50: 0, p95: 30 });
    expect(figures.offersPerJob).toEqual({ mean: 2, max: 3 });
  });

  it('time dispatch only over jobs its first search could give to a driver; count the others apart', () => {
    const orders = [
      order({ searchFromMs: T0, readyMs: T0, firstOfferMs: T0 + 300, firstSearchFoundDriver: true }),
      // Every driver was busy: offered 90 s later when one came free; that wait is the fleet's, not dispatch's.
      order({ searchFromMs: T0, readyMs: T0, firstOfferMs: T0 + 90_000, firstAssignedMs: T0 + 95_000, offers: 1, firstSearchFoundDriver: false }),
      order({ searchFromMs: T0, readyMs: T0, firstOfferMs: T0 + 500, firstSearchFoundDriver: true }),
    ];
    const { figures } = computeFigures(orders, [], clock, null);
    expect(figures.readyToOfferMs).toEqual({ count: 2, p50: 300, p95: 500 });
    expect(figures.foundNobodyFree).toBe(1);
    // Its wait still shows where people feel it: ready → assigned, 95 wall s = 950 scenario s at 10×.
    expect(figures.readyToAssignedSeconds).toEqual({ count: 1, p50: 950, p95: 950 });
  });

  it('share the drivers’ online time spent holding a job', () => {
    const { figures } = computeFigures([], [{ onlineSeconds: 3_600, busySeconds: 1_800 }, { onlineSeconds: 1_800, busySeconds: 0 }, { onlineSeconds: 0, busySeconds: 0 }], clock, null);
    expect(figures.driverUtilisation).toBeCloseTo(1 / 3, 3);
    expect(figures.offersPerJob).toEqual({ mean: null, max: null });
  });

  it('put each delivery in its WIB scenario hour and list the hours without any', () => {
    const at = (scenarioMinutes: number): number => T0 + (scenarioMinutes * 60_000) / clock.speed;
    const orders = [
      order({ outcome: 'DELIVERED', deliveredMs: at(5) }), // 18:35
      order({ outcome: 'DELIVERED', deliveredMs: at(29) }), // 18:59
      order({ outcome: 'DELIVERED', deliveredMs: at(31) }), // 19:01
      order({ outcome: 'FAILED', deliveredMs: at(40) }), // not a delivery
    ];
    expect(deliveriesPerHour(orders, clock)).toEqual([
      { hour: '18:00', deliveries: 2 },
      { hour: '19:00', deliveries: 1 },
    ]);
    expect(deliveriesPerHour([], { ...clock, startWibMinutes: 7 * 60, minutes: 540 }).map((h) => h.hour)).toEqual([
      '07:00', '08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00',
    ]);
  });
});

describe('targets', () => {
  it('every scenario states targets, and a figure over no value misses them', () => {
    const { figures } = computeFigures([], [], clock, null);
    for (const scenario of SCENARIOS) {
      expect(scenario.targets.length).toBeGreaterThan(0);
      const judged = judgeTargets(scenario.targets, figures);
      expect(judged.map((t) => t.name)).toEqual(scenario.targets.map((t) => t.name));
      expect(judged.some((t) => !t.met)).toBe(true);
    }
  });

  it('the festival’s promotion is met within its quota and missed over it', () => {
    const festival = scenarioNamed('festival-peak')!;
    const base = computeFigures([], [], clock, { redemptions: 150, quota: 150 }).figures;
    const promotion = (redemptions: number) =>
      judgeTargets(festival.targets, { ...base, promotion: { redemptions, quota: 150 } }).find((t) => t.name === 'promotion redemptions')!;
    expect(promotion(150)).toMatchObject({ met: true, actual: '150 of 150' });
    expect(promotion(151)).toMatchObject({ met: false, actual: '151 of 150' });
  });
});

describe('failures through the system', () => {
  it('leave out the deliveries the scenario fails at the door, and count the rest', () => {
    const day = scenarioNamed('ordinary-day')!;
    const failures = (atTheDoor: number, bySystem: number) => {
      const orders = [
        ...Array.from({ length: 90 }, () => order({ outcome: 'DELIVERED' })),
        ...Array.from({ length: atTheDoor }, () => order({ outcome: 'FAILED', failedAtTheDoor: true })),
        ...Array.from({ length: bySystem }, () => order({ outcome: 'FAILED' })),
      ];
      return judgeTargets(day.targets, computeFigures(orders, [], clock, null).figures).find((t) => t.name === 'failed through the system')!;
    };
    expect(failures(5, 0)).toMatchObject({ met: true, actual: '0 of 95 (0.0 %; 5 more failed at the door)' });
    expect(failures(5, 1)).toMatchObject({ met: false, actual: '1 of 96 (1.0 %; 5 more failed at the door)' });
  });
});

describe('where an order ended', () => {
  it('reads each kind’s final statuses as delivered, failed or cancelled, and anything else as open', () => {
    expect(outcomeOf('MEDICINE', 'RETURNED_TO_PHARMACY')).toBe('FAILED');
    expect(outcomeOf('MEDICINE', 'READY_FOR_PICKUP')).toBe('OPEN');
    expect(outcomeOf('FOOD', 'REJECTED')).toBe('CANCELLED');
    expect(outcomeOf('RIDE', 'COMPLETED')).toBe('DELIVERED');
    expect(outcomeOf('RIDE', 'NO_DRIVER_FOUND')).toBe('FAILED');
  });
});

describe('time settings at a speed', () => {
  it('divides each by the speed, in whole seconds and never under one (an offer: two)', () => {
    expect(scaledTimeSettings(10)).toMatchObject({ GANCANG_OFFER_TTL_SECONDS: 3, GANCANG_DRIVER_STALE_SECONDS: 30, GANCANG_PICKUP_LEAD_SECONDS: 60 });
    // An offer lasts at least 2 wall seconds, whatever the speed (MIN_WALL_SECONDS).
    expect(scaledTimeSettings(60)).toMatchObject({ GANCANG_OFFER_TTL_SECONDS: 2, GANCANG_RETRY_FIRST_DELAY_SECONDS: 1, GANCANG_DRIVER_STALE_SECONDS: 5 });
    expect(scaledTimeSettings(1)).toMatchObject({ GANCANG_OFFER_TTL_SECONDS: 30, GANCANG_UNASSIGNED_ALERT_SECONDS: 600 });
  });
});
