/**
 * Fuzzing every POST of the taxi partnership over HTTP: whatever the body, the answer is never
 * a 5xx, and every refusal is the error envelope. Each property also has to reach the happy
 * path and the refusals alike, or it proves little.
 */
import fc from 'fast-check';
import { maybe as maybeOdd, odd, withExtra as withExtraFields } from './support/fuzz.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type ApiResult, type TestRuntime } from './support/local.ts';

let t: TestRuntime;
let admin: string;
let citizen: string;
let companyId: string;

const TOWN = { lat: -8.2191, lng: 114.3691 };

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'fz-admin');
  citizen = await t.token('citizen', 'fz-warga');
  const company = await t.post(
    '/v1/taxi-companies',
    { name: 'Fuzz Taksi', licenseNo: 'FZ/0001', operators: ['fz-op'], tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 } },
    admin,
  );
  companyId = company.body.companyId;
  const operator = await t.token('taxi_operator', 'fz-op');
  for (const [i, at] of [TOWN, { lat: -8.3609, lng: 114.1702 }].entries()) {
    const sub = `fz-taxi-${i}`;
    await t.post('/v1/drivers', { sub, name: 'Taxi Driver', phone: `08127770010${i}`, vehicle: { type: 'TAXI', plate: `P 90${i}0 FZ` }, fleet: { kind: 'PARTNER_TAXI', companyId }, medicineTrained: false }, operator);
    const driver = await t.token('driver', sub);
    await t.put('/v1/drivers/me/location', at, driver);
    await t.put('/v1/drivers/me/availability', { available: true }, driver);
  }
});

afterAll(async () => {
  await t?.stop();
});

const SEED = 20261205;
const maybe = <T>(valid: fc.Arbitrary<T>) => maybeOdd(valid, 8);
const withExtra = withExtraFields(['fareIdr', 'status']);
const serialized = (arb: fc.Arbitrary<Record<string, unknown>>) =>
  arb.chain(withExtra).chain((body) => fc.oneof({ weight: 19, arbitrary: fc.constant(JSON.stringify(body)) }, { weight: 1, arbitrary: fc.nat().map((n) => JSON.stringify(body).slice(0, n % 40)) }));

/** Mostly in the regency, now and then just outside it, or not a number at all. */
const coordinate = (min: number, max: number) =>
  fc.oneof({ weight: 8, arbitrary: fc.double({ min, max, noNaN: true }) }, { weight: 1, arbitrary: fc.double() }, { weight: 1, arbitrary: odd });
const locationArb = maybe(fc.record({ lat: coordinate(-8.6, -7.95), lng: coordinate(114.0, 114.45) }));
const addressArb = maybe(
  fc.record({ street: maybe(fc.constantFrom('Jl. Ahmad Yani 1', '  ', 'Jl. Raya')), desa: maybe(fc.constantFrom('Taman Baru', 'Ketapang')), kecamatan: maybe(fc.constantFrom('Banyuwangi', 'kalipuro', 'Atlantis')) }),
);
const vehicleArb = maybe(fc.constantFrom('TAXI', 'TAXI', 'MOTORBIKE', 'CAR', 'taxi', 'BUS'));
const rupiahArb = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 200_000 }) }, fc.integer(), fc.double(), odd);

function check(res: ApiResult, sent: string, ok: number) {
  const where = `${res.status} for ${sent.slice(0, 300)} → ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  if (res.status >= 400) {
    expect(Object.keys(res.body ?? {}), where).toEqual(['error']);
    expect(typeof res.body.error.code, where).toBe('string');
    expect(Array.isArray(res.body.error.details), where).toBe(true);
  } else {
    expect(res.status, where).toBe(ok);
  }
}

async function fuzz(path: string | (() => Promise<string>), token: () => string, arb: fc.Arbitrary<string>, ok: number, seed: number) {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(arb, async (sent) => {
      const target = typeof path === 'string' ? path : await path();
      const res = await t.request('POST', target, { token: token(), body: sent, headers: { 'content-type': 'application/json' } });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      check(res, sent, ok);
    }),
    { seed, numRuns: 100, endOnFailure: true },
  );
  return statuses;
}

describe('fuzzing the taxi partnership routes', () => {
  it('POST /v1/taxi-companies never answers 5xx', async () => {
    let n = 0;
    const arb = serialized(
      fc.record({
        name: maybe(fc.constantFrom('Taksi Gandrung', 'Kijang Taxi', '')),
        licenseNo: maybe(fc.nat().map(() => `FZ/${++n}`)),
        operators: maybe(fc.array(maybe(fc.constantFrom('op-a', 'op-b', 'op-c')), { maxLength: 3 })),
        tariff: maybe(fc.record({ flagFallIdr: rupiahArb, perKmIdr: rupiahArb, minimumFareIdr: rupiahArb })),
      }),
    );
    const statuses = await fuzz('/v1/taxi-companies', () => admin, arb, 201, SEED);
    expect(statuses.get(201) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(20);
  });

  it('POST /v1/rides/quote never answers 5xx', async () => {
    const arb = serialized(fc.record({ pickup: locationArb, dropoff: locationArb, vehicleType: vehicleArb }));
    const statuses = await fuzz('/v1/rides/quote', () => citizen, arb, 200, SEED + 1);
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(5);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(5);
    expect(statuses.get(422) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
  });

  it('POST /v1/rides never answers 5xx', async () => {
    const place = maybe(fc.record({ location: locationArb, address: addressArb }));
    const arb = serialized(
      fc.record(
        { pickup: place, dropoff: place, vehicleType: vehicleArb, passenger: maybe(fc.record({ name: maybe(fc.constant('Rina')), phone: maybe(fc.constantFrom('081233300001', '021555')) })) },
        { requiredKeys: ['pickup', 'dropoff', 'vehicleType'] },
      ),
    );
    const statuses = await fuzz('/v1/rides', () => citizen, arb, 201, SEED + 2);
    expect(statuses.get(201) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(5);
  });

  it('POST /v1/rides/{id}/cancel never answers 5xx', async () => {
    const book = async () => {
      const booked = await t.post(
        '/v1/rides',
        { pickup: { location: TOWN, address: { street: 'Jl. A', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } }, dropoff: { location: { lat: -8.1402, lng: 114.3951 }, address: { street: 'Jl. B', desa: 'Ketapang', kecamatan: 'Kalipuro' } }, vehicleType: 'MOTORBIKE' },
        citizen,
      );
      return booked.body.rideId as string;
    };
    // (A path API Gateway itself does not route, such as `..`, is its 404, not ours.)
    const ids = [await book(), await book(), 'rd_nope', 'bad%20id', 'x'.repeat(65)];
    let i = 0;
    const arb = fc.oneof(
      { weight: 4, arbitrary: fc.record({ reason: maybe(fc.constantFrom('changed plans', '', 'x'.repeat(300))) }).chain(withExtra).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: odd.map((v) => JSON.stringify(v) ?? '') },
    );
    // A cancel is a request dispatch answers: 202 while it is pending.
    const statuses = await fuzz(async () => `/v1/rides/${ids[i++ % ids.length]}/cancel`, () => citizen, arb, 202, SEED + 3);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(5);
    expect([...statuses.keys()].some((s) => s === 202 || s === 409), JSON.stringify([...statuses])).toBe(true);
  });
});
