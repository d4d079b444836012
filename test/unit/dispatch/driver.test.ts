import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import type { Role } from '#platform/roles';
import {
  assertFleetConsistent,
  assertMayRegister,
  cellKeyOf,
  driverView,
  normalizePlate,
  registerDriverSchema,
  toDriverSnapshot,
  type Driver,
  type RegisterDriver,
  type TaxiCompanies,
} from '#dispatch/domain/driver';
import { STORAGE_GRID } from '#dispatch/domain/geo-cells';

function driverBody(overrides: Record<string, unknown> = {}) {
  return {
    sub: 'driver-budi',
    name: 'Budi Santoso',
    phone: '0812-3456-7890',
    vehicle: { type: 'MOTORBIKE', plate: 'p 1234 ab' },
    fleet: { kind: 'GOJEK' },
    medicineTrained: true,
    ...overrides,
  };
}

const taxiBody = (companyId = 'cmp_blambangan_taxi') =>
  driverBody({ sub: 'driver-taxi', vehicle: { type: 'TAXI', plate: 'P 1001 TX' }, fleet: { kind: 'PARTNER_TAXI', companyId } });

const caller = (sub: string, ...roles: Role[]): Caller => ({ sub, roles: new Set(roles) });
const parse = (body: unknown): RegisterDriver => registerDriverSchema.parse(body);

const companies = (operatorsById: Record<string, string[]>): TaxiCompanies => ({
  operatorsOf: async (companyId) => operatorsById[companyId],
});

describe('plates', () => {
  it.each([
    ['P 1234 AB', 'P 1234 AB'],
    ['p1234ab', 'P 1234 AB'],
    ['  P   1234   ab ', 'P 1234 AB'],
    ['P-1234-AB', 'P 1234 AB'],
    ['DK 1 A', 'DK 1 A'],
    ['B 1234', 'B 1234'],
    ['L 12 XYZ', 'L 12 XYZ'],
  ])('normalises %j to %j', (raw, plate) => {
    expect(normalizePlate(raw)).toBe(plate);
  });

  it.each(['', '1234', 'P', 'PPP 1 A', 'P 12345 AB', 'P 1234 ABCD', 'P 12A4', 'P 1234 ÄB'])('refuses %j', (raw) => {
    expect(normalizePlate(raw)).toBeUndefined();
  });
});

describe('registration body', () => {
  it('normalises the phone to +62 and the plate to its canonical spelling', () => {
    const input = parse(driverBody({ phone: '628123456789' }));
    expect(input.phone).toBe('+628123456789');
    expect(input.vehicle.plate).toBe('P 1234 AB');
    expect(parse(driverBody({ phone: '0812 3456 7890' })).phone).toBe('+6281234567890');
  });

  it('refuses unknown fields, bad phones, plates, vehicle types and fleets with the paths that are wrong', () => {
    const result = registerDriverSchema.safeParse(
      driverBody({ rating: 5, phone: '12345', vehicle: { type: 'BAJAJ', plate: '???' }, fleet: { kind: 'GRAB' } }),
    );
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['phone', 'vehicle.type', 'vehicle.plate', 'fleet.kind', '']));
  });

  it('needs medicineTrained said out loud', () => {
    const { medicineTrained: _omitted, ...body } = driverBody();
    expect(registerDriverSchema.safeParse(body).success).toBe(false);
  });
});

describe('fleet consistency', () => {
  const refusal = (body: unknown) => {
    try {
      assertFleetConsistent(parse(body));
      return undefined;
    } catch (error) {
      return { status: (error as { status: number }).status, code: (error as { code: string }).code };
    }
  };

  it('accepts Go-Jek motorbikes and cars without a company, and partner taxis with one', () => {
    expect(refusal(driverBody())).toBeUndefined();
    expect(refusal(driverBody({ vehicle: { type: 'CAR', plate: 'P 77 GO' } }))).toBeUndefined();
    expect(refusal(taxiBody())).toBeUndefined();
  });

  it('refuses a taxi outside the partner fleet and a motorbike or car inside it (422 VEHICLE_NOT_IN_FLEET)', () => {
    expect(refusal(driverBody({ vehicle: { type: 'TAXI', plate: 'P 1 T' } }))).toEqual({ status: 422, code: 'VEHICLE_NOT_IN_FLEET' });
    expect(refusal(driverBody({ fleet: { kind: 'PARTNER_TAXI', companyId: 'cmp_1' } }))).toEqual({ status: 422, code: 'VEHICLE_NOT_IN_FLEET' });
  });

  it('refuses a partner taxi without its company, and a Go-Jek driver with one', () => {
    expect(refusal(driverBody({ vehicle: { type: 'TAXI', plate: 'P 1 T' }, fleet: { kind: 'PARTNER_TAXI' } }))).toEqual({ status: 422, code: 'COMPANY_REQUIRED' });
    expect(refusal(driverBody({ fleet: { kind: 'GOJEK', companyId: 'cmp_1' } }))).toEqual({ status: 422, code: 'COMPANY_NOT_ALLOWED' });
  });
});

