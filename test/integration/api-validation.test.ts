/**
 * Every declared route (read from infra/declaration.ts, so a new route is fuzzed without anyone
 * listing it here) is called over HTTP with odd path parameters and query strings, on the demo
 * data, by a caller whose role the route admits: the answer is never a 5xx, and every refusal is
 * the error envelope. And dates: every date and time input has a sane range.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type Role, type RouteSpec } from '../../infra/declaration.ts';
import { startTestRuntime, type ApiResult, type TestRuntime } from './support/local.ts';
import { expectError } from './support/ordering.ts';
import { oddText, pathValue, queryString, urlEncoded } from './support/fuzz.ts';

let t: TestRuntime;
const tokens = new Map<Role, string>();
/** Real ids of the demo data by path parameter name, so that the fuzz reaches past "not found". */
const known = new Map<string, string[]>();

const SEED = 20261130;
/** Requests per route; with the 49 routes of today about a thousand requests in all. */
const RUNS_PER_ROUTE = 20;
const QUERY_NAMES = ['limit', 'cursor', 'facilityId', 'merchantId', 'status', 'kecamatan', 'halal', 'from', 'to', 'format'] as const;

beforeAll(async () => {
  t = await startTestRuntime({ seed: true });
  const demo = t.runtime.seeded.join('\n');
  const subject = (pattern: RegExp, fallback: string) => demo.match(pattern)?.[1] ?? fallback;
  const subjects: Record<Role, string> = {
    admin: subject(/admin subject:\s+(\S+)/, 'admin-fuzz'),
    pharmacy: subject(/pharmacy subject:\s+(\S+)/, 'apoteker-fuzz'),
    driver: 'driver-bagus',
    merchant: subject(/merchant subject:\s+(\S+)/, 'umkm-fuzz'),
    citizen: subject(/citizen subject:\s+(\S+)/, 'warga-fuzz'),
    taxi_operator: subject(/\(operator (\S+?)\)/, 'op-fuzz'),
  };
  for (const [role, sub] of Object.entries(subjects) as [Role, string][]) tokens.set(role, await t.token(role, sub));

  const ids = (prefix: string) => [...new Set(demo.match(new RegExp(`\\b${prefix}_[A-Za-z0-9_-]+`, 'g')) ?? [])];
  const ride = await t.post(
    '/v1/rides',
    {
      pickup: { location: { lat: -8.2191, lng: 114.3691 }, address: { street: 'Jl. A', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
      dropoff: { location: { lat: -8.1402, lng: 114.3951 }, address: { street: 'Jl. B', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
      vehicleType: 'TAXI',
    },
    tokens.get('citizen'),
  );
  const medicineOrders = ids('mo');
  known.set('facilityId', ids('fac'));
  known.set('orderId', [...medicineOrders, ...ids('fo')]);
  known.set('jobId', medicineOrders.map((id) => `job_${id}`));
  known.set('offerId', ids('of'));
  known.set('merchantId', ids('mer'));
  known.set('festivalId', ids('fest'));
  known.set('companyId', ids('cmp'));
  known.set('rideId', ride.status === 201 ? [ride.body.rideId] : []);
  known.set('trackingToken', [...demo.matchAll(/\/v1\/track\/(\S+)/g)].map((m) => m[1]!));
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

/** Never a 5xx; every refusal is our envelope, or the gateway's own 404 for a path it does not route. */
function check(res: ApiResult, sent: string) {
  const where = `${res.status} for ${sent.slice(0, 300)} → ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  if (res.status < 400) return;
  if (res.status === 404 && res.body?.message === 'Not Found') return;
  expect(Object.keys(res.body ?? {}), where).toEqual(['error']);
  expect(res.body.error.code, where).toMatch(/^[A-Z][A-Z0-9_]*$/);
  expect(typeof res.body.error.message, where).toBe('string');
  expect(Array.isArray(res.body.error.details), where).toBe(true);
}

const roleArb = (route: RouteSpec): fc.Arbitrary<Role | undefined> =>
  route.auth === 'public' ? fc.constantFrom(undefined, 'citizen' as const) : fc.constantFrom(...route.auth);

const requestArb = (route: RouteSpec) => {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return fc.record({
    params: fc.tuple(...names.map((name) => pathValue(known.get(name) ?? []))),
    query: queryString(QUERY_NAMES),
    role: roleArb(route),
    // Bodies have fuzzers of their own; here a small one, so that a write can get past its body check.
    body: fc.oneof(fc.constant({}), fc.record({ reason: oddText }), fc.constant(undefined)),
  }).map(({ params, query, role, body }) => {
    let i = 0;
    const path = route.path.replace(/\{\w+\}/g, () => urlEncoded(params[i++]!));
    return { path: query ? `${path}?${query}` : path, role, body };
  });
};

describe('every declared route, with odd path parameters and query strings', () => {
  const counts = new Map<string, Map<number, number>>();

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s never answers 5xx, and refuses in the envelope', async (key, route) => {
    const statuses = new Map<number, number>();
    counts.set(key, statuses);
    await fc.assert(
      fc.asyncProperty(requestArb(route), async ({ path, role, body }) => {
        const res = await t.request(route.method, path, { ...(role && { token: tokens.get(role) }), ...(body !== undefined && route.method !== 'GET' && { body }) });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        check(res, `${route.method} ${path} as ${role ?? 'nobody'}`);
      }),
      { seed: SEED + routes.indexOf(route), numRuns: RUNS_PER_ROUTE, endOnFailure: true },
    );
  });

  // The fuzz is only worth something if it reached past the checks as well as into them.
  it(`sent ${RUNS_PER_ROUTE} requests to each of the ${routes.length} routes, and many routes answered both 2xx and 4xx`, () => {
    expect([...counts.values()].reduce((n, s) => n + [...s.values()].reduce((a, b) => a + b, 0), 0)).toBe(RUNS_PER_ROUTE * routes.length);
    const both = [...counts.values()].filter((s) => [...s.keys()].some((c) => c < 300) && [...s.keys()].some((c) => c >= 400));
    expect(both.length, JSON.stringify([...counts].map(([k, s]) => [k, [...s]]))).toBeGreaterThan(routes.length / 3);
  });
});

describe('dates and times have a sane range', () => {
  const report = (companyId: string, query: string) => t.get(`/v1/taxi-companies/${companyId}/report?${query}`, tokens.get('admin'));

  it.each([
    ['in year 9999', 'from=9999-12-01&to=9999-12-31', 'from'],
    ['before 2020', 'from=2019-12-01&to=2019-12-31', 'from'],
    ['after 2100', 'from=2101-01-01&to=2101-01-31', 'from'],
    ['ending in year 9999', 'from=2026-11-01&to=9999-12-31', 'to'],
    ['on a day that does not exist', 'from=2026-02-30&to=2026-03-01', 'from'],
  ])('refuses a taxi report %s with 400, naming the parameter', async (_, query, path) => {
    const error = expectError(await report('cmp_osing-taksi', query), 400, 'VALIDATION_FAILED');
    expect(error.details.map((d) => d.path)).toContain(path);
  });

  it('refuses a report period that ends before it starts, or spans more than 366 days, with 400 INVALID_PERIOD', async () => {
    expectError(await report('cmp_osing-taksi', 'from=2026-12-01&to=2026-11-30'), 400, 'INVALID_PERIOD');
    expectError(await report('cmp_osing-taksi', 'from=2024-01-01&to=2025-01-01'), 400, 'INVALID_PERIOD');
    expect((await report('cmp_osing-taksi', 'from=2025-01-01&to=2025-12-31')).status).toBe(200);
  });

  const festival = (startsAt: string, endsAt: string) => t.post('/v1/festivals', { name: 'Pesta Kuliner', startsAt, endsAt }, tokens.get('admin'));

  it.each([
    ['in year 9999', '9999-12-18T10:00:00+07:00', '9999-12-20T22:00:00+07:00', 'startsAt'],
    ['in 1999', '1999-12-18T10:00:00+07:00', '1999-12-20T22:00:00+07:00', 'startsAt'],
    ['ending after 2100', '2100-12-31T10:00:00+07:00', '2101-01-02T22:00:00+07:00', 'endsAt'],
  ])('refuses a festival %s with 400, naming the field', async (_, startsAt, endsAt, path) => {
    const error = expectError(await festival(startsAt, endsAt), 400, 'VALIDATION_FAILED');
    expect(error.details.map((d) => d.path)).toContain(path);
  });

  it('POST /v1/festivals never answers 5xx for any instant, and takes only festivals between 2020 and 2100', async () => {
    const instant = fc.oneof(
      fc.date({ min: new Date('2019-06-01T00:00:00Z'), max: new Date('2101-06-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('9999-12-31T23:59:59+07:00', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '2026-02-30T10:00:00+07:00', '2026-12-18T24:00:00+07:00', '2026-12-18T10:00:00+25:00', '2026-12-18T10:00:00'),
      oddText,
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(instant, fc.integer({ min: -3_600_000, max: 40 * 86_400_000 }), async (startsAt, spanMs) => {
        const start = Date.parse(startsAt);
        const endsAt = Number.isFinite(start) && Math.abs(start + spanMs) < 8.64e15 ? new Date(start + spanMs).toISOString() : startsAt;
        const res = await festival(startsAt, endsAt);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        check(res, JSON.stringify({ startsAt, endsAt }));
        if (res.status === 201) {
          for (const at of [startsAt, endsAt]) {
            expect(Date.parse(at), at).toBeGreaterThanOrEqual(Date.parse('2020-01-01T00:00:00+07:00'));
            expect(Date.parse(at), at).toBeLessThan(Date.parse('2101-01-01T00:00:00+07:00'));
          }
        }
      }),
      { seed: SEED - 1, numRuns: 100, endOnFailure: true },
    );
    expect(statuses.get(201) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(10);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(10);
  });
});
