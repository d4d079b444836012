/**
 * Notifications end to end on the local runtime: each step of a medicine delivery, a festival
 * food order and a ride reaches the people it concerns as one message each in the local outbox
 * (GET /local/messages, what `npm start` prints), read back per phone. A notice delivered again
 * sends nothing more, and no message ever names what was delivered (medicines, dishes), the
 * patient's NIK or the address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { createFestival, expectStatus, openMerchant, orderBody as foodOrderBody, PLACES } from './support/festival.ts';
import { createFacility, orderBody as medicineOrderBody, SITES } from './support/ordering.ts';
import { waitFor } from './support/wait.ts';

// Rides that find nobody give up after 3 s here; retries start after 1 s.
process.env.GANCANG_RIDE_SEARCH_SECONDS = '3';
process.env.GANCANG_RETRY_FIRST_DELAY_SECONDS = '1';

interface LocalMessage {
  to: string;
  channel: string;
  template: string;
  text: string;
  ref: string;
  sentAt: string;
}

let t: TestRuntime;
/** What the runtime printed (`npm start` shows it): access lines and one line per message. */
const printed: string[] = [];
let admin: string;
let driver: string;

const PATIENT_PHONE = '+6281234500077';
const CUSTOMER_PHONE = '+6281234500078';
const MERCHANT_PHONE = '+6285236000001';
const PASSENGER_PHONE = '+6281234500079';
/** Everything no message may ever contain: what was delivered, the NIK, the street. */
const NEVER_SAID = /Amlodipine|Insulin|COLD_CHAIN|REGULAR|3510012345678901|Kepiting|Lateng|Sego tempong|Es teh|Ahmad Yani/i;