describe('who may register a driver', () => {
  const ports = companies({ cmp_blambangan_taxi: ['op-blambangan'], cmp_other: ['op-other'] });
  const outcome = (who: Caller, body: unknown) =>
    assertMayRegister(who, parse(body), ports).then(
      () => 'allowed',
      (error: { status: number; code: string }) => `${error.status} ${error.code}`,
    );

  it('an admin registers Go-Jek drivers and partner taxis of existing companies', async () => {
    const admin = caller('admin-pemkab', 'admin');
    expect(await outcome(admin, driverBody())).toBe('allowed');
    expect(await outcome(admin, taxiBody())).toBe('allowed');
    expect(await outcome(admin, taxiBody('cmp_nowhere'))).toBe('422 UNKNOWN_COMPANY');
  });

  it('a taxi operator registers partner taxis of its own company only', async () => {
    const operator = caller('op-blambangan', 'taxi_operator');
    expect(await outcome(operator, taxiBody())).toBe('allowed');
    expect(await outcome(operator, taxiBody('cmp_other'))).toBe('403 FORBIDDEN');
    expect(await outcome(operator, taxiBody('cmp_nowhere'))).toBe('422 UNKNOWN_COMPANY');
    expect(await outcome(operator, driverBody())).toBe('403 FORBIDDEN');
  });

  it('nobody else registers drivers', async () => {
    for (const role of ['citizen', 'driver', 'pharmacy', 'merchant'] as const) {
      expect(await outcome(caller('someone', role), driverBody())).toBe('403 FORBIDDEN');
    }
  });
});

describe('snapshot for matching', () => {
  const driver: Driver = {
    driverId: 'drv_1',
    sub: 'driver-budi',
    name: 'Budi Santoso',
    phone: '+6281234567890',
    vehicle: { type: 'MOTORBIKE', plate: 'P 1234 AB' },
    fleet: { kind: 'GOJEK' },
    medicineTrained: true,
    available: true,
    location: { lat: -8.2191, lng: 114.3691 },
    cell: cellKeyOf({ lat: -8.2191, lng: 114.3691 }),
    lastSeenAt: '2026-11-28T10:00:00.000+07:00',
    createdAt: '2026-11-28T09:00:00.000+07:00',
    createdBy: 'admin-pemkab',
  };

  it('files a position under its storage block of the geo index', () => {
    expect(driver.cell).toBe(STORAGE_GRID.key(STORAGE_GRID.cellOf(driver.location!)));
    expect(driver.cell).toBe('g10:-83:1143');
  });

  it('carries what eligibility looks at and nothing personal', () => {
    expect(toDriverSnapshot(driver)).toEqual({
      driverId: 'drv_1',
      vehicle: { type: 'MOTORBIKE' },
      fleet: { kind: 'GOJEK' },
      medicineTrained: true,
      location: { lat: -8.2191, lng: 114.3691 },
      lastSeenAtMs: Date.parse('2026-11-28T03:00:00.000Z'),
      available: true,
    });
  });

  it('marks a driver holding an offer or a job as busy, and has none for a driver never located', () => {
    expect(toDriverSnapshot({ ...driver, currentOfferId: 'ofr_1' })?.activeJobId).toBe('ofr_1');
    expect(toDriverSnapshot({ ...driver, currentOfferId: 'ofr_1', currentJobId: 'job_1' })?.activeJobId).toBe('job_1');
    const { location: _l, lastSeenAt: _s, ...unlocated } = driver;
    expect(toDriverSnapshot(unlocated)).toBeUndefined();
  });

  it("shows the driver its record without the index cell or who registered it", () => {
    expect(driverView(driver)).not.toHaveProperty('cell');
    expect(driverView(driver)).not.toHaveProperty('createdBy');
    expect(driverView(driver)).toMatchObject({ driverId: 'drv_1', available: true, lastSeenAt: driver.lastSeenAt });
  });
});
