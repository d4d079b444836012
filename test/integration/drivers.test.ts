import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { maybe as maybeOdd, odd, withExtra as withExtraFields } from './support/fuzz.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type ApiResult, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';

// Drivers over HTTP on the local runtime: registration by admins and taxi operators, a driver's
// own record, position and switch, and the geo index (gsi1 of the dispatch table) behind them.
let t: TestRuntime;
let admin: string;
beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'admin-pemkab');
});
afterAll(async () => {
  await t?.stop();
});

/** Alun-alun Blambangan (Banyuwangi town) and RSUD Genteng, 28 km apart: different cells. */
const TOWN = { lat: -8.2191, lng: 114.3691 };
const GENTENG = { lat: -8.365603, lng: 114.163863 };
/** Jember, the neighbouring regency to the west. */
const JEMBER = { lat: -8.17, lng: 113.7 };

let plateCounter = 1000;
const nextPlate = () => `P ${++plateCounter} GX`;
let subCounter = 0;
const nextSub = () => `driver-it-${++subCounter}-${Math.random().toString(36).slice(2, 8)}`;

function registration(overrides: Record<string, unknown> = {}) {
  return {
    sub: nextSub(),
    name: 'Budi Santoso',
    phone: '0812-3456-7890',
    vehicle: { type: 'MOTORBIKE', plate: nextPlate() },
    fleet: { kind: 'GOJEK' },
    medicineTrained: true,
    ...overrides,
  };
}

const dispatchTable = () => t.tableName('dispatch');
const getItem = async (pk: string, sk: string) =>
  (await t.ddb.send(new GetCommand({ TableName: dispatchTable(), Key: { pk, sk }, ConsistentRead: true }))).Item;
const cellMembers = async (cell: string): Promise<string[]> => {
  const { Items = [] } = await t.ddb.send(
    new QueryCommand({ TableName: dispatchTable(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `CELL#${cell}` } }),
  );
  return Items.map((item) => String(item.driverId));
};

function expectEnvelope(res: ApiResult, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(Object.keys(res.body ?? {}), res.text).toEqual(['error']);
  expect(res.body.error).toEqual({ code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String), details: expect.any(Array) });
  if (code) expect(res.body.error.code).toBe(code);
}

async function registered(overrides: Record<string, unknown> = {}): Promise<{ driverId: string; sub: string; token: string }> {
  const body = registration(overrides);
  const res = await t.post('/v1/drivers', body, admin);
  expect(res.status, res.text).toBe(201);
  return { driverId: res.body.driverId, sub: body.sub, token: await t.token('driver', body.sub) };
}

