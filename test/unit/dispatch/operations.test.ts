import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import type { Role } from '#platform/roles';
import { ForbiddenError } from '#platform/errors';
import type { Driver } from '#dispatch/domain/driver';
import { driverStateOf, roughPoint } from '#dispatch/domain/driver-state';
import type { DispatchJob } from '#dispatch/domain/dispatch-job';
import { listDriversOnMap, listJobsOnMap, readDayFigures } from '#dispatch/application/operations';
import { dayFigures, dayTallies, type DayJob } from '#dispatch/domain/day-figures';
import { ValidationError } from '#platform/errors';
import type { DispatchOperationsPorts } from '#dispatch/ports/operations-ports';

const NOW = new Date('2026-12-01T02:00:00.000Z');
const secondsAgo = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
const caller = (...roles: Role[]): Caller => ({ sub: 'someone', roles: new Set(roles) }) as Caller;

function driver(overrides: Partial<Driver> = {}): Driver {
  return {
    driverId: 'drv_A',
    sub: 'driver-a',
    name: 'Bagus Prasetyo Wibowo',
    phone: '+6281299900001',
    vehicle: { type: 'MOTORBIKE', plate: 'P 4821 AB' },
    fleet: { kind: 'GOJEK' },
    medicineTrained: true,
    available: true,
    location: { lat: -8.2151, lng: 114.3641 },
    cell: 'x',
    lastSeenAt: secondsAgo(10),
    createdAt: secondsAgo(9999),
    createdBy: 'admin',
    ...overrides,
  };
}

describe('a driver’s state on the operations map', () => {
  const state = (d: Partial<Driver>) => driverStateOf(driver(d), NOW.getTime(), 300);

  it('is AVAILABLE when switched on and seen within the limit (the limit itself included, as dispatch counts it)', () => {
    expect(state({})).toBe('AVAILABLE');
    expect(state({ lastSeenAt: secondsAgo(300) })).toBe('AVAILABLE');
  });
  it('is STALE when switched on but silent for longer than the limit, or never located', () => {
    expect(state({ lastSeenAt: secondsAgo(301) })).toBe('STALE');
    const { location: _l, lastSeenAt: _s, ...neverLocated } = driver();
    expect(driverStateOf(neverLocated, NOW.getTime(), 300)).toBe('STALE');
  });
  it('is OFFLINE when switched off and holding nothing, however fresh its position', () => {
    expect(state({ available: false })).toBe('OFFLINE');
  });
  it('is BUSY while holding an offer or a job, even switched off or silent', () => {
    expect(state({ currentOfferId: 'ofr_1' })).toBe('BUSY');
    expect(state({ currentJobId: 'job_1', available: false, lastSeenAt: secondsAgo(3600) })).toBe('BUSY');
  });
});

