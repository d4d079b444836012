import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import type { Role } from '#platform/roles';
import type { Location } from '#platform/service-area';
import { DriverExistsError, DriverNotRegisteredError, PlateTakenError, registerDriverSchema, type Driver } from '#dispatch/domain/driver';
import { getOwnDriver, registerDriver, reportLocation, setOwnAvailability, type DriverPorts, type DriverStore } from '#dispatch/application/driver-use-cases';

/** The driver registry in memory, with the same uniqueness rules as the DynamoDB guards. */
class InMemoryDriverStore implements DriverStore {
  readonly drivers = new Map<string, Driver>();
  lookups = 0;

  async createDriver(driver: Driver): Promise<void> {
    const all = [...this.drivers.values()];
    if (all.some((d) => d.sub === driver.sub)) throw new DriverExistsError();
    if (all.some((d) => d.vehicle.plate === driver.vehicle.plate)) throw new PlateTakenError();
    this.drivers.set(driver.driverId, driver);
  }
  async getDriver(driverId: string) {
    return this.drivers.get(driverId);
  }
  async findDriverIdBySub(sub: string) {
    this.lookups++;
    return [...this.drivers.values()].find((d) => d.sub === sub)?.driverId;
  }
  async findDriverBySub(sub: string) {
    return [...this.drivers.values()].find((d) => d.sub === sub);
  }
  async updateLocation(driverId: string, report: { location: Location; cell: string; lastSeenAt: string }) {
    return this.patch(driverId, report);
  }
  async setAvailability(driverId: string, available: boolean) {
    return this.patch(driverId, { available });
  }
  async listDriversOfCompany(query: { companyId: string; limit: number }) {
    return { items: [...this.drivers.values()].filter((d) => d.fleet.companyId === query.companyId).slice(0, query.limit), nextCursor: null };
  }
  private patch(driverId: string, change: Partial<Driver>): Driver {
    const driver = this.drivers.get(driverId);
    if (!driver) throw new DriverNotRegisteredError();
    const next = { ...driver, ...change };
    this.drivers.set(driverId, next);
    return next;
  }
}

const NOW = new Date('2026-11-28T03:00:00Z');

function setup() {
  const store = new InMemoryDriverStore();
  let counter = 0;
  const ports: DriverPorts = {
    store,
    companies: { operatorsOf: async (id) => (id === 'cmp_blambangan_taxi' ? ['op-blambangan'] : undefined) },
    clock: { now: () => NOW },
    ids: { next: (prefix) => `${prefix}_${String(++counter).padStart(4, '0')}` },
  };
  return { store, ports };
}

const caller = (sub: string, ...roles: Role[]): Caller => ({ sub, roles: new Set(roles) });
const admin = caller('admin-pemkab', 'admin');
const body = (sub: string, plate: string, overrides: Record<string, unknown> = {}) =>
  registerDriverSchema.parse({
    sub,
    name: 'Budi Santoso',
    phone: '081234567890',
    vehicle: { type: 'MOTORBIKE', plate },
    fleet: { kind: 'GOJEK' },
    medicineTrained: false,
    ...overrides,
  });
/** Alun-alun Blambangan, Banyuwangi town. */
const TOWN: Location = { lat: -8.2191, lng: 114.3691 };

describe('registering drivers', () => {
  it('registers an unavailable, unlocated driver with a drv_ id, WIB timestamp and registrar', async () => {
    const { ports } = setup();
    const driver = await registerDriver(ports, admin, body('driver-budi', 'P 1234 AB'));
    expect(driver).toEqual({
      driverId: 'drv_0001',
      sub: 'driver-budi',
      name: 'Budi Santoso',
      phone: '+6281234567890',
      vehicle: { type: 'MOTORBIKE', plate: 'P 1234 AB' },
      fleet: { kind: 'GOJEK' },
      medicineTrained: false,
      available: false,
      createdAt: '2026-11-28T10:00:00.000+07:00',
      createdBy: 'admin-pemkab',
    });
  });

  it('lets a taxi operator register its own partner taxi, and refuses a second driver for the same subject or plate', async () => {
    const { ports } = setup();
    const operator = caller('op-blambangan', 'taxi_operator');
    const taxi = await registerDriver(
      ports,
      operator,
      body('driver-taxi', 'p 9 tx', { vehicle: { type: 'TAXI', plate: 'p 9 tx' }, fleet: { kind: 'PARTNER_TAXI', companyId: 'cmp_blambangan_taxi' } }),
    );
    expect(taxi.fleet).toEqual({ kind: 'PARTNER_TAXI', companyId: 'cmp_blambangan_taxi' });
    await expect(registerDriver(ports, admin, body('driver-taxi', 'P 2 AB'))).rejects.toMatchObject({ status: 409, code: 'DRIVER_EXISTS' });
    await expect(registerDriver(ports, admin, body('driver-other', 'P9TX', { vehicle: { type: 'CAR', plate: 'P9TX' } }))).rejects.toMatchObject({
      status: 409,
      code: 'PLATE_TAKEN',
    });
  });
});

describe("a driver's own record", () => {
  it('answers 404 DRIVER_NOT_REGISTERED to a driver token whose subject has no driver', async () => {
    const { ports } = setup();
    const stranger = caller('driver-nobody', 'driver');
    await expect(getOwnDriver(ports, stranger)).rejects.toMatchObject({ status: 404, code: 'DRIVER_NOT_REGISTERED' });
    await expect(reportLocation(ports, stranger, TOWN)).rejects.toMatchObject({ status: 404, code: 'DRIVER_NOT_REGISTERED' });
    await expect(setOwnAvailability(ports, stranger, true)).rejects.toMatchObject({ status: 404, code: 'DRIVER_NOT_REGISTERED' });
  });

  it('is for the driver role only: an admin has no "me" driver', async () => {
    const { ports } = setup();
    await expect(getOwnDriver(ports, admin)).rejects.toMatchObject({ status: 403 });
  });

  it('records a position with its cell and the server clock in WIB', async () => {
    const { ports } = setup();
    await registerDriver(ports, admin, body('driver-budi', 'P 1234 AB'));
    const me = caller('driver-budi', 'driver');
    const moved = await reportLocation(ports, me, TOWN);
    expect(moved).toMatchObject({ location: TOWN, cell: 'g10:-83:1143', lastSeenAt: '2026-11-28T10:00:00.000+07:00' });
    expect(await getOwnDriver(ports, me)).toEqual(moved);
  });

  it('refuses a position outside the regency with 422 OUTSIDE_SERVICE_AREA before looking the driver up', async () => {
    const { ports, store } = setup();
    await registerDriver(ports, admin, body('driver-budi', 'P 1234 AB'));
    const jember = { lat: -8.17, lng: 113.7 };
    await expect(reportLocation(ports, caller('driver-budi', 'driver'), jember)).rejects.toMatchObject({ status: 422, code: 'OUTSIDE_SERVICE_AREA' });
    expect(store.lookups).toBe(0);
    expect([...store.drivers.values()][0]).not.toHaveProperty('location');
  });

  it('switches availability on and off, also while the driver holds a job', async () => {
    const { ports, store } = setup();
    const { driverId } = await registerDriver(ports, admin, body('driver-budi', 'P 1234 AB'));
    const me = caller('driver-budi', 'driver');
    expect((await setOwnAvailability(ports, me, true)).available).toBe(true);
    store.drivers.set(driverId, { ...store.drivers.get(driverId)!, currentJobId: 'job_1' });
    const off = await setOwnAvailability(ports, me, false);
    expect(off).toMatchObject({ available: false, currentJobId: 'job_1' });
  });
});