describe('registering drivers', () => {
  it('registers a Go-Jek driver as admin: normalised phone and plate, unavailable, with its guards', async () => {
    const body = registration({ vehicle: { type: 'MOTORBIKE', plate: 'p  4321 ab' } });
    const res = await t.post('/v1/drivers', body, admin);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      sub: body.sub,
      phone: '+6281234567890',
      vehicle: { type: 'MOTORBIKE', plate: 'P 4321 AB' },
      fleet: { kind: 'GOJEK' },
      medicineTrained: true,
      available: false,
    });
    const { driverId } = res.body;
    expect(driverId).toMatch(/^drv_[0-9A-Z]{26}$/);
    expect(await getItem(`DRIVER#${driverId}`, 'DRIVER')).toMatchObject({ entity: 'Driver', driverId, sub: body.sub, createdBy: 'admin-pemkab' });
    expect(await getItem(`DRIVER_SUB#${body.sub}`, 'GUARD')).toMatchObject({ driverId });
    expect(await getItem('PLATE#P 4321 AB', 'GUARD')).toMatchObject({ driverId });
  });

  it('refuses a second driver for the same subject (409 DRIVER_EXISTS) or plate however written (409 PLATE_TAKEN), writing nothing', async () => {
    const first = registration({ vehicle: { type: 'CAR', plate: 'P 808 AA' } });
    expect((await t.post('/v1/drivers', first, admin)).status).toBe(201);

    expectEnvelope(await t.post('/v1/drivers', registration({ sub: first.sub }), admin), 409, 'DRIVER_EXISTS');
    const second = registration({ vehicle: { type: 'MOTORBIKE', plate: 'p-808-aa' } });
    expectEnvelope(await t.post('/v1/drivers', second, admin), 409, 'PLATE_TAKEN');
    expect(await getItem(`DRIVER_SUB#${second.sub}`, 'GUARD')).toBeUndefined();
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses the key with another body', async () => {
    const body = registration();
    const headers = { 'idempotency-key': `drv-${body.sub}` };
    const first = await t.post('/v1/drivers', body, admin, headers);
    expect(first.status, first.text).toBe(201);
    const again = await t.post('/v1/drivers', body, admin, headers);
    expect([again.status, again.body.driverId]).toEqual([201, first.body.driverId]);
    expectEnvelope(await t.post('/v1/drivers', { ...body, name: 'Someone Else' }, admin, headers), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses inconsistent fleets with 422', async () => {
    expectEnvelope(await t.post('/v1/drivers', registration({ vehicle: { type: 'TAXI', plate: nextPlate() } }), admin), 422, 'VEHICLE_NOT_IN_FLEET');
    expectEnvelope(
      await t.post('/v1/drivers', registration({ vehicle: { type: 'TAXI', plate: nextPlate() }, fleet: { kind: 'PARTNER_TAXI' } }), admin),
      422,
      'COMPANY_REQUIRED',
    );
    expectEnvelope(await t.post('/v1/drivers', registration({ fleet: { kind: 'GOJEK', companyId: 'cmp_x' } }), admin), 422, 'COMPANY_NOT_ALLOWED');
  });

  it("lets a taxi operator register its own company's taxis only", async () => {
    await t.ddb.send(
      new PutCommand({ TableName: dispatchTable(), Item: { pk: 'COMPANY#cmp_osing', sk: 'COMPANY', companyId: 'cmp_osing', operators: ['op-osing'] } }),
    );
    const taxi = (companyId: string) => registration({ vehicle: { type: 'TAXI', plate: nextPlate() }, fleet: { kind: 'PARTNER_TAXI', companyId } });
    const operator = await t.token('taxi_operator', 'op-osing');
    const stranger = await t.token('taxi_operator', 'op-elsewhere');

    expectEnvelope(await t.post('/v1/drivers', taxi('cmp_nowhere'), operator), 422, 'UNKNOWN_COMPANY');
    expectEnvelope(await t.post('/v1/drivers', taxi('cmp_osing'), stranger), 403, 'FORBIDDEN');
    expectEnvelope(await t.post('/v1/drivers', registration(), operator), 403, 'FORBIDDEN');
    const own = await t.post('/v1/drivers', taxi('cmp_osing'), operator);
    expect(own.status, own.text).toBe(201);
    expect(own.body.fleet).toEqual({ kind: 'PARTNER_TAXI', companyId: 'cmp_osing' });
  });

  it('keeps citizens (and drivers) out: the authorizer answers 403', async () => {
    expect((await t.post('/v1/drivers', registration(), await t.token('citizen'))).status).toBe(403);
    expect((await t.post('/v1/drivers', registration(), await t.token('driver'))).status).toBe(403);
    expect((await t.get('/v1/drivers/me', await t.token('citizen'))).status).toBe(403);
  });
});

