import { describe, expect, it } from 'vitest';
import { fareIdr, PLATFORM_TARIFFS, roadDistanceKm, type Tariff } from '#kernel/fares';
import { haversineKm } from '#dispatch/domain/geo-cells';
import type { TaxiCompany } from '#dispatch/domain/taxi-company';
import type { TaxiFleet } from '#kernel/taxi-fleet';
import { ConcurrentUpdateError } from '#platform/errors';
import type { Caller } from '#platform/http/caller';
import { outboxItem, type OutboxItem, type OutboxMessage } from '#platform/outbox';
import type { Page } from '#platform/pagination';
import { settlementShareAdded, settlementTallies } from '#ordering/domain/settlement';
import { assertRideTransition, followedRideView, RIDE_STATUSES, rideView, type Ride, type RideStatus } from '#ordering/domain/ride';
import { bookRide, cancelRide, followRide, quoteRide, settlementCsv, taxiCompanyReport, type CompletedRide, type RidePorts, type RideStore } from '#ordering/application/ride-use-cases';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const citizen: Caller = { sub: 'warga-1', roles: new Set(['citizen']) };
const TOWN = { lat: -8.2191, lng: 114.3691 };
const KETAPANG = { lat: -8.1402, lng: 114.3951 };
const company = (over: Partial<TaxiCompany> = {}): TaxiCompany => ({
  companyId: 'cmp_osing',
  name: 'Osing Taksi',
  licenseNo: '551/1',
  operators: ['op-osing'],
  tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 },
  createdAt: '2026-11-01T08:00:00.000+07:00',
  createdBy: 'admin',
  ...over,
});

class MemoryRides implements RideStore {
  readonly rides = new Map<string, Ride>();
  readonly outbox: OutboxItem[] = [];
  async createRide(ride: Ride, messages: readonly OutboxMessage[]) {
    this.rides.set(ride.rideId, ride);
    const items = messages.map((m) => outboxItem(m, NOW));
    this.outbox.push(...items);
    return items;
  }
  async getRide(id: string) {
    return this.rides.get(id);
  }
  async listRidesOfCitizen(q: { citizenSub: string; limit: number }): Promise<Page<Ride>> {
    return { items: [...this.rides.values()].filter((r) => r.citizenSub === q.citizenSub).slice(0, q.limit), nextCursor: null };
  }
  async saveRideTransition(next: Ride, expected: { status: RideStatus; version: number }, messages: readonly OutboxMessage[]) {
    const current = this.rides.get(next.rideId);
    if (!current || current.status !== expected.status || current.version !== expected.version) throw new ConcurrentUpdateError('The ride');
    return this.createRide(next, messages);
  }
  completed: CompletedRide[] = [];
  async completedRidesOfCompany(_companyId: string, fromIso: string, toIso: string) {
    return this.completed.filter((r) => r.completedAt >= fromIso && r.completedAt < toIso);
  }
  async settlementTallies(companyId: string, fromDay: string, toDay: string) {
    return settlementTallies(companyId, this.completed).filter((tally) => tally.day >= fromDay && tally.day <= toDay);
  }
}

function ports(nearest: TaxiCompany | null = company()): RidePorts & { rides: MemoryRides } {
  let n = 0;
  const taxis: TaxiFleet = {
    nearestAvailableTaxiCompanyId: async () => nearest?.companyId,
    company: async (id) => (nearest?.companyId === id ? nearest : undefined),
  };
  return {
    rides: new MemoryRides(),
    relay: { publish: async () => undefined },
    taxis,
    platformTariffs: PLATFORM_TARIFFS,
    clock: { now: () => NOW },
    ids: { next: (prefix) => `${prefix}_${++n}` },
  };
}

describe('fare rules', () => {
  const tariff: Tariff = { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 };
  it('charges flag fall plus per km, rounded up to the whole rupiah', () => {
    expect(fareIdr(tariff, 10.3)).toBe(Math.ceil(7_500 + 4_150 * 10.3)); // 50,245
    expect(fareIdr({ flagFallIdr: 1, perKmIdr: 333, minimumFareIdr: 1 }, 0.1)).toBe(35); // 1 + 33.3 → 35
    expect(Number.isInteger(fareIdr(tariff, 7.7))).toBe(true);
  });
  it('never charges less than the minimum fare', () => {
    expect(fareIdr(tariff, 0.1)).toBe(20_000);
    expect(fareIdr(tariff, 3)).toBe(20_000); // 7,500 + 12,450 = 19,950
    expect(fareIdr(tariff, 3.1)).toBe(Math.ceil(7_500 + 4_150 * 3.1));
  });
  it('measures distance as great-circle × 1.3, rounded up to 0.1 km', () => {
    const km = roadDistanceKm(TOWN, KETAPANG);
    expect(Math.round(km * 10)).toBeCloseTo(km * 10, 9);
    const straight = haversineKm(TOWN, KETAPANG);
    expect(km).toBeGreaterThanOrEqual(straight * 1.3);
    expect(km).toBeLessThan(straight * 1.3 + 0.1);
  });
});

