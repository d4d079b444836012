/**
 * The operations room's reads over HTTP on the local runtime (admin only): the drivers on the
 * live map with their state, the jobs still in play, and the orders that need attention. Every response is checked against the OpenAPI document.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type ApiResult, type TestRuntime } from './support/local.ts';
import { advance, createFacility, createOrder, expectError, orderBody } from './support/ordering.ts';
import { waitFor } from './support/wait.ts';

// A job nobody takes is flagged after a second here (10 minutes in production), retried quickly.
process.env.GANCANG_UNASSIGNED_ALERT_SECONDS = '1';
process.env.GANCANG_RETRY_FIRST_DELAY_SECONDS = '1';
process.env.GANCANG_RETRY_MAX_DELAY_SECONDS = '2';

let t: TestRuntime;
let admin: string;
let pharmacist: string;
let facilityId: string;
beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'admin-ops');
  pharmacist = await t.token('pharmacy', 'apoteker-ops');
  facilityId = await createFacility(t, admin, 'blambangan', ['apoteker-ops']);
});
afterAll(async () => {
  await t?.stop();
});

/** Near RSUD Blambangan, where the test's orders are picked up. */
const NEAR_BLAMBANGAN = { lat: -8.2091, lng: 114.3665 };
let plate = 7000;

async function driver(name: string, setup: { available?: boolean; located?: boolean } = {}): Promise<{ driverId: string; token: string }> {
  const sub = `ops-${++plate}`;
  const res = await t.post(
    '/v1/drivers',
    { sub, name, phone: '0812-7770-0001', vehicle: { type: 'MOTORBIKE', plate: `P ${plate} OP` }, fleet: { kind: 'GOJEK' }, medicineTrained: true },
    admin,
  );
  expect(res.status, res.text).toBe(201);
  const token = await t.token('driver', sub);
  if (setup.located ?? true) expect((await t.put('/v1/drivers/me/location', NEAR_BLAMBANGAN, token)).status).toBe(200);
  if (setup.available ?? true) expect((await t.put('/v1/drivers/me/availability', { available: true }, token)).status).toBe(200);
  return { driverId: res.body.driverId, token };
}