const messagesTo = async (phone: string): Promise<LocalMessage[]> => {
  const answer = await t.get(`/local/messages?phone=${encodeURIComponent(phone)}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.items;
};
/** Waits until the phone has `count` messages; then they are all there is to read (newest first). */
const waitForMessages = (phone: string, count: number, description: string) =>
  waitFor(description, async () => {
    const items = await messagesTo(phone);
    return items.length >= count ? items : undefined;
  });
const templatesOf = (items: readonly LocalMessage[]) => items.map((item) => item.template).reverse();

const offerFor = (description: string) => waitFor(description, async () => (await t.get('/v1/drivers/me/offers', driver)).body.items[0] as { offerId: string; jobId: string } | undefined);
const until = (description: string, condition: () => Promise<boolean>) => waitFor(description, async () => ((await condition()) ? true : undefined));
const moveDriverTo = async (at: { lat: number; lng: number }) => expect((await t.put('/v1/drivers/me/location', at, driver)).status).toBe(200);

beforeAll(async () => {
  t = await startTestRuntime({ log: (line) => printed.push(line) });
  admin = await t.token('admin', 'ntf-admin');
  const registered = await t.post(
    '/v1/drivers',
    { sub: 'ntf-driver', name: 'Ayu Lestari', phone: '081255500001', vehicle: { type: 'MOTORBIKE', plate: 'P 4001 E' }, fleet: { kind: 'GOJEK' }, medicineTrained: true },
    admin,
  );
  expect(registered.status, registered.text).toBe(201);
  driver = await t.token('driver', 'ntf-driver');
  await moveDriverTo(SITES.blambangan.location);
  await t.put('/v1/drivers/me/availability', { available: true }, driver);
});

afterAll(async () => {
  await t?.stop();
});

describe('the messages of a medicine delivery', () => {
  let orderId: string;
  let facilityId: string;
  let pharmacist: string;

  it('tells the patient the code and the link, who comes, and that it arrived: three messages, once each', async () => {
    pharmacist = await t.token('pharmacy', 'ntf-apoteker');
    facilityId = await createFacility(t, admin, 'blambangan', ['ntf-apoteker'], { phone: '0812-3342-1234' });
    const created = await t.post('/v1/medicine-orders', medicineOrderBody(facilityId, { patient: { phone: '0812-3450-0077' } }), pharmacist);
    expect(created.status, created.text).toBe(201);
    orderId = created.body.orderId;
    const { deliveryCode, trackingUrl } = created.body;

    const [registered] = await waitForMessages(PATIENT_PHONE, 1, 'the delivery code to reach the patient');
    expect(registered).toMatchObject({ to: PATIENT_PHONE, channel: 'LOCAL', template: 'gancang_medicine_registered', ref: `${orderId}#REGISTERED#PATIENT` });
    expect(registered!.text).toContain(deliveryCode);
    expect(registered!.text).toContain(`/track/${created.body.trackingToken}`);
    expect(trackingUrl).toContain(created.body.trackingToken);
    expect(registered!.text).toContain('RSUD Blambangan');

    // Preparing and ready: nothing the family needs to hear.
    expect((await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'PREPARING' }, pharmacist)).status).toBe(200);
    expect((await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'READY_FOR_PICKUP' }, pharmacist)).status).toBe(200);
    const offer = await offerFor('the medicine job offered to Ayu');
    expect((await t.post(`/v1/offers/${offer.offerId}/accept`, {}, driver)).status).toBe(200);
    const [assigned] = await waitForMessages(PATIENT_PHONE, 2, 'the driver’s name to reach the patient');
    expect(assigned).toMatchObject({ template: 'gancang_medicine_driver_assigned', ref: `${orderId}#DRIVER_ASSIGNED#PATIENT` });
    expect(assigned!.text).toMatch(/Ayu \(P 4001 E\)/);
    expect(assigned!.text).not.toContain('Lestari'); // the first name only

    expect((await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, driver)).status).toBe(200);
    expect((await t.post(`/v1/jobs/${offer.jobId}/deliver`, { code: deliveryCode, recipientName: 'Siti Aminah' }, driver)).status).toBe(200);
    const all = await waitForMessages(PATIENT_PHONE, 3, 'the delivery to be confirmed to the patient');
    expect(templatesOf(all)).toEqual(['gancang_medicine_registered', 'gancang_medicine_driver_assigned', 'gancang_medicine_delivered']);
    for (const message of all) expect(message.text).not.toMatch(NEVER_SAID);
    // One printed line per message, the phone masked.
    const lines = printed.filter((line) => line.startsWith('[message]') && line.includes('077 ('));
    expect(lines.map((line) => /^\[message\] to (\S+) \((\w+)\)/.exec(line)!.slice(1))).toEqual(all.map((m) => ['+62********077', m.template]).reverse());
    expect(printed.join('\n')).not.toContain(PATIENT_PHONE);
    // Newest first.
    expect([...all].sort((a, b) => b.sentAt.localeCompare(a.sentAt))).toEqual(all);
  });

  it('a notice delivered again (outbox relay and sweeper both sent it, or SQS redelivered it) sends nothing more', async () => {
    const notice = { type: 'ORDER_NOTICE', messageId: `ntc_${orderId}_REGISTERED_1`, orderKind: 'MEDICINE', orderId, event: 'REGISTERED', occurrence: 1, occurredAt: new Date().toISOString() };
    const record = (n: number) => ({
      messageId: `redelivered-${n}`,
      receiptHandle: `r${n}`,
      body: JSON.stringify(notice),
      attributes: { ApproximateReceiveCount: '2', SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: t.queue('notifications').arn,
      awsRegion: 'us-east-1',
    });
    // Twice in one batch and once more after: every record succeeds, and none sends.
    expect(await t.runtime.invoke('notifications', { Records: [record(1), record(2)] })).toEqual({ batchItemFailures: [] });
    expect(await t.runtime.invoke('notifications', { Records: [record(3)] })).toEqual({ batchItemFailures: [] });
    const all = await messagesTo(PATIENT_PHONE);
    expect(all.filter((message) => message.template === 'gancang_medicine_registered')).toHaveLength(1);
    expect(all).toHaveLength(3);
  });

  it('tells the patient of a failed delivery whom to call: the pharmacy’s phone', async () => {
    const created = await t.post('/v1/medicine-orders', medicineOrderBody(facilityId, { patient: { phone: '081234500076' } }), pharmacist);
    expect(created.status, created.text).toBe(201);
    await moveDriverTo(SITES.blambangan.location);
    expect((await t.post(`/v1/medicine-orders/${created.body.orderId}/status`, { status: 'PREPARING' }, pharmacist)).status).toBe(200);
    expect((await t.post(`/v1/medicine-orders/${created.body.orderId}/status`, { status: 'READY_FOR_PICKUP' }, pharmacist)).status).toBe(200);
    const offer = await offerFor('the second medicine job offered to Ayu');
    expect((await t.post(`/v1/offers/${offer.offerId}/accept`, {}, driver)).status).toBe(200);
    expect((await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, driver)).status).toBe(200);
    expect((await t.post(`/v1/jobs/${offer.jobId}/fail`, { reason: 'Rumah kosong' }, driver)).status).toBe(200);
    const all = await waitForMessages('+6281234500076', 3, 'the failed delivery to reach the patient');
    expect(templatesOf(all)).toEqual(['gancang_medicine_registered', 'gancang_medicine_driver_assigned', 'gancang_medicine_delivery_failed']);
    expect(all[0]!.text).toContain('hubungi apotek: +6281233421234.');
    expect(all[0]!.text).not.toMatch(/Rumah kosong/); // the driver's words stay with the pharmacy
  });
});