describe("a driver's own record, position and switch", () => {
  it('answers 404 DRIVER_NOT_REGISTERED to a driver whose subject has no driver', async () => {
    const token = await t.token('driver', 'driver-unregistered');
    expectEnvelope(await t.get('/v1/drivers/me', token), 404, 'DRIVER_NOT_REGISTERED');
    expectEnvelope(await t.put('/v1/drivers/me/location', TOWN, token), 404, 'DRIVER_NOT_REGISTERED');
    expectEnvelope(await t.put('/v1/drivers/me/availability', { available: true }, token), 404, 'DRIVER_NOT_REGISTERED');
  });

  it('shows the driver its profile, then its position, cell membership and switch as they change', async () => {
    const { driverId, token } = await registered();
    const me = await t.get('/v1/drivers/me', token);
    expect(me.status, me.text).toBe(200);
    expect(me.body).toMatchObject({ driverId, name: 'Budi Santoso', available: false });
    expect(me.body).not.toHaveProperty('location');

    const located = await t.put('/v1/drivers/me/location', TOWN, token);
    expect(located.status, located.text).toBe(200);
    expect(located.body).toMatchObject({ driverId, location: TOWN });
    expect(located.body.lastSeenAt).toMatch(/\+07:00$/);
    const townCell = String((await getItem(`DRIVER#${driverId}`, 'DRIVER'))?.cell);
    expect(townCell).toBe('g10:-83:1143');
    expect(await waitFor('the driver in the town cell', async () => ((await cellMembers(townCell)).includes(driverId) ? true : undefined))).toBe(true);

    const moved = await t.put('/v1/drivers/me/location', GENTENG, token);
    expect(moved.status).toBe(200);
    const gentengCell = String((await getItem(`DRIVER#${driverId}`, 'DRIVER'))?.cell);
    expect(gentengCell).not.toBe(townCell);
    await waitFor('the driver to leave the town cell for Genteng', async () =>
      !(await cellMembers(townCell)).includes(driverId) && (await cellMembers(gentengCell)).includes(driverId) ? true : undefined,
    );

    expectEnvelope(await t.put('/v1/drivers/me/location', JEMBER, token), 422, 'OUTSIDE_SERVICE_AREA');
    expectEnvelope(await t.put('/v1/drivers/me/location', { lat: 'north', lng: 114.3 }, token), 400, 'VALIDATION_FAILED');
    expect((await t.get('/v1/drivers/me', token)).body.location).toEqual(GENTENG);

    const on = await t.put('/v1/drivers/me/availability', { available: true }, token);
    expect([on.status, on.body.available]).toEqual([200, true]);
    expect((await t.get('/v1/drivers/me', token)).body).toMatchObject({ available: true, location: GENTENG });
    const off = await t.put('/v1/drivers/me/availability', { available: false }, token);
    expect([off.status, off.body.available]).toEqual([200, false]);
    expectEnvelope(await t.put('/v1/drivers/me/availability', { available: 'no' }, token), 400);
  });

  it("serves matching from gsi1: the nearest eligible driver of a pickup's neighbourhood", async () => {
    const near = await registered();
    const far = await registered();
    const sleeping = await registered();
    await t.put('/v1/drivers/me/location', { lat: TOWN.lat + 0.001, lng: TOWN.lng }, near.token);
    await t.put('/v1/drivers/me/availability', { available: true }, near.token);
    await t.put('/v1/drivers/me/location', { lat: TOWN.lat + 0.01, lng: TOWN.lng + 0.01 }, far.token);
    await t.put('/v1/drivers/me/availability', { available: true }, far.token);
    await t.put('/v1/drivers/me/location', TOWN, sleeping.token);

    const { DynamoDbDriverIndex } = await import('../../shared/dispatch/adapters/dynamodb-driver-store.ts');
    const { findNearestAsync } = await import('../../shared/dispatch/domain/matching.ts');
    const index = new DynamoDbDriverIndex(t.ddb, dispatchTable()).search();
    const result = await findNearestAsync(
      { kind: 'FOOD', pickup: { location: TOWN }, requirements: { vehicleTypes: ['MOTORBIKE'], medicineTrained: false } },
      index,
      new Date(),
    );
    expect(index.queries).toBe(1); // all three share the town's storage block: one Query
    expect(result.chosen?.driver.driverId).toBe(near.driverId);
    expect(result.candidates).toContainEqual(expect.objectContaining({ driverId: sleeping.driverId, verdict: 'UNAVAILABLE' }));
    expect(result.chosen?.driver).not.toHaveProperty('phone');
  });
});