describe('listing the drivers for the map', () => {
  const drivers = [
    driver({ driverId: 'drv_1' }),
    driver({ driverId: 'drv_2', available: false, vehicle: { type: 'TAXI', plate: 'P 1101 UA' }, fleet: { kind: 'PARTNER_TAXI', companyId: 'cmp_osing' } }),
    driver({ driverId: 'drv_3', currentJobId: 'job_9' }),
  ];
  const ports: DispatchOperationsPorts = {
    roster: { listAllDrivers: async ({ limit }) => ({ items: drivers.slice(0, limit), nextCursor: limit < drivers.length ? 'more' : null }) },
    openJobs: { listOpenJobs: async () => ({ items: [], nextCursor: null }) },
    decisions: { getJob: async () => undefined, auditOf: async () => [] },
    jobsByDay: { dayTallies: async () => [], jobsReadyOn: async () => ({ items: [], nextCursor: null }) },
    clock: { now: () => NOW },
    staleSeconds: 300,
  };

  it('shows first names, vehicles, fleets and states, never the phone or the surname', async () => {
    const page = await listDriversOnMap(ports, caller('admin'), { limit: 20 });
    expect(page.items.map((d) => [d.driverId, d.firstName, d.state])).toEqual([
      ['drv_1', 'Bagus', 'AVAILABLE'],
      ['drv_2', 'Bagus', 'OFFLINE'],
      ['drv_3', 'Bagus', 'BUSY'],
    ]);
    expect(page.items[1]).toMatchObject({ vehicle: { type: 'TAXI', plate: 'P 1101 UA' }, fleet: { kind: 'PARTNER_TAXI', companyId: 'cmp_osing' } });
    expect(JSON.stringify(page)).not.toMatch(/Prasetyo|\+628/);
  });

  it('keeps only the asked state, and still hands on the cursor of the page it read', async () => {
    const page = await listDriversOnMap(ports, caller('admin'), { limit: 2, state: 'BUSY' });
    expect(page).toEqual({ items: [], nextCursor: 'more' });
  });

  it('is for admins only', async () => {
    await expect(listDriversOnMap(ports, caller('pharmacy'), { limit: 20 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('listing the open jobs for the map', () => {
  const job = {
    jobId: 'job_mo_1',
    kind: 'MEDICINE',
    orderId: 'mo_1',
    status: 'ASSIGNED',
    readyAt: '2026-12-01T08:30:00.000+07:00',
    pickup: { location: { lat: -8.208396, lng: 114.366168 }, kecamatan: 'Banyuwangi' },
    dropoff: { location: { lat: -8.204512, lng: 114.371234 }, kecamatan: 'Banyuwangi' },
    driver: { driverId: 'drv_1', firstName: 'Ayu', vehiclePlate: 'P 1 A', vehicleType: 'MOTORBIKE' },
    timeline: [
      { status: 'WAITING', at: '2026-12-01T08:30:01.000+07:00' },
      { status: 'ASSIGNED', at: '2026-12-01T08:31:00.000+07:00' },
    ],
    updatedAt: '2026-12-01T08:31:00.000+07:00',
  } as unknown as DispatchJob;
  const ports: DispatchOperationsPorts = {
    roster: { listAllDrivers: async () => ({ items: [], nextCursor: null }) },
    openJobs: { listOpenJobs: async () => ({ items: [job], nextCursor: 'next' }) },
    decisions: { getJob: async () => undefined, auditOf: async () => [] },
    jobsByDay: { dayTallies: async () => [], jobsReadyOn: async () => ({ items: [], nextCursor: null }) },
    clock: { now: () => NOW },
    staleSeconds: 300,
  };

  it('shows where a job starts, only the area where it ends, since when it is in its status and who has it', async () => {
    expect(await listJobsOnMap(ports, caller('admin'), { limit: 20 })).toEqual({
      items: [
        {
          jobId: 'job_mo_1',
          kind: 'MEDICINE',
          orderId: 'mo_1',
          status: 'ASSIGNED',
          readyAt: '2026-12-01T08:30:00.000+07:00',
          since: '2026-12-01T08:31:00.000+07:00',
          pickup: { location: { lat: -8.208396, lng: 114.366168 }, kecamatan: 'Banyuwangi' },
          dropoff: { area: { lat: -8.2, lng: 114.37 }, kecamatan: 'Banyuwangi' },
          driverId: 'drv_1',
        },
      ],
      nextCursor: 'next',
    });
  });

  it('rounds a drop-off to 0.01°, about a kilometre', () => {
    expect(roughPoint({ lat: -8.215099, lng: 114.364901 })).toEqual({ lat: -8.22, lng: 114.36 });
  });

  it('is for admins only', async () => {
    await expect(listJobsOnMap(ports, caller('driver'), { limit: 20 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('reading a day’s figures', () => {
  // NOW is 09:00 WIB on 1 December 2026.
  const delivered = (kind: DayJob['kind'], n: number): DayJob => ({
    kind,
    status: 'DELIVERED',
    readyAt: '2026-12-01T08:00:00.000+07:00',
    timeline: [
      { status: 'WAITING', at: '2026-12-01T08:00:00.000+07:00' },
      { status: 'ASSIGNED', at: `2026-12-01T08:0${n}:00.000+07:00` },
      { status: 'DELIVERED', at: '2026-12-01T08:50:00.000+07:00' },
    ],
  });
  const days: string[] = [];
  // The stored tallies: MEDICINE in two shards (one job each), RIDE in one.
  const shards = dayTallies([delivered('MEDICINE', 1), delivered('RIDE', 2)]).flatMap((tally) =>
    tally.kind === 'MEDICINE' ? [tally, dayTallies([delivered('MEDICINE', 3)])[0]!] : [tally],
  );
  const ports: DispatchOperationsPorts = {
    roster: { listAllDrivers: async () => ({ items: [], nextCursor: null }) },
    openJobs: { listOpenJobs: async () => ({ items: [], nextCursor: null }) },
    decisions: { getJob: async () => undefined, auditOf: async () => [] },
    jobsByDay: {
      dayTallies: async (day) => {
        days.push(day);
        return shards;
      },
      jobsReadyOn: async () => {
        throw new Error('the figures must not read the jobs');
      },
    },
    clock: { now: () => NOW },
    staleSeconds: 300,
  };

  it('sums the day’s stored tallies, every shard of a kind, without reading a job; today in WIB by default', async () => {
    days.length = 0;
    const figures = await readDayFigures(ports, caller('admin'), {});
    expect(days).toEqual(['2026-12-01']);
    expect(figures).toMatchObject({ day: '2026-12-01', timeZone: 'Asia/Jakarta', asOf: '2026-12-01T09:00:00.000+07:00' });
    expect(figures.totals).toMatchObject({ orders: 3, delivered: 3, readyToAssigned: { count: 3, medianSeconds: 120, p90Seconds: 180 } });
    expect(figures.byKind.map((k) => [k.kind, k.orders])).toEqual([['MEDICINE', 2], ['FOOD', 0], ['RIDE', 1]]);
    expect(figures).toEqual(dayFigures('2026-12-01', '2026-12-01T09:00:00.000+07:00', [delivered('MEDICINE', 1), delivered('RIDE', 2), delivered('MEDICINE', 3)]));
  });

  it('reads the day asked for, up to 400 days back; a day to come or further back is 400 INVALID_PERIOD', async () => {
    days.length = 0;
    expect((await readDayFigures(ports, caller('admin'), { day: '2025-10-27' })).day).toBe('2025-10-27');
    expect(days[0]).toBe('2025-10-27');
    for (const day of ['2026-12-02', '2025-10-26']) {
      const refused = await readDayFigures(ports, caller('admin'), { day }).catch((error: unknown) => error);
      expect(refused, day).toBeInstanceOf(ValidationError);
      expect(refused).toMatchObject({ code: 'INVALID_PERIOD', details: [{ path: 'day' }] });
    }
  });

  it('is for admins only', async () => {
    await expect(readDayFigures(ports, caller('pharmacy'), {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});