describe('the messages of a festival food order', () => {
  it('tells the merchant of the new order, and the customer when it is accepted, on its way and delivered', async () => {
    const festivalId = await createFestival(t, admin);
    const merchant = await openMerchant(t, admin, festivalId, { name: 'Warung Mbok Nah', place: 'giri', sub: 'ntf-merchant' });
    const citizen = await t.token('citizen', 'ntf-warga');
    const placed = expectStatus(await t.post('/v1/food-orders', foodOrderBody(festivalId, merchant, { recipient: { name: 'Ayu Lestari', phone: '081234500078' } }), citizen), 201);
    const orderId: string = placed.body.orderId;

    const [newOrder] = await waitForMessages(MERCHANT_PHONE, 1, 'the merchant to hear of the new order');
    expect(newOrder).toMatchObject({ template: 'gancang_food_new_order', ref: `${orderId}#PLACED#MERCHANT` });
    expect(newOrder!.text).toContain(orderId.slice(-6).toUpperCase());

    await moveDriverTo(PLACES.giri.location);
    expectStatus(await t.post(`/v1/food-orders/${orderId}/status`, { status: 'ACCEPTED', prepMinutes: 1 }, merchant.token), 200);
    const offer = await offerFor('the food job offered to Ayu');
    expectStatus(await t.post(`/v1/offers/${offer.offerId}/accept`, {}, driver), 200);
    await until('the order to show its courier', async () => (await t.get(`/v1/food-orders/${orderId}`, citizen)).body.status === 'COURIER_ASSIGNED');
    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, driver), 200);
    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/deliver`, { recipientName: 'Ayu Lestari' }, driver), 200);

    const toCustomer = await waitForMessages(CUSTOMER_PHONE, 3, 'the customer’s three messages');
    expect(templatesOf(toCustomer)).toEqual(['gancang_food_accepted', 'gancang_food_on_the_way', 'gancang_food_delivered']);
    expect(toCustomer.find((message) => message.template === 'gancang_food_accepted')!.text).toContain('Warung Mbok Nah');
    expect(toCustomer.find((message) => message.template === 'gancang_food_on_the_way')!.text).toMatch(/Ayu \(P 4001 E\)/);
    await until('the order to be delivered', async () => (await t.get(`/v1/food-orders/${orderId}`, citizen)).body.status === 'DELIVERED');
    const toMerchant = await messagesTo(MERCHANT_PHONE);
    expect(templatesOf(toMerchant)).toEqual(['gancang_food_new_order']);
    for (const message of [...toCustomer, ...toMerchant]) expect(message.text).not.toMatch(NEVER_SAID);
  });
});

describe('the messages of a ride', () => {
  const pickup = { location: { lat: -8.2191, lng: 114.3691 }, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } };
  const dropoff = { location: { lat: -8.1402, lng: 114.3951 }, address: { street: 'Jl. Gatot Subroto', desa: 'Ketapang', kecamatan: 'Kalipuro' } };
  const passenger = { name: 'Budi Santoso', phone: '081234500079' };

  it('tells the passenger who comes (first name, plate, company), once', async () => {
    const citizen = await t.token('citizen', 'ntf-penumpang');
    await moveDriverTo(pickup.location);
    const booked = expectStatus(await t.post('/v1/rides', { pickup, dropoff, vehicleType: 'MOTORBIKE', passenger }, citizen), 201);
    const offer = await offerFor('the ride offered to Ayu');
    expectStatus(await t.post(`/v1/offers/${offer.offerId}/accept`, {}, driver), 200);
    const [assigned] = await waitForMessages(PASSENGER_PHONE, 1, 'the passenger to hear who comes');
    expect(assigned).toMatchObject({ template: 'gancang_ride_driver_assigned', ref: `${booked.body.rideId}#DRIVER_ASSIGNED#PASSENGER` });
    expect(assigned!.text).toContain('Ayu (P 4001 E, Go-Jek)');
    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, driver), 200);
    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/deliver`, {}, driver), 200);
    await until('the ride to be completed', async () => (await t.get(`/v1/rides/${booked.body.rideId}`, citizen)).body.status === 'COMPLETED');
    expect(templatesOf(await messagesTo(PASSENGER_PHONE))).toEqual(['gancang_ride_driver_assigned']);
  });

  it('tells the passenger when no driver was found', async () => {
    const citizen = await t.token('citizen', 'ntf-penumpang-2');
    // Nobody drives a Go-Jek car here.
    const booked = expectStatus(await t.post('/v1/rides', { pickup, dropoff, vehicleType: 'CAR', passenger }, citizen), 201);
    const all = await waitForMessages(PASSENGER_PHONE, 2, 'the passenger to hear that nobody comes');
    expect(all[0]).toMatchObject({ template: 'gancang_ride_no_driver', ref: `${booked.body.rideId}#NO_DRIVER_FOUND#PASSENGER` });
    for (const message of all) expect(message.text).not.toMatch(NEVER_SAID);
  });
});

describe('the local outbox', () => {
  it('answers a missing or foreign phone with a 400 in the error envelope, and a phone nobody wrote to with no items', async () => {
    const missing = await t.get('/local/messages');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_FAILED');
    expect((await t.get('/local/messages?phone=%2B4915112345678')).status).toBe(400);
    expect(await messagesTo('+6281299999999')).toEqual([]);
    // An unencoded + reads as a space: still the same phone.
    expect((await t.get(`/local/messages?phone=+6281234500077`)).body.items.length).toBe(3);
  });
});
