/**
 * Gancang Aron end to end over HTTP on the local runtime: a pharmacy registers a prescription,
 * dispatch offers it to the nearest trained driver, the driver accepts, picks up and delivers
 * with the patient's code, and the order and its public tracking follow. Also the decline chain,
 * expiry, cancellation and the wrong-code lock. Offers live 3 s here so that expiry is quick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';

process.env.GANCANG_OFFER_TTL_SECONDS = '3';

let t: TestRuntime;
let admin: string;
let pharmacist: string;
let facilityId: string;
const drivers: Record<'ayu' | 'budi' | 'citra', string> = { ayu: '', budi: '', citra: '' };

const BLAMBANGAN = { lat: -8.208396, lng: 114.366168 };
let prescription = 0;

async function readyOrder(patient: { name?: string; street?: string } = {}): Promise<{ orderId: string; deliveryCode: string; trackingToken: string }> {
  const created = await t.post(
    '/v1/medicine-orders',
    {
      facilityId,
      patient: {
        name: patient.name ?? 'Siti Aminah',
        nik: '3510012345678901',
        phone: '081234500001',
        address: { street: patient.street ?? 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
        location: { lat: -8.2045, lng: 114.3712 },
      },
      prescriptionNo: `RX-E2E-${++prescription}`,
      payer: 'BPJS_PBI',
      items: [{ name: 'Insulin glargine', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' }],
    },
    pharmacist,
  );
  expect(created.status).toBe(201);
  const { orderId } = created.body;
  expect((await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'PREPARING' }, pharmacist)).status).toBe(200);
  expect((await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'READY_FOR_PICKUP' }, pharmacist)).status).toBe(200);
  return created.body;
}

const offersOf = async (driver: string) => (await t.get('/v1/drivers/me/offers', driver)).body.items as Array<{ offerId: string; jobId: string }>;
const waitForOffer = (driver: string, description: string) => waitFor(description, async () => (await offersOf(driver))[0], { timeoutMs: 15_000 });
/** waitFor stops at any defined value: a condition must give undefined while it does not hold. */
const until = (description: string, condition: () => Promise<boolean>) =>
  waitFor(description, async () => ((await condition()) ? true : undefined), { timeoutMs: 15_000 });
const order = async (orderId: string) => (await t.get(`/v1/medicine-orders/${orderId}`, pharmacist)).body;

async function registerDriver(key: keyof typeof drivers, kmNorth: number, medicineTrained: boolean): Promise<void> {
  const sub = `e2e-${key}`;
  const response = await t.post(
    '/v1/drivers',
    {
      sub,
      name: `${key[0]!.toUpperCase()}${key.slice(1)} Lestari`,
      phone: `0812555000${kmNorth}`,
      vehicle: { type: 'MOTORBIKE', plate: `P ${4000 + kmNorth} E` },
      fleet: { kind: 'GOJEK' },
      medicineTrained,
    },
    admin,
  );
  expect(response.status).toBe(201);
  drivers[key] = await t.token('driver', sub);
  await t.put('/v1/drivers/me/location', { lat: BLAMBANGAN.lat + kmNorth / 111.2, lng: BLAMBANGAN.lng }, drivers[key]);
  await t.put('/v1/drivers/me/availability', { available: true }, drivers[key]);
}

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'e2e-admin');
  pharmacist = await t.token('pharmacy', 'e2e-apoteker');
  const facility = await t.post(
    '/v1/facilities',
    { name: 'RSUD Blambangan', kind: 'HOSPITAL', kecamatan: 'Banyuwangi', location: BLAMBANGAN, staff: ['e2e-apoteker'] },
    admin,
  );
  facilityId = facility.body.facilityId;
  await registerDriver('ayu', 1, true);
  await registerDriver('budi', 2, true);
  await registerDriver('citra', 0, false); // nearest of all, but not trained for medicines
});

afterAll(async () => {
  await t?.stop();
});