describe('quoting and booking', () => {
  it('prices TAXI at the nearest available taxi’s company tariff, MOTORBIKE and CAR at the platform’s', async () => {
    const p = ports();
    const km = roadDistanceKm(TOWN, KETAPANG);
    expect(await quoteRide(p, citizen, { pickup: TOWN, dropoff: KETAPANG, vehicleType: 'TAXI' })).toMatchObject({
      fareIdr: fareIdr(company().tariff, km),
      distanceKm: km,
      companyId: 'cmp_osing',
      companyName: 'Osing Taksi',
    });
    expect((await quoteRide(p, citizen, { pickup: TOWN, dropoff: KETAPANG, vehicleType: 'MOTORBIKE' })).fareIdr).toBe(fareIdr(PLATFORM_TARIFFS.MOTORBIKE, km));
    expect((await quoteRide(p, citizen, { pickup: TOWN, dropoff: KETAPANG, vehicleType: 'CAR' })).fareIdr).toBe(fareIdr(PLATFORM_TARIFFS.CAR, km));
  });

  it('refuses: no taxi available (422), outside the service area (422), same place (422), non-citizens (403)', async () => {
    await expect(quoteRide(ports(null), citizen, { pickup: TOWN, dropoff: KETAPANG, vehicleType: 'TAXI' })).rejects.toMatchObject({ status: 422, code: 'NO_VEHICLE_AVAILABLE' });
    await expect(quoteRide(ports(), citizen, { pickup: TOWN, dropoff: { lat: -7.25, lng: 112.75 }, vehicleType: 'CAR' })).rejects.toMatchObject({ code: 'OUTSIDE_SERVICE_AREA' });
    await expect(quoteRide(ports(), citizen, { pickup: TOWN, dropoff: TOWN, vehicleType: 'CAR' })).rejects.toMatchObject({ code: 'SAME_PICKUP_AND_DROPOFF' });
    await expect(quoteRide(ports(), { sub: 'x', roles: new Set(['taxi_operator']) }, { pickup: TOWN, dropoff: KETAPANG, vehicleType: 'CAR' })).rejects.toMatchObject({ status: 403 });
  });

  const place = (location: { lat: number; lng: number }) => ({ location, address: { street: 'Jl. A', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } });

  it('books SEARCHING at the quoted fare with a JOB_READY for the priced company’s taxis only, without a delivery code', async () => {
    const p = ports();
    const ride = await bookRide(p, citizen, { pickup: place(TOWN), dropoff: place(KETAPANG), vehicleType: 'TAXI' });
    expect(ride).toMatchObject({ status: 'SEARCHING', citizenSub: 'warga-1', companyId: 'cmp_osing', fareIdr: fareIdr(company().tariff, roadDistanceKm(TOWN, KETAPANG)) });
    const body = JSON.parse(p.rides.outbox[0]!.body);
    expect(body).toMatchObject({
      type: 'JOB_READY',
      kind: 'RIDE',
      jobId: `job_${ride.rideId}`,
      fareIdr: ride.fareIdr,
      requirements: { vehicleTypes: ['TAXI'], fleet: 'PARTNER_TAXI', companyId: 'cmp_osing', medicineTrained: false },
    });
    expect(body.deliveryCodeHash).toBeUndefined();
    const ojek = await bookRide(p, citizen, { pickup: place(TOWN), dropoff: place(KETAPANG), vehicleType: 'MOTORBIKE' });
    expect(JSON.parse(p.rides.outbox[1]!.body).requirements).toEqual({ vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false });
    expect(ojek.companyId).toBeUndefined();
  });

  it('asks dispatch to cancel only the citizen’s own ride, before the trip, with a JOB_CANCELLED; the ride waits for the answer', async () => {
    const p = ports();
    const ride = await bookRide(p, citizen, { pickup: place(TOWN), dropoff: place(KETAPANG), vehicleType: 'CAR' });
    await expect(cancelRide(p, { sub: 'warga-2', roles: new Set(['citizen']) }, ride.rideId, undefined)).rejects.toMatchObject({ status: 404 });
    const requested = await cancelRide(p, citizen, ride.rideId, 'salah tujuan');
    expect(requested).toMatchObject({ status: 'SEARCHING', cancellation: { reason: 'salah tujuan', by: 'citizen' } });
    expect(JSON.parse(p.rides.outbox.at(-1)!.body)).toMatchObject({ type: 'JOB_CANCELLED', kind: 'RIDE', jobId: `job_${ride.rideId}` });
    // Asking again while the request is pending sends nothing more.
    const outboxSize = p.rides.outbox.length;
    await expect(cancelRide(p, citizen, ride.rideId, undefined)).resolves.toMatchObject({ cancellation: { reason: 'salah tujuan' } });
    expect(p.rides.outbox).toHaveLength(outboxSize);
  });
});

