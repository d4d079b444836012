import type { DriverSnapshot, MatchJob } from '#dispatch/domain/eligibility';

/** Saturday noon WIB of the festival weekend. */
export const NOW = new Date('2026-11-28T12:00:00+07:00');

export const PLACES = {
  rsudBlambangan: { lat: -8.208396, lng: 114.366168 },
  rsudGenteng: { lat: -8.365603, lng: 114.163863 },
  townCentre: { lat: -8.21861, lng: 114.36694 },
  stasiunKetapang: { lat: -8.14111, lng: 114.39722 },
} as const;

/** A fresh, available, idle Go-Jek motorbike driver trained for medicines, at RSUD Blambangan. */
export function driver(overrides: Partial<DriverSnapshot> = {}): DriverSnapshot {
  return {
    driverId: 'drv_a',
    vehicle: { type: 'MOTORBIKE' },
    fleet: { kind: 'GOJEK' },
    medicineTrained: true,
    location: PLACES.rsudBlambangan,
    lastSeenAtMs: NOW.getTime() - 30_000,
    available: true,
    ...overrides,
  };
}

/** A medicine delivery from RSUD Blambangan's pharmacy, as ordering requests it. */
export function medicineJob(overrides: Partial<MatchJob> = {}): MatchJob {
  return {
    jobId: 'job_mo_1',
    kind: 'MEDICINE',
    pickup: { location: PLACES.rsudBlambangan },
    requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: true },
    ...overrides,
  };
}

export function taxiRide(companyId?: string): MatchJob {
  return {
    jobId: 'job_ride_1',
    kind: 'RIDE',
    pickup: { location: PLACES.stasiunKetapang },
    requirements: { vehicleTypes: ['TAXI'], fleet: 'PARTNER_TAXI', medicineTrained: false, ...(companyId === undefined ? {} : { companyId }) },
  };
}

/** A point `km` kilometres east (negative: west) of `from`, along its parallel. */
export function east(from: { lat: number; lng: number }, km: number): { lat: number; lng: number } {
  return { lat: from.lat, lng: from.lng + km / (111.19508 * Math.cos((from.lat * Math.PI) / 180)) };
}

/** A point `km` kilometres north (negative: south) of `from`. */
export function north(from: { lat: number; lng: number }, km: number): { lat: number; lng: number } {
  return { lat: from.lat + km / 111.19508, lng: from.lng };
}
