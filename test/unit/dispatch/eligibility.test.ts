import { describe, expect, it } from 'vitest';
import {
  checkEligibility,
  ELIGIBILITY_RULES,
  INELIGIBILITY_REASONS,
  ineligibilityReason,
  type DriverSnapshot,
  type EligibilityContext,
  type IneligibilityReason,
  type MatchJob,
} from '#dispatch/domain/eligibility';
import { driver, medicineJob, NOW, taxiRide } from './matching-fixtures.ts';

const context: EligibilityContext = { nowMs: NOW.getTime(), maxStalenessSeconds: 300 };
const seenSecondsAgo = (seconds: number) => NOW.getTime() - seconds * 1000;

const foodJob: MatchJob = { kind: 'FOOD', pickup: medicineJob().pickup, requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false } };
const carRide: MatchJob = { kind: 'RIDE', pickup: medicineJob().pickup, requirements: { vehicleTypes: ['CAR'], medicineTrained: false } };
const anyVehicleRide: MatchJob = { kind: 'RIDE', pickup: medicineJob().pickup, requirements: { vehicleTypes: ['MOTORBIKE', 'CAR', 'TAXI'], medicineTrained: false } };
const gojekCar = driver({ driverId: 'drv_car', vehicle: { type: 'CAR' }, medicineTrained: false });
const osingTaxi = driver({ driverId: 'drv_taxi', vehicle: { type: 'TAXI' }, fleet: { kind: 'PARTNER_TAXI', companyId: 'tc_osing' }, medicineTrained: false });

const cases: [string, MatchJob, DriverSnapshot, IneligibilityReason | 'ELIGIBLE'][] = [
  ['a trained Go-Jek motorbike for a medicine delivery', medicineJob(), driver(), 'ELIGIBLE'],
  ['an untrained driver for a medicine delivery', medicineJob(), driver({ medicineTrained: false }), 'NOT_MEDICINE_TRAINED'],
  [
    'an untrained driver for a medicine job even if its requirements forgot the flag',
    medicineJob({ requirements: { vehicleTypes: ['MOTORBIKE'], medicineTrained: false } }),
    driver({ medicineTrained: false }),
    'NOT_MEDICINE_TRAINED',
  ],
  ['an untrained driver for food', foodJob, driver({ medicineTrained: false }), 'ELIGIBLE'],
  ['an untrained driver for a job that asks for training', { ...foodJob, requirements: { ...foodJob.requirements, medicineTrained: true } }, driver({ medicineTrained: false }), 'NOT_MEDICINE_TRAINED'],
  ['a car for a medicine delivery by motorbike', medicineJob(), driver({ vehicle: { type: 'CAR' } }), 'VEHICLE_TYPE_NOT_REQUESTED'],
  ['a Go-Jek car for a car ride', carRide, gojekCar, 'ELIGIBLE'],
  ['a motorbike for a car ride', carRide, driver(), 'VEHICLE_TYPE_NOT_REQUESTED'],
  ['a partner taxi for a car ride', carRide, osingTaxi, 'VEHICLE_TYPE_NOT_REQUESTED'],
  ['a partner taxi for a taxi ride', taxiRide(), osingTaxi, 'ELIGIBLE'],
  ["a partner taxi of the company the ride names", taxiRide('tc_osing'), osingTaxi, 'ELIGIBLE'],
  ['a partner taxi of another company than the ride names', taxiRide('tc_blambangan'), osingTaxi, 'OTHER_TAXI_COMPANY'],
  ['a Go-Jek motorbike for a taxi ride', taxiRide(), driver(), 'VEHICLE_TYPE_NOT_REQUESTED'],
  ['a taxi registered under Go-Jek (not a partner taxi)', taxiRide(), driver({ vehicle: { type: 'TAXI' }, fleet: { kind: 'GOJEK' } }), 'VEHICLE_NOT_IN_ITS_FLEET'],
  ['a car registered under a taxi company', carRide, driver({ vehicle: { type: 'CAR' }, fleet: { kind: 'PARTNER_TAXI', companyId: 'tc_osing' } }), 'VEHICLE_NOT_IN_ITS_FLEET'],
  ['any of the vehicle types a ride accepts', anyVehicleRide, osingTaxi, 'ELIGIBLE'],
  ['a partner taxi when the job asks for the Go-Jek fleet', { ...anyVehicleRide, requirements: { ...anyVehicleRide.requirements, fleet: 'GOJEK' } }, osingTaxi, 'FLEET_NOT_REQUESTED'],
  ['a driver who declined this job', medicineJob({ excludedDriverIds: new Set(['drv_a']) }), driver(), 'DECLINED_OR_EXPIRED'],
  ['a driver who declined another job only', medicineJob({ excludedDriverIds: new Set(['drv_b']) }), driver(), 'ELIGIBLE'],
  ['a driver holding another offer or job', medicineJob(), driver({ activeJobId: 'job_fo_9' }), 'BUSY'],
  ['a driver switched to unavailable', medicineJob(), driver({ available: false }), 'UNAVAILABLE'],
  ['a driver seen exactly 5 minutes ago', medicineJob(), driver({ lastSeenAtMs: seenSecondsAgo(300) }), 'ELIGIBLE'],
  ['a driver last seen 5 minutes and 1 second ago', medicineJob(), driver({ lastSeenAtMs: seenSecondsAgo(301) }), 'STALE_LOCATION'],
  ['a driver whose phone clock runs a little ahead', medicineJob(), driver({ lastSeenAtMs: seenSecondsAgo(-20) }), 'ELIGIBLE'],
  [
    'an untrained, busy, unavailable, silent driver (the lasting reason first)',
    medicineJob(),
    driver({ medicineTrained: false, activeJobId: 'job_x', available: false, lastSeenAtMs: seenSecondsAgo(3600) }),
    'NOT_MEDICINE_TRAINED',
  ],
];

describe('eligibility rules', () => {
  it.each(cases)('%s → %s', (_, job, candidate, expected) => {
    expect(ineligibilityReason(candidate, job, context) ?? 'ELIGIBLE').toBe(expected);
    expect(checkEligibility(candidate, job, context)).toEqual(expected === 'ELIGIBLE' ? { eligible: true } : { eligible: false, reason: expected });
  });

  it('takes the staleness limit from the context', () => {
    const strict = { ...context, maxStalenessSeconds: 60 };
    expect(ineligibilityReason(driver({ lastSeenAtMs: seenSecondsAgo(60) }), medicineJob(), strict)).toBeUndefined();
    expect(ineligibilityReason(driver({ lastSeenAtMs: seenSecondsAgo(61) }), medicineJob(), strict)).toBe('STALE_LOCATION');
  });

  it('is one table: one rule per reason, each described', () => {
    expect(ELIGIBILITY_RULES.map((r) => r.reason)).toEqual([...INELIGIBILITY_REASONS]);
    for (const rule of ELIGIBILITY_RULES) expect(rule.requires.length).toBeGreaterThan(10);
  });

  it('has every reason reachable from some driver', () => {
    const reached = new Set(cases.map(([, , , expected]) => expected));
    for (const reason of INELIGIBILITY_REASONS) expect(reached).toContain(reason);
  });
});