describe('the ride lifecycle table', () => {
  it('allows exactly the designed steps', () => {
    const allowed: string[] = [];
    for (const from of RIDE_STATUSES)
      for (const to of RIDE_STATUSES)
        for (const actor of ['citizen', 'dispatch'] as const) {
          try {
            assertRideTransition(from, to, actor);
            allowed.push(`${from}>${to}:${actor}`);
          } catch {
            // refused
          }
        }
    expect(allowed.sort()).toEqual(
      [
        'SEARCHING>DRIVER_ASSIGNED:dispatch',
        'SEARCHING>NO_DRIVER_FOUND:dispatch',
        'SEARCHING>CANCELLED:dispatch',
        'DRIVER_ASSIGNED>ON_TRIP:dispatch',
        'DRIVER_ASSIGNED>SEARCHING:dispatch',
        'DRIVER_ASSIGNED>CANCELLED:dispatch',
        'ON_TRIP>COMPLETED:dispatch',
        'ON_TRIP>FAILED:dispatch',
      ].sort(),
    );
  });
});

describe('the settlement report', () => {
  const operator: Caller = { sub: 'op-osing', roles: new Set(['taxi_operator']) };
  const rides: CompletedRide[] = [
    { rideId: 'rd_1', completedAt: '2026-11-27T23:59:59.999+07:00', distanceKm: 0.1, fareIdr: 20_000 },
    { rideId: 'rd_2', completedAt: '2026-11-28T00:00:00.000+07:00', distanceKm: 0.2, fareIdr: 20_000 },
    { rideId: 'rd_3', completedAt: '2026-11-28T18:30:00.000+07:00', distanceKm: 10.3, fareIdr: 50_245 },
    { rideId: 'rd_4', completedAt: '2026-11-30T00:00:00.000+07:00', distanceKm: 1, fareIdr: 20_000 },
  ];

  it('sums rides, distance and revenue per WIB day exactly, days without rides included', async () => {
    const p = ports();
    p.rides.completed = rides;
    const report = await taxiCompanyReport(p, operator, { companyId: 'cmp_osing', from: '2026-11-28', to: '2026-11-29' });
    expect(report.days).toEqual([
      { day: '2026-11-28', rides: 2, distanceKm: 10.5, revenueIdr: 70_245 },
      { day: '2026-11-29', rides: 0, distanceKm: 0, revenueIdr: 0 },
    ]);
    expect(report.totals).toEqual({ rides: 2, distanceKm: 10.5, revenueIdr: 70_245 });
    // 0.1 + 0.2 is 0.30000000000000004 in floating point; the report says 0.3.
    const edge = await taxiCompanyReport(p, operator, { companyId: 'cmp_osing', from: '2026-11-27', to: '2026-11-28' });
    expect(edge.days[0]).toEqual({ day: '2026-11-27', rides: 1, distanceKm: 0.1, revenueIdr: 20_000 });
    expect(settlementCsv(report)).toBe(
      'companyId,companyName,day,rides,distanceKm,revenueIdr\r\ncmp_osing,Osing Taksi,2026-11-28,2,10.5,70245\r\ncmp_osing,Osing Taksi,2026-11-29,0,0.0,0\r\ncmp_osing,Osing Taksi,TOTAL,2,10.5,70245\r\n',
    );
  });

  it('is for the company’s operators and admins only, over a valid period', async () => {
    const p = ports();
    await expect(taxiCompanyReport(p, { sub: 'op-other', roles: new Set(['taxi_operator']) }, { companyId: 'cmp_osing', from: '2026-11-28', to: '2026-11-28' })).rejects.toMatchObject({ status: 403 });
    await expect(taxiCompanyReport(p, { sub: 'op-osing', roles: new Set(['citizen']) }, { companyId: 'cmp_osing', from: '2026-11-28', to: '2026-11-28' })).rejects.toMatchObject({ status: 403 });
    expect((await taxiCompanyReport(p, { sub: 'adm', roles: new Set(['admin']) }, { companyId: 'cmp_osing', from: '2026-11-28', to: '2026-11-28' })).days).toHaveLength(1);
    await expect(taxiCompanyReport(p, operator, { companyId: 'cmp_nope', from: '2026-11-28', to: '2026-11-28' })).rejects.toMatchObject({ status: 404 });
    await expect(taxiCompanyReport(p, operator, { companyId: 'cmp_osing', from: '2026-11-28', to: '2026-11-27' })).rejects.toMatchObject({ status: 400 });
    await expect(taxiCompanyReport(p, operator, { companyId: 'cmp_osing', from: '2025-01-01', to: '2026-11-27' })).rejects.toMatchObject({ status: 400 });
  });

  it('writes a company name a spreadsheet would run as a formula as text', () => {
    const csv = settlementCsv({ companyId: 'c', companyName: '=HYPERLINK("x")', from: 'a', to: 'a', currency: 'IDR', days: [], totals: { rides: 0, distanceKm: 0, revenueIdr: 0 } });
    expect(csv.split('\r\n')[1]).toBe(`c,"'=HYPERLINK(""x"")",TOTAL,0,0.0,0`);
  });
});