describe('fuzzing the driver routes', () => {
  const SEED = 20261128;
  const maybe = <T>(valid: fc.Arbitrary<T>) => maybeOdd(valid, 6);
  const withExtra = withExtraFields(['available', 'driverId']);
  const registrationArb = fc
    .record({
      sub: maybe(fc.string({ minLength: 1, maxLength: 40 })),
      name: maybe(fc.constantFrom('Budi', 'Siti Aminah', 'Made', '  ')),
      phone: maybe(fc.constantFrom('081234567890', '+62 812-3456-7890', '6281234567890', '0812 3456 789', '021555')),
      vehicle: maybe(
        fc.record({
          type: maybe(fc.constantFrom('MOTORBIKE', 'MOTORBIKE', 'CAR', 'TAXI')),
          plate: maybe(fc.tuple(fc.constantFrom('P', 'DK', 'b'), fc.integer({ min: 1, max: 11000 }), fc.constantFrom('', 'AB', 'XYZ', 'AB', 'ABCD')).map((p) => p.join(' '))),
        }),
      ),
      fleet: maybe(
        fc.oneof(
          { weight: 3, arbitrary: fc.record({ kind: maybe(fc.constant('GOJEK')) }) },
          fc.record({ kind: maybe(fc.constantFrom('GOJEK', 'PARTNER_TAXI')), companyId: maybe(fc.constantFrom('cmp_osing', 'cmp_nope', '../x')) }),
        ),
      ),
      medicineTrained: maybe(fc.boolean()),
    })
    .chain(withExtra)
    .chain((body) => fc.oneof({ weight: 19, arbitrary: fc.constant(JSON.stringify(body)) }, { weight: 1, arbitrary: fc.nat().map((n) => JSON.stringify(body).slice(0, n % 40)) }));

  const check = (res: ApiResult, sent: string, ok: number) => {
    const where = `${res.status} for ${sent.slice(0, 300)} → ${res.text.slice(0, 300)}`;
    expect(res.status, where).toBeLessThan(500);
    if (res.status >= 400) {
      expect(Object.keys(res.body ?? {}), where).toEqual(['error']);
      expect(typeof res.body.error.code, where).toBe('string');
      expect(Array.isArray(res.body.error.details), where).toBe(true);
    } else {
      expect(res.status, where).toBe(ok);
    }
  };

  it('POST /v1/drivers never answers 5xx, and 4xx always in the envelope', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(registrationArb, async (sent) => {
        const res = await t.request('POST', '/v1/drivers', { token: admin, body: sent, headers: { 'content-type': 'application/json' } });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        check(res, sent, 201);
      }),
      { seed: SEED, numRuns: 100, endOnFailure: true },
    );
    // Worth something only if it reached the happy path and the refusals alike.
    expect(statuses.get(201) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(20);
    expect(statuses.get(422) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
  });

  it('PUT /v1/drivers/me/location never answers 5xx, and 4xx always in the envelope', async () => {
    const { token } = await registered();
    const coordinate = (min: number, max: number) =>
      fc.oneof({ weight: 6, arbitrary: fc.double({ min, max, noNaN: true }) }, { weight: 1, arbitrary: fc.double() }, { weight: 1, arbitrary: odd });
    // A box a little larger than the regency's, so that some positions fall just outside it.
    const locationArb = fc
      .record({ lat: coordinate(-8.85, -7.85), lng: coordinate(113.8, 114.65) })
      .chain(withExtra)
      .map((body) => JSON.stringify(body));
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: locationArb }, { weight: 1, arbitrary: odd.map((v) => JSON.stringify(v) ?? '') }), async (sent) => {
        const res = await t.request('PUT', '/v1/drivers/me/location', { token, body: sent, headers: { 'content-type': 'application/json' } });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        check(res, sent, 200);
      }),
      { seed: SEED + 1, numRuns: 100, endOnFailure: true },
    );
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(5);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(5);
    expect(statuses.get(422) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
  });
});
