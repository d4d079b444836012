import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gancangClient, type GancangClient } from '../../openapi/client.ts';
import { checkResponse } from './support/contract.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';

/**
 * Gancang Aron from a client's side: a pharmacy desk, a driver app and a family following the
 * link, all written against the types generated from the published document (openapi-fetch).
 * A contract change that would break such clients breaks this file's compilation (`npm test`
 * type-checks first), and every answer is also checked against the document at run time.
 */
let t: TestRuntime;
let admin: GancangClient;
let desk: GancangClient;
let driver: GancangClient;
let anyone: GancangClient;

/** The error code of a refusal: Gancang's envelope has one; the gateway's own `{message}` does not. */
const codeOf = (error: { error: { code: string } } | { message: string } | undefined): string | undefined =>
  error && 'error' in error ? error.error.code : undefined;

/** fetch that checks each answer against the document before the client reads it. */
const checkedFetch = async (input: Request): Promise<Response> => {
  const response = await fetch(input);
  const url = new URL(input.url);
  checkResponse(input.method, `${url.pathname}${url.search}`, response.status, response.headers.get('content-type'), await response.clone().text());
  return response;
};

beforeAll(async () => {
  t = await startTestRuntime();
  const client = async (role: Parameters<TestRuntime['token']>[0], sub: string) => gancangClient(t.apiUrl, await t.token(role, sub), { fetch: checkedFetch });
  admin = await client('admin', 'admin-pemkab');
  desk = await client('pharmacy', 'apoteker-kertosari');
  driver = await client('driver', 'driver-sari');
  anyone = gancangClient(t.apiUrl, undefined, { fetch: checkedFetch });
});
afterAll(async () => {
  await t?.stop();
});

describe('a client built from the published contract', () => {
  it('registers a prescription, hands it to a driver, and the family sees it delivered', async () => {
    const facility = await admin.POST('/v1/facilities', {
      body: { name: 'Puskesmas Kertosari', kind: 'PUSKESMAS', kecamatan: 'Banyuwangi', location: { lat: -8.2262, lng: 114.3627 }, staff: ['apoteker-kertosari'] },
    });
    expect(facility.response.status, JSON.stringify(facility.error)).toBe(201);
    const facilityId = facility.data!.facilityId;

    const registered = await admin.POST('/v1/drivers', {
      body: {
        sub: 'driver-sari',
        name: 'Sari Wulandari',
        phone: '081299900010',
        vehicle: { type: 'MOTORBIKE', plate: 'P 5521 BA' },
        fleet: { kind: 'GOJEK' },
        medicineTrained: true,
      },
    });
    expect(registered.response.status, JSON.stringify(registered.error)).toBe(201);
    expect((await driver.PUT('/v1/drivers/me/location', { body: { lat: -8.2255, lng: 114.3631 } })).response.status).toBe(200);
    expect((await driver.PUT('/v1/drivers/me/availability', { body: { available: true } })).response.status).toBe(200);

    const prescription = {
      facilityId,
      patient: {
        name: 'Siti Aminah',
        phone: '0812-3450-0001',
        address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
        location: { lat: -8.2045, lng: 114.3712 },
      },
      prescriptionNo: 'RX-2026/0001',
      payer: 'BPJS_PBI' as const,
      items: [{ name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' as const }],
    };
    const params = { header: { 'Idempotency-Key': 'rx-2026-0001' } };
    const order = await desk.POST('/v1/medicine-orders', { params, body: prescription });
    expect(order.response.status, JSON.stringify(order.error)).toBe(201);
    const { orderId, deliveryCode, trackingToken } = order.data!;
    // A retry with the same key is the same order.
    expect((await desk.POST('/v1/medicine-orders', { params, body: prescription })).data?.orderId).toBe(orderId);

    const path = { orderId };
    expect((await desk.POST('/v1/medicine-orders/{orderId}/status', { params: { path }, body: { status: 'PREPARING' } })).data?.status).toBe('PREPARING');
    expect((await desk.POST('/v1/medicine-orders/{orderId}/status', { params: { path }, body: { status: 'READY_FOR_PICKUP' } })).data?.status).toBe('READY_FOR_PICKUP');

    const offer = await waitFor('an offer for Sari', async () => (await driver.GET('/v1/drivers/me/offers')).data?.items[0]);
    const accepted = await driver.POST('/v1/offers/{offerId}/accept', { params: { path: { offerId: offer.offerId } } });
    expect(accepted.response.status, JSON.stringify(accepted.error)).toBe(200);
    const jobId = offer.jobId;
    expect((await driver.POST('/v1/jobs/{jobId}/pickup', { params: { path: { jobId } } })).response.status).toBe(200);

    const wrong = await driver.POST('/v1/jobs/{jobId}/deliver', { params: { path: { jobId } }, body: { code: deliveryCode === '000000' ? '111111' : '000000', recipientName: 'Siti Aminah' } });
    expect(codeOf(wrong.error)).toBe('WRONG_DELIVERY_CODE');
    const delivered = await driver.POST('/v1/jobs/{jobId}/deliver', { params: { path: { jobId } }, body: { code: deliveryCode, recipientName: 'Siti Aminah' } });
    expect(delivered.response.status, JSON.stringify(delivered.error)).toBe(200);

    const tracked = await waitFor('the tracking link to show DELIVERED', async () => {
      const { data } = await anyone.GET('/v1/track/{trackingToken}', { params: { path: { trackingToken } } });
      return data?.status === 'DELIVERED' ? data : undefined;
    });
    expect(tracked.driverFirstName).toBe('Sari');
    expect(tracked.timeline.map((step) => step.status)).toEqual(['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED']);
  });

  it('pages through a list with the cursor the previous page gave', async () => {
    const { data: facilities } = await admin.GET('/v1/facilities', { params: { query: { limit: 100 } } });
    const facilityId = facilities!.items.find((facility) => facility.name === 'Puskesmas Kertosari')!.facilityId;
    const first = await desk.GET('/v1/medicine-orders', { params: { query: { facilityId, limit: 1 } } });
    expect(first.data?.items).toHaveLength(1);
    const second = await desk.GET('/v1/medicine-orders', { params: { query: { facilityId, limit: 1, cursor: first.data!.nextCursor ?? undefined } } });
    expect(second.response.status).toBe(200);
    expect(second.data?.items.map((item) => item.orderId)).not.toContain(first.data!.items[0]!.orderId);
  });

  it('reads a refusal as the documented error envelope', async () => {
    const { error, response } = await desk.GET('/v1/medicine-orders/{orderId}', { params: { path: { orderId: 'mo_01NOSUCHORDER0000000000000' } } });
    expect(response.status).toBe(404);
    expect(codeOf(error)).toBe('NOT_FOUND');
  });
});