describe('a medicine delivery from prescription to doorstep', () => {
  it('reaches a driver whatever the patient’s name and street hold (emoji): the queue carries none of it', async () => {
    const { orderId } = await readyOrder({ name: 'Siti 👩‍⚕️ Aminah 🙏', street: 'Jl. Kepiting 🦀 No. 12' });
    const offer = await waitForOffer(drivers.ayu, 'an offer for Ayu of the order with emoji');
    const accepted = await t.post(`/v1/offers/${offer.offerId}/accept`, {}, drivers.ayu);
    expect(accepted.body).toMatchObject({ recipient: { name: 'Siti 👩‍⚕️ Aminah 🙏' }, dropoff: { address: { street: 'Jl. Kepiting 🦀 No. 12' } } });
    await until('the order to show its courier', async () => (await order(orderId)).status === 'COURIER_ASSIGNED');

    // Leave every driver free for the next tests: give it back, let Budi decline, and cancel it.
    const givenBack = await t.post(`/v1/jobs/${offer.jobId}/fail`, { reason: 'test: given back' }, drivers.ayu);
    expect(givenBack.body).toMatchObject({ status: 'WAITING', recipient: null });
    expect(givenBack.body.dropoff).not.toHaveProperty('address');
    await t.post(`/v1/offers/${(await waitForOffer(drivers.budi, 'the job for Budi')).offerId}/decline`, {}, drivers.budi);
    await until('the order to wait again', async () => (await order(orderId)).status === 'READY_FOR_PICKUP');
    expect((await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'CANCELLED' }, pharmacist)).status).toBe(202);
    await until('the order to be cancelled', async () => (await order(orderId)).status === 'CANCELLED');
  });

  it('goes to the nearest trained driver, who delivers with the patient code; order and tracking follow', async () => {
    const { orderId, deliveryCode, trackingToken } = await readyOrder();
    const offer = await waitForOffer(drivers.ayu, 'an offer for Ayu');
    expect(await offersOf(drivers.citra)).toEqual([]); // untrained, though nearer
    // Before accepting: the kecamatan and a point rounded to ~1 km, no name, phone or street.
    expect(offer).toMatchObject({ dropoff: { kecamatan: 'Banyuwangi', location: { lat: -8.2, lng: 114.37 } } });
    expect(JSON.stringify(offer)).not.toMatch(/Siti|Kepiting|\+62|-8\.2045|114\.3712/);

    const accepted = await t.post(`/v1/offers/${offer.offerId}/accept`, {}, drivers.ayu);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'ASSIGNED',
      recipient: { name: 'Siti Aminah', phone: '+6281234500001' },
      pickup: { name: 'RSUD Blambangan' },
      dropoff: { location: { lat: -8.2045, lng: 114.3712 }, address: { street: 'Jl. Kepiting No. 12', desa: 'Lateng' } },
      deliveryCodeRequired: true,
    });
    expect(accepted.body.handlingNote).toMatch(/sealed/i);
    expect(accepted.text).not.toMatch(/Insulin|3510012345678901|deliveryCodeHash/);

    await until('the order to show its courier', async () => (await order(orderId)).status === 'COURIER_ASSIGNED');
    // The family sees who comes (first name and plate), the pharmacy's point and the destination's
    // kecamatan centre; no position until the package is on its way.
    const tracked = await t.get(`/v1/track/${trackingToken}`);
    expect(tracked.body).toMatchObject({
      status: 'COURIER_ASSIGNED',
      driverFirstName: 'Ayu',
      driver: { firstName: 'Ayu', vehiclePlate: 'P 4001 E', vehicleType: 'MOTORBIKE' },
      facility: { name: 'RSUD Blambangan', location: BLAMBANGAN },
      destination: { kecamatan: 'Banyuwangi', center: { lat: -8.228372, lng: 114.367684 } },
      driverPosition: null,
    });
    expect(tracked.text).not.toMatch(/Lestari|\+62|Siti|Kepiting|Lateng|-8\.2045|114\.3712|Insulin/);

    const job = offer.jobId;
    const atPharmacy = { lat: -8.2085, lng: 114.3662 };
    expect((await t.put('/v1/drivers/me/location', atPharmacy, drivers.ayu)).status).toBe(200);
    expect((await t.post(`/v1/jobs/${job}/deliver`, { code: deliveryCode, recipientName: 'Siti' }, drivers.ayu)).status).toBe(409); // not picked up
    expect((await t.post(`/v1/jobs/${job}/pickup`, {}, drivers.budi)).status).toBe(404); // not Budi's job
    expect((await t.post(`/v1/jobs/${job}/pickup`, {}, drivers.ayu)).status).toBe(200);
    await until('the order to be picked up', async () => (await order(orderId)).status === 'PICKED_UP');
    const onTheWay = await t.get(`/v1/track/${trackingToken}`);
    expect(onTheWay.body).toMatchObject({ status: 'PICKED_UP', driver: { vehiclePlate: 'P 4001 E' }, driverPosition: atPharmacy });
    expect(Date.now() - Date.parse(onTheWay.body.driverPosition.at)).toBeLessThan(10 * 60_000);
    // Each report the driver's app sends moves the package on the family's map.
    const halfway = { lat: -8.2065, lng: 114.3687 };
    expect((await t.put('/v1/drivers/me/location', halfway, drivers.ayu)).status).toBe(200);
    expect((await t.get(`/v1/track/${trackingToken}`)).body.driverPosition).toMatchObject(halfway);
    const wrongCode = deliveryCode === '000000' ? '111111' : '000000';
    const wrong = await t.post(`/v1/jobs/${job}/deliver`, { code: wrongCode, recipientName: 'Siti Aminah' }, drivers.ayu);
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('WRONG_DELIVERY_CODE');
    // Medicine is handed to someone, and the pharmacy keeps who: unlike a ride's drop-off, the name is needed.
    const nameless = await t.post(`/v1/jobs/${job}/deliver`, { code: deliveryCode }, drivers.ayu);
    expect(nameless.status, nameless.text).toBe(400);
    expect(nameless.body.error.details).toEqual([{ path: 'recipientName', message: 'required' }]);
    // Whatever the driver types (emoji here) stays in dispatch: the DELIVERED event carries ids only.
    const delivered = await t.post(`/v1/jobs/${job}/deliver`, { code: deliveryCode, recipientName: 'Siti Aminah 🙏' }, drivers.ayu);
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('DELIVERED');
    // Right after the delivery the job still shows the contact (a call back about the package);
    // another driver does not learn that the job exists.
    const reread = await t.get(`/v1/jobs/${job}`, drivers.ayu);
    expect(reread.body).toMatchObject({ status: 'DELIVERED', recipient: { name: 'Siti Aminah' }, dropoff: { address: { street: 'Jl. Kepiting No. 12' } } });
    expect((await t.get(`/v1/jobs/${job}`, drivers.budi)).status).toBe(404);

    await until('the order to be delivered', async () => (await order(orderId)).status === 'DELIVERED');
    expect((await order(orderId)).deliveredTo).toBe('Siti Aminah 🙏');
    const final = await t.get(`/v1/track/${trackingToken}`);
    // Delivered: the driver's position is nobody's business any more.
    expect(final.body).toMatchObject({ status: 'DELIVERED', driver: { firstName: 'Ayu' }, driverPosition: null });
    expect(final.body.timeline.map((step: { status: string }) => step.status)).toEqual([
      'REGISTERED',
      'PREPARING',
      'READY_FOR_PICKUP',
      'COURIER_ASSIGNED',
      'PICKED_UP',
      'DELIVERED',
    ]);
  });

  it('moves on after a decline and an expiry, never back to those drivers, and waits when nobody is left', async () => {
    const { orderId } = await readyOrder();
    const first = await waitForOffer(drivers.ayu, 'an offer for Ayu');
    expect((await t.post(`/v1/offers/${first.offerId}/decline`, {}, drivers.ayu)).status).toBe(200);
    const second = await waitForOffer(drivers.budi, 'the offer moving on to Budi');
    expect(second.jobId).toBe(first.jobId);
    // Budi lets it expire (3 s here); Ayu declined and Citra is untrained: nobody else is asked.
    await until('Budi’s offer to expire', async () => (await offersOf(drivers.budi)).length === 0);
    expect((await t.post(`/v1/offers/${second.offerId}/accept`, {}, drivers.budi)).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await offersOf(drivers.ayu)).toEqual([]);
    expect(await offersOf(drivers.budi)).toEqual([]);
    expect((await order(orderId)).status).toBe('READY_FOR_PICKUP'); // waiting, not dropped

    // The pharmacy cancels it: dispatch withdraws the waiting job and the order follows.
    expect((await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'CANCELLED' }, pharmacist)).status).toBe(202);
    await until('the order to be cancelled', async () => (await order(orderId)).status === 'CANCELLED');
  });

  it('cancelling a ready order withdraws its offer and frees the driver for the next order', async () => {
    const { orderId } = await readyOrder();
    const offer = await waitForOffer(drivers.ayu, 'an offer for Ayu');
    const asked = await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'CANCELLED', reason: 'patient admitted' }, pharmacist);
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'READY_FOR_PICKUP', cancellation: { reason: 'patient admitted', by: 'pharmacy' } });
    await until('the offer to be withdrawn', async () => (await offersOf(drivers.ayu)).length === 0);
    await until('the order to follow the withdrawal', async () => (await order(orderId)).status === 'CANCELLED');
    expect((await order(orderId)).cancelReason).toBe('patient admitted');
    expect((await t.post(`/v1/offers/${offer.offerId}/accept`, {}, drivers.ayu)).status).toBe(409);
    await readyOrder();
    const next = await waitForOffer(drivers.ayu, 'Ayu, free again, getting the next order');
    expect(next.jobId).not.toBe(offer.jobId);
    expect((await t.post(`/v1/offers/${next.offerId}/accept`, {}, drivers.ayu)).status).toBe(200);
  });

  it('locks the delivery after 5 wrong codes and tells the pharmacy; the package goes back', async () => {
    // Ayu holds the job accepted at the end of the previous test.
    const { body: me } = await t.get('/v1/drivers/me', drivers.ayu);
    const jobId: string = me.currentJobId;
    expect(jobId).toBeTruthy();
    const orderId = jobId.replace(/^job_/, '');
    expect((await t.post(`/v1/jobs/${jobId}/pickup`, {}, drivers.ayu)).status).toBe(200);
    const codes = [] as number[];
    for (let i = 0; i < 5; i++) codes.push((await t.post(`/v1/jobs/${jobId}/deliver`, { code: '999999', recipientName: 'X' }, drivers.ayu)).status);
    expect(codes).toEqual([422, 422, 422, 422, 409]);
    await until('the pharmacy to see the lock', async () => (await order(orderId)).attention?.code === 'DELIVERY_CODE_LOCKED');

    expect((await t.post(`/v1/jobs/${jobId}/fail`, { reason: 'Code refused five times 😞' }, drivers.ayu)).status).toBe(200);
    await until('the order to show the failed delivery', async () => (await order(orderId)).status === 'DELIVERY_FAILED');
    expect((await order(orderId)).failureReason).toBe('Code refused five times 😞');
    const back = await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'RETURNED_TO_PHARMACY' }, pharmacist);
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('RETURNED_TO_PHARMACY');
  });
});