describe('following one ride', () => {
  const place = (location: { lat: number; lng: number }) => ({ location, address: { street: 'Jl. A', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } });
  const HARTONO = { driverId: 'drv_hartono', firstName: 'Hartono', vehiclePlate: 'P 1101 UA', vehicleType: 'TAXI', companyId: 'cmp_osing', assignedAt: '2026-11-28T18:55:00+07:00' };
  const REPORTED = { location: { lat: -8.21, lng: 114.37 }, at: '2026-11-28T18:58:00+07:00' }; // 2 minutes before NOW

  it('links every view to the citizen’s page of the ride, on the app’s origin when the deployment names it', async () => {
    const ride = await bookRide(ports(), citizen, { pickup: place(TOWN), dropoff: place(KETAPANG), vehicleType: 'CAR' });
    expect(rideView(ride, 'https://app.example').trackingUrl).toBe(`https://app.example/rides/${ride.rideId}`);
    expect(rideView(ride, undefined).trackingUrl).toBe(`/rides/${ride.rideId}`);
  });

  it('shows where the driver is from the assignment until the trip ends, as dispatch reports it for this ride’s job', async () => {
    const p = ports();
    const booked = await bookRide(p, citizen, { pickup: place(TOWN), dropoff: place(KETAPANG), vehicleType: 'TAXI' });
    const asked: string[] = [];
    const follow = {
      rides: p.rides,
      positions: {
        positionOnJob: async (driverId: string, jobId: string) => {
          asked.push(`${driverId} ${jobId}`);
          return REPORTED;
        },
      },
    };
    const seenAt = async (status: RideStatus) => {
      p.rides.rides.set(booked.rideId, { ...booked, status, ...(status !== 'SEARCHING' && { driver: HARTONO }) });
      return followedRideView(await followRide(follow, citizen, booked.rideId), undefined, NOW).driverPosition;
    };
    expect(await seenAt('SEARCHING')).toBeNull();
    expect(asked).toEqual([]);
    expect(await seenAt('DRIVER_ASSIGNED')).toEqual({ lat: -8.21, lng: 114.37, at: REPORTED.at });
    expect(await seenAt('ON_TRIP')).toEqual({ lat: -8.21, lng: 114.37, at: REPORTED.at });
    expect(asked).toEqual([`drv_hartono job_${booked.rideId}`, `drv_hartono job_${booked.rideId}`]);
    expect(await seenAt('COMPLETED')).toBeNull();
    expect(await seenAt('CANCELLED')).toBeNull();
    await expect(followRide(follow, { sub: 'warga-2', roles: new Set(['citizen']) }, booked.rideId)).rejects.toMatchObject({ status: 404 });
    // An admin may follow any ride.
    await expect(followRide(follow, { sub: 'admin-1', roles: new Set(['admin']) }, booked.rideId)).resolves.toMatchObject({ ride: { rideId: booked.rideId } });
  });
});

describe('the settlement tallies', () => {
  const ride = (status: RideStatus, companyId: string | null = 'cmp_osing') =>
    ({ rideId: 'rd_1', status, companyId: companyId ?? undefined, completedAt: '2026-11-28T18:30:00.000+07:00', distanceKm: 10.3, fareIdr: 50_245 }) as Ride;

  it('a ride completed with a partner taxi adds its day once: its rides, whole tenths of a km and fare', () => {
    expect(settlementShareAdded('ON_TRIP', ride('COMPLETED'))).toEqual({ companyId: 'cmp_osing', day: '2026-11-28', rides: 1, tenths: 103, revenueIdr: 50_245 });
    // Written again as COMPLETED (a later write of a completed ride): already counted.
    expect(settlementShareAdded('COMPLETED', ride('COMPLETED'))).toBeUndefined();
    expect(settlementShareAdded('ON_TRIP', ride('FAILED'))).toBeUndefined();
    // A Go-Jek car ride belongs to no company's settlement.
    expect(settlementShareAdded('ON_TRIP', ride('COMPLETED', null))).toBeUndefined();
  });
});
