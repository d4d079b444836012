/**
 * The scenarios as tables must describe a day that can meet their own targets when the system
 * keeps up: a fleet the demand does not use up, and a run long enough for the last order to arrive
 * at its door. Worked out from the tables alone, with no run: the longest path counts no wait for a
 * driver (the ready → assigned target bounds that) and the busiest hour counts only the trips.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioNamed, type Demand, type Place, type Scenario, type Weighted } from '../../../infra/simulate/scenarios.ts';
import { roadKm } from '../../../infra/simulate/world.ts';

const mean = (range: readonly [number, number]): number => (range[0] + range[1]) / 2;
const pairs = (from: readonly Weighted<Place>[], to: readonly Weighted<Place>[]) =>
  from.flatMap((f) => to.filter((t) => t.value.name !== f.value.name).map((t) => [f, t] as const));

/** Scenario minutes from an order's arrival to its door at the slowest vehicle, with no wait for a driver. */
function longestMinutes(scenario: Scenario): number {
  const { behaviour } = scenario;
  const slowest = Math.min(...scenario.fleet.map((group) => behaviour.kmh[group.vehicle]));
  const handovers = 2 * behaviour.handoverSeconds[1] / 60;
  const drive = (km: number): number => (km / slowest) * 60;
  const demand: Demand = scenario.demand;
  switch (demand.kind) {
    case 'MEDICINE':
      return demand.startMinutes[1] + demand.prepareMinutes[1] + drive(demand.patientKm[1] * 1.3) + handovers;
    case 'FOOD':
      return demand.answerMinutes[1] + Math.max(...demand.prepMinutes) + drive(demand.customerKm[1] * 1.3) + handovers;
    case 'RIDE': {
      // The pickup lies up to 0.3 km from its place and the drop-off up to 1.5 km from its own.
      const longest = Math.max(...pairs(demand.from, demand.to).map(([f, t]) => roadKm(f.value, t.value)));
      return drive(longest + (0.3 + 1.5) * 1.3) + handovers;
    }
  }
}

describe('the scenarios', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s leaves time for its last order to be delivered before the run ends', (_, scenario) => {
    const lastArrival = scenario.arrivalShare * scenario.defaults.minutes;
    expect(lastArrival + longestMinutes(scenario)).toBeLessThanOrEqual(scenario.defaults.minutes);
  });

  it('taxi-morning has enough taxis and cars that its rides, trips alone, keep under 60 % of them busy', () => {
    const scenario = scenarioNamed('taxi-morning')!;
    const demand = scenario.demand;
    if (demand.kind !== 'RIDE') throw new Error('taxi-morning books rides');
    const weighted = pairs(demand.from, demand.to).map(([f, t]) => ({ weight: f.weight * t.weight, km: roadKm(f.value, t.value) }));
    const meanKm = weighted.reduce((sum, p) => sum + p.weight * p.km, 0) / weighted.reduce((sum, p) => sum + p.weight, 0);
    const tripHours = meanKm / scenario.behaviour.kmh.CAR + mean(scenario.behaviour.handoverSeconds) * 2 / 3600;
    const busy = demand.perHour * tripHours;
    const vehicles = scenario.fleet.reduce((sum, group) => sum + group.count, 0);
    expect(busy / vehicles).toBeLessThan(0.6);
  });

  it('ordinary-day still registers ten times the real programme’s prescriptions in a day', () => {
    const scenario = scenarioNamed('ordinary-day')!;
    const perDay = scenario.demand.perHour * (scenario.arrivalShare * scenario.defaults.minutes) / 60;
    // 4,444 deliveries in the first 15 months, about 9.8 a day.
    expect(perDay).toBeCloseTo((4_444 / (15 * 30.4)) * 10, 6);
  });
});