/** Every item of an ops list, following nextCursor to the end; how many pages it took. */
async function readAll(list: string, query = '', limit = 2): Promise<{ items: Record<string, any>[]; pages: number }> {
  const items: Record<string, any>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: ApiResult = await t.get(`/v1/ops/${list}?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, admin);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor !== null);
  return { items, pages };
}
const allDrivers = async (query = '', limit = 2) => (await readAll('drivers', query, limit)).items;

describe('GET /v1/ops/drivers', () => {
  let ayu: { driverId: string; token: string };
  let budi: { driverId: string; token: string };
  let citra: { driverId: string; token: string };
  let dewi: { driverId: string; token: string };
  let waitingOrderId = '';

  beforeAll(async () => {
    ayu = await driver('Ayu Lestari');
    budi = await driver('Budi Santoso', { available: false });
    citra = await driver('Citra Dewi Anggraini');
    dewi = await driver('Dewi Kusuma', { located: false, available: false });
    // Citra's last report was ten minutes ago: past dispatch's five-minute limit.
    const tenMinutesAgo = new Date(Date.now() - 600_000).toISOString();
    await t.ddb.send(
      new UpdateCommand({
        TableName: t.tableName('dispatch'),
        Key: { pk: `DRIVER#${citra.driverId}`, sk: 'DRIVER' },
        UpdateExpression: 'SET lastSeenAt = :at',
        ExpressionAttributeValues: { ':at': tenMinutesAgo },
      }),
    );
  });

  it('shows the admin every driver, page by page, with its state, first name and vehicle, and nothing to reach them by', async () => {
    const items = await allDrivers();
    const byId = new Map(items.map((item) => [item.driverId, item]));
    expect(items).toHaveLength(4);
    expect(byId.get(ayu.driverId)).toMatchObject({
      firstName: 'Ayu',
      state: 'AVAILABLE',
      vehicle: { type: 'MOTORBIKE' },
      fleet: { kind: 'GOJEK' },
      location: NEAR_BLAMBANGAN,
      lastSeenAt: expect.any(String),
    });
    expect(byId.get(budi.driverId)).toMatchObject({ firstName: 'Budi', state: 'OFFLINE' });
    expect(byId.get(citra.driverId)).toMatchObject({ firstName: 'Citra', state: 'STALE' });
    // Registered and never reported: on the roster from registration, with no position yet.
    expect(byId.get(dewi.driverId)).toMatchObject({ firstName: 'Dewi', state: 'OFFLINE', location: null, lastSeenAt: null });
    expect(JSON.stringify(items)).not.toMatch(/Lestari|Santoso|\+62812/);
  });

  it('shows a driver holding an offer as BUSY, and filters by state', async () => {
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    await waitFor('Ayu to be offered the job', async () => ((await t.get('/v1/drivers/me/offers', ayu.token)).body.items as unknown[])[0], { timeoutMs: 15_000 });
    expect((await allDrivers('&state=BUSY', 1)).map((item) => item.driverId)).toEqual([ayu.driverId]);
    expect((await allDrivers('&state=OFFLINE', 1)).map((item) => item.driverId).sort()).toEqual([budi.driverId, dewi.driverId].sort());
  });

  it('GET /v1/ops/jobs: the open jobs status by status, a page at a time, the drop-off only as its area', async () => {
    const offer = ((await t.get('/v1/drivers/me/offers', ayu.token)).body.items as { offerId: string; jobId: string }[])[0]!;
    expect((await t.post(`/v1/offers/${offer.offerId}/accept`, {}, ayu.token)).status).toBe(200);
    // Nobody else can take a second order: Budi and Dewi are off, Citra is stale, Ayu is busy.
    const waiting = await createOrder(t, pharmacist, orderBody(facilityId));
    await advance(t, pharmacist, waiting.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    waitingOrderId = waiting.orderId;
    const waitingJob = await waitFor('the second job in dispatch', async () => {
      const { items } = await readAll('jobs', '', 20);
      return items.find((job) => job.orderId === waiting.orderId && job.status === 'WAITING');
    });

    const { items, pages } = await readAll('jobs', '', 1);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(items.map((job) => [job.jobId, job.status])).toEqual([
      [waitingJob.jobId, 'WAITING'],
      [offer.jobId, 'ASSIGNED'],
    ]);
    expect(items[1]).toMatchObject({
      kind: 'MEDICINE',
      driverId: ayu.driverId,
      pickup: { location: { lat: -8.208396, lng: 114.366168 }, kecamatan: 'Banyuwangi' },
      dropoff: { area: { lat: -8.2, lng: 114.37 }, kecamatan: 'Banyuwangi' },
    });
    expect(items[0]).toMatchObject({ driverId: null });
    expect(JSON.stringify(items)).not.toMatch(/-8\.2045|114\.3712|Siti|Kepiting/);
  });

  it('GET /v1/ops/attention: the orders nobody has taken, newest flag first, a page at a time; gone once they move on', async () => {
    const later = await createOrder(t, pharmacist, orderBody(facilityId));
    await advance(t, pharmacist, later.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    const flagged = (orderId: string) =>
      waitFor(`${orderId} to be flagged`, async () => {
        const order = (await t.get(`/v1/medicine-orders/${orderId}`, pharmacist)).body;
        return order.attention ? order : undefined;
      }, { timeoutMs: 20_000 });
    const [first, second] = [await flagged(waitingOrderId), await flagged(later.orderId)];
    const listed = await waitFor('both flagged orders, and only they, on the list', async () => {
      const { items, pages } = await readAll('attention', '', 1);
      return items.map((item) => item.orderId).join() === [second.orderId, first.orderId].join() ? { items, pages } : undefined;
    }, { timeoutMs: 20_000 });
    expect(listed.pages).toBeGreaterThanOrEqual(2);
    expect(listed.items[1]).toEqual({
      kind: 'MEDICINE',
      orderId: first.orderId,
      facilityId,
      status: 'READY_FOR_PICKUP',
      attention: { code: 'NO_DRIVER_YET', since: first.attention.since },
    });

    // The pharmacy takes the later order back: it moves on and leaves the list.
    const cancelled = await t.post(`/v1/medicine-orders/${later.orderId}/status`, { status: 'CANCELLED', reason: 'patient fetched it' }, pharmacist);
    expect([200, 202], cancelled.text).toContain(cancelled.status);
    await waitFor('the cancelled order to leave the list', async () => {
      const { items } = await readAll('attention', '', 20);
      return items.every((item) => item.orderId !== later.orderId) ? true : undefined;
    }, { timeoutMs: 20_000 });
  });

  it('GET /v1/ops/jobs/{jobId}/decisions: why a job went to whom, or waited, with the drivers considered', async () => {
    const decisionsOf = async (orderId: string) => {
      const res = await t.get(`/v1/ops/jobs/job_${orderId}/decisions`, admin);
      expect(res.status, res.text).toBe(200);
      return res.body.items as Record<string, any>[];
    };
    // The order Ayu took: offered to her, the nearest, first.
    const taken = (await readAll('jobs', '', 20)).items.find((job) => job.status === 'ASSIGNED')!;
    const [offered] = await decisionsOf(taken.orderId);
    expect(offered).toMatchObject({ decision: 'OFFERED', chosenDriverId: ayu.driverId, candidates: [{ driverId: ayu.driverId, verdict: 'CHOSEN' }] });
    expect(offered!.distanceKm).toBeGreaterThan(0);

    // The order that waited: searches that found nobody, each saying why of every driver near, oldest first.
    const waited = await decisionsOf(waitingOrderId);
    expect(waited.length).toBeGreaterThanOrEqual(2);
    expect(waited.map((d) => d.at)).toEqual([...waited.map((d) => d.at)].sort());
    expect(waited[0]).toMatchObject({ decision: 'NO_DRIVER', chosenDriverId: null, note: expect.stringMatching(/^retry in \d+ s/) });
    const verdicts = Object.fromEntries((waited[0]!.candidates as { driverId: string; verdict: string }[]).map((c) => [c.driverId, c.verdict]));
    expect(verdicts).toMatchObject({ [ayu.driverId]: 'BUSY', [budi.driverId]: 'UNAVAILABLE', [citra.driverId]: 'STALE_LOCATION' });
    expect(JSON.stringify(waited)).not.toMatch(/Lestari|Santoso|Siti|Kepiting/);

    expectError(await t.get('/v1/ops/jobs/job_mo_nothing/decisions', admin), 404, 'NOT_FOUND');
    expect((await t.get('/v1/ops/jobs/job%20mo/decisions', admin)).status).toBe(400);
    expect((await t.get(`/v1/ops/jobs/job_${waitingOrderId}/decisions`, pharmacist)).status).toBe(403);
  });

  it('refuses a made-up cursor (400 INVALID_CURSOR) and an unknown state (400)', async () => {
    const madeUp = Buffer.from(JSON.stringify({ pk: 'JOB#x', sk: 'JOB', gsi3pk: 'OTHER', gsi3sk: 'x' })).toString('base64url');
    expectError(await t.get(`/v1/ops/drivers?cursor=${madeUp}`, admin), 400, 'INVALID_CURSOR');
    expectError(await t.get('/v1/ops/drivers?cursor=not-a-cursor', admin), 400, 'INVALID_CURSOR');
    expect((await t.get('/v1/ops/drivers?state=ASLEEP', admin)).status).toBe(400);
    // A jobs cursor must point into an open status: not a finished one, not another list's.
    const finished = Buffer.from(JSON.stringify({ gsi2pk: 'JOBS#DELIVERED' })).toString('base64url');
    expectError(await t.get(`/v1/ops/jobs?cursor=${finished}`, admin), 400, 'INVALID_CURSOR');
    expectError(await t.get(`/v1/ops/jobs?cursor=${madeUp}`, admin), 400, 'INVALID_CURSOR');
    expectError(await t.get('/v1/ops/jobs?cursor=%7B%7D', admin), 400, 'INVALID_CURSOR');
    expectError(await t.get(`/v1/ops/attention?cursor=${madeUp}`, admin), 400, 'INVALID_CURSOR');
  });

  it('is for admins only: the gateway refuses a pharmacy, a driver and a citizen (403)', async () => {
    for (const token of [pharmacist, ayu.token, await t.token('citizen')]) {
      expect((await t.get('/v1/ops/drivers', token)).status).toBe(403);
      expect((await t.get('/v1/ops/jobs', token)).status).toBe(403);
      expect((await t.get('/v1/ops/attention', token)).status).toBe(403);
    }
    expect((await t.get('/v1/ops/drivers')).status).toBe(401);
  });
});
