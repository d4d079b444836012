/**
 * The local taxi partnership end to end over HTTP: an admin registers two taxi companies, their
 * operators register their own taxis (and nobody else's), a citizen is quoted at the tariff of
 * the nearest available taxi's company, books, the ride is offered only to that company's
 * taxis, the driver picks up and drops off, and the company's settlement report counts the ride
 * to the rupiah, in JSON and CSV. Also cancellation, no taxi available, rides that find no driver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fareIdr, PLATFORM_TARIFFS, roadDistanceKm } from '../../shared/kernel/fares.ts';
import { wibDay } from '../../shared/platform/time.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';

// Rides that find nobody give up after 3 s here (300 s by default); retries start after 1 s.
process.env.GANCANG_RIDE_SEARCH_SECONDS = '3';
process.env.GANCANG_RETRY_FIRST_DELAY_SECONDS = '1';

let t: TestRuntime;
let admin: string;
let operatorA: string;
let operatorB: string;
let citizen: string;
let otherCitizen: string;
let companyA: string;
let companyB: string;
const drivers: Record<'taxiA' | 'taxiB' | 'ojek', string> = { taxiA: '', taxiB: '', ojek: '' };

/** Pickup at the Taman Blambangan, drop-off at Pelabuhan Ketapang. */
const TAMAN_BLAMBANGAN = { lat: -8.2191, lng: 114.3691 };
const KETAPANG = { lat: -8.1402, lng: 114.3951 };
const north = (km: number) => ({ lat: TAMAN_BLAMBANGAN.lat + km / 111.2, lng: TAMAN_BLAMBANGAN.lng });
const TARIFF_A = { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 };
const TARIFF_B = { flagFallIdr: 9_000, perKmIdr: 5_000, minimumFareIdr: 25_000 };

const pickup = { location: TAMAN_BLAMBANGAN, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } };
const dropoff = { location: KETAPANG, address: { street: 'Jl. Gatot Subroto', desa: 'Ketapang', kecamatan: 'Kalipuro' } };

const offersOf = async (driver: string) => (await t.get('/v1/drivers/me/offers', driver)).body.items as Array<{ offerId: string; jobId: string; kind: string; fareIdr: number }>;
const until = (description: string, condition: () => Promise<boolean>) =>
  waitFor(description, async () => ((await condition()) ? true : undefined), { timeoutMs: 15_000 });
const ride = async (rideId: string, token = citizen) => (await t.get(`/v1/rides/${rideId}`, token)).body;

async function registerTaxi(key: 'taxiA' | 'taxiB', companyId: string, operator: string, plate: string, at: { lat: number; lng: number }) {
  const sub = `it-${key}`;
  const registered = await t.post(
    '/v1/drivers',
    { sub, name: key === 'taxiA' ? 'Hartono Wibisono' : 'Yusuf Mansur', phone: key === 'taxiA' ? '081277700001' : '081277700002', vehicle: { type: 'TAXI', plate }, fleet: { kind: 'PARTNER_TAXI', companyId }, medicineTrained: false },
    operator,
  );
  expect(registered.status, registered.text).toBe(201);
  drivers[key] = await t.token('driver', sub);
  await t.put('/v1/drivers/me/location', at, drivers[key]);
  await t.put('/v1/drivers/me/availability', { available: true }, drivers[key]);
}

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'it-admin');
  operatorA = await t.token('taxi_operator', 'it-op-a');
  operatorB = await t.token('taxi_operator', 'it-op-b');
  citizen = await t.token('citizen', 'it-warga');
  otherCitizen = await t.token('citizen', 'it-warga-lain');

  const a = await t.post('/v1/taxi-companies', { name: 'Osing Taksi', licenseNo: '551.21/001/429.104/2024', operators: ['it-op-a'], tariff: TARIFF_A }, admin);
  expect(a.status, a.text).toBe(201);
  companyA = a.body.companyId;
  const b = await t.post('/v1/taxi-companies', { name: 'Blambangan Taxi', licenseNo: '551.21/002/429.104/2024', operators: ['it-op-b'], tariff: TARIFF_B }, admin);
  expect(b.status, b.text).toBe(201);
  companyB = b.body.companyId;

  // Nearest of all is a Go-Jek motorbike; then company A's taxi; company B's is farther.
  const ojek = await t.post(
    '/v1/drivers',
    { sub: 'it-ojek', name: 'Dimas Anggara', phone: '081277700009', vehicle: { type: 'MOTORBIKE', plate: 'P 7001 OJ' }, fleet: { kind: 'GOJEK' }, medicineTrained: false },
    admin,
  );
  expect(ojek.status).toBe(201);
  drivers.ojek = await t.token('driver', 'it-ojek');
  await t.put('/v1/drivers/me/location', north(0.1), drivers.ojek);
  await t.put('/v1/drivers/me/availability', { available: true }, drivers.ojek);
  await registerTaxi('taxiA', companyA, operatorA, 'P 1101 UA', north(0.5));
  await registerTaxi('taxiB', companyB, operatorB, 'P 2202 UB', north(2));
});

afterAll(async () => {
  await t?.stop();
});

describe('taxi companies and their operators', () => {
  it('validates the company: whole positive rupiah, one company per Dishub licence, admins only', async () => {
    const base = { name: 'Taksi Gandrung', licenseNo: '551.21/009/429.104/2024', operators: ['it-op-c'], tariff: TARIFF_A };
    for (const tariff of [{ ...TARIFF_A, perKmIdr: 4150.5 }, { ...TARIFF_A, flagFallIdr: 0 }, { ...TARIFF_A, minimumFareIdr: -1 }, { flagFallIdr: 1, perKmIdr: 1 }]) {
      const res = await t.post('/v1/taxi-companies', { ...base, tariff }, admin);
      expect(res.status, JSON.stringify(tariff)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const taken = await t.post('/v1/taxi-companies', { ...base, licenseNo: ' 551.21/001/429.104/2024' }, admin);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('LICENSE_TAKEN');
    expect((await t.post('/v1/taxi-companies', base, operatorA)).status).toBe(403);
    expect((await t.post('/v1/taxi-companies', base, citizen)).status).toBe(403);
  });

  it('lets an operator read and staff only its own company', async () => {
    const own = await t.get(`/v1/taxi-companies/${companyA}`, operatorA);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ companyId: companyA, name: 'Osing Taksi', operators: ['it-op-a'], tariff: TARIFF_A });
    expect((await t.get(`/v1/taxi-companies/${companyA}`, operatorB)).status).toBe(403);
    expect((await t.get(`/v1/taxi-companies/${companyA}`, admin)).status).toBe(200);
    const intoOther = await t.post(
      '/v1/drivers',
      { sub: 'it-intruder', name: 'Intruder', phone: '081277700003', vehicle: { type: 'TAXI', plate: 'P 3303 UC' }, fleet: { kind: 'PARTNER_TAXI', companyId: companyA }, medicineTrained: false },
      operatorB,
    );
    expect(intoOther.status).toBe(403);
    const gojek = await t.post(
      '/v1/drivers',
      { sub: 'it-intruder', name: 'Intruder', phone: '081277700003', vehicle: { type: 'MOTORBIKE', plate: 'P 3303 UC' }, fleet: { kind: 'GOJEK' }, medicineTrained: false },
      operatorB,
    );
    expect(gojek.status).toBe(403);
  });

  it('lets an operator list its own fleet, and only its own', async () => {
    const own = await t.get(`/v1/taxi-companies/${companyA}/drivers`, operatorA);
    expect(own.status).toBe(200);
    expect(own.body.items.map((d: { vehicle: { plate: string } }) => d.vehicle.plate)).toEqual(['P 1101 UA']);
    expect(own.body.items[0]).toMatchObject({ fleet: { kind: 'PARTNER_TAXI', companyId: companyA } });
    expect((await t.get(`/v1/taxi-companies/${companyA}/drivers`, operatorB)).status).toBe(403);
    expect((await t.get(`/v1/taxi-companies/${companyB}/drivers`, admin)).body.items).toHaveLength(1);
    expect((await t.get('/v1/taxi-companies/cmp_nowhere/drivers', admin)).status).toBe(404);
  });
});

describe('a taxi ride from quote to settlement', () => {
  let rideId: string;
  let quotedFare: number;
  const km = roadDistanceKm(TAMAN_BLAMBANGAN, KETAPANG);

  it('quotes TAXI at the tariff of the nearest available taxi’s company, MOTORBIKE and CAR at the platform’s', async () => {
    const taxi = await t.post('/v1/rides/quote', { pickup: TAMAN_BLAMBANGAN, dropoff: KETAPANG, vehicleType: 'TAXI' }, citizen);
    expect(taxi.status, taxi.text).toBe(200);
    quotedFare = fareIdr(TARIFF_A, km);
    expect(taxi.body).toMatchObject({ vehicleType: 'TAXI', distanceKm: km, fareIdr: quotedFare, companyId: companyA, companyName: 'Osing Taksi' });
    expect(Number.isInteger(taxi.body.fareIdr)).toBe(true);
    const motorbike = await t.post('/v1/rides/quote', { pickup: TAMAN_BLAMBANGAN, dropoff: KETAPANG, vehicleType: 'MOTORBIKE' }, citizen);
    expect(motorbike.body).toMatchObject({ distanceKm: km, fareIdr: fareIdr(PLATFORM_TARIFFS.MOTORBIKE, km) });
    expect(motorbike.body.companyId).toBeUndefined();
    const car = await t.post('/v1/rides/quote', { pickup: TAMAN_BLAMBANGAN, dropoff: KETAPANG, vehicleType: 'CAR' }, citizen);
    expect(car.body.fareIdr).toBe(fareIdr(PLATFORM_TARIFFS.CAR, km));
  });

  it('quotes the places as they are booked ({location, address}) too, at the same fare as the bare points', async () => {
    const asBooked = await t.post('/v1/rides/quote', { pickup, dropoff, vehicleType: 'TAXI' }, citizen);
    expect(asBooked.status, asBooked.text).toBe(200);
    expect(asBooked.body).toMatchObject({ vehicleType: 'TAXI', distanceKm: km, fareIdr: quotedFare, companyId: companyA });
    const mixed = await t.post('/v1/rides/quote', { pickup, dropoff: KETAPANG, vehicleType: 'CAR' }, citizen);
    expect(mixed.body).toMatchObject({ distanceKm: km, fareIdr: fareIdr(PLATFORM_TARIFFS.CAR, km) });
    // A place with a bad address is refused for what is wrong with it, not as an unreadable shape.
    const badAddress = await t.post('/v1/rides/quote', { pickup: { ...pickup, address: { ...pickup.address, kecamatan: 'Atlantis' } }, dropoff, vehicleType: 'CAR' }, citizen);
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.error.details.map((d: { path: string }) => d.path)).toEqual(['pickup.address.kecamatan']);
  });

  it('refuses places outside the service area and callers who are not citizens', async () => {
    const outside = await t.post('/v1/rides/quote', { pickup: TAMAN_BLAMBANGAN, dropoff: { lat: -7.25, lng: 112.75 }, vehicleType: 'TAXI' }, citizen);
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('OUTSIDE_SERVICE_AREA');
    expect((await t.post('/v1/rides/quote', { pickup: TAMAN_BLAMBANGAN, dropoff: KETAPANG, vehicleType: 'TAXI' }, operatorA)).status).toBe(403);
  });

  it('books at the quoted fare and offers the ride only to company A’s taxi', async () => {
    const booked = await t.post('/v1/rides', { pickup, dropoff, vehicleType: 'TAXI', passenger: { name: 'Rina Kartika', phone: '081233300001' } }, citizen);
    expect(booked.status, booked.text).toBe(201);
    expect(booked.body).toMatchObject({ status: 'SEARCHING', fareIdr: quotedFare, companyId: companyA, driver: null });
    rideId = booked.body.rideId;
    // The citizen's own page of the ride, on the app's origin (locally the API's).
    expect(booked.body.trackingUrl).toBe(`${t.apiUrl}/rides/${rideId}`);
    expect((await ride(rideId)).driverPosition).toBeNull();

    const offer = await waitFor('an offer for company A’s taxi', async () => (await offersOf(drivers.taxiA))[0]);
    expect(offer).toMatchObject({ kind: 'RIDE', fareIdr: quotedFare });
    // The Go-Jek motorbike is nearer and company B's taxi is free, but neither is asked.
    expect(await offersOf(drivers.ojek)).toEqual([]);
    expect(await offersOf(drivers.taxiB)).toEqual([]);

    const accepted = await t.post(`/v1/offers/${offer.offerId}/accept`, {}, drivers.taxiA);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ recipient: { name: 'Rina Kartika', phone: '+6281233300001' }, deliveryCodeRequired: false });
    await until('the ride to show its driver', async () => (await ride(rideId)).status === 'DRIVER_ASSIGNED');
    const assigned = await ride(rideId);
    expect(assigned.driver).toEqual({ firstName: 'Hartono', vehiclePlate: 'P 1101 UA', vehicleType: 'TAXI', companyId: companyA, companyName: 'Osing Taksi' });
    expect(JSON.stringify(assigned)).not.toMatch(/Wibisono|081277700001|drv_/);
    // From the assignment the passenger sees the taxi coming: where it last reported itself.
    expect(assigned.driverPosition).toMatchObject(north(0.5));
    const coming = north(0.2);
    expect((await t.put('/v1/drivers/me/location', coming, drivers.taxiA)).status).toBe(200);
    expect((await ride(rideId)).driverPosition).toMatchObject(coming);

    // Another citizen learns nothing of it; the cancel window closes once the trip starts.
    expect((await t.get(`/v1/rides/${rideId}`, otherCitizen)).status).toBe(404);
    expect((await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, drivers.taxiA)).status).toBe(200);
    await until('the trip to start', async () => (await ride(rideId)).status === 'ON_TRIP');
    const late = await t.post(`/v1/rides/${rideId}/cancel`, {}, citizen);
    expect(late.status).toBe(409);
    // For rides the delivery is the drop-off, with no code and no recipient's name: the passenger is the recipient.
    const dropped = await t.request('POST', `/v1/jobs/${offer.jobId}/deliver`, { token: drivers.taxiA });
    expect(dropped.status, dropped.text).toBe(200);
    expect(dropped.body).toMatchObject({ status: 'DELIVERED', recipient: { name: 'Rina Kartika', phone: '+6281233300001' } });
    await until('the ride to complete', async () => (await ride(rideId)).status === 'COMPLETED');
    const done = await ride(rideId);
    expect(done.fareIdr).toBe(quotedFare);
    expect(done.driverPosition).toBeNull();
    expect(done.trackingUrl).toBe(`${t.apiUrl}/rides/${rideId}`);
    expect(done.timeline.map((s: { status: string }) => s.status)).toEqual(['SEARCHING', 'DRIVER_ASSIGNED', 'ON_TRIP', 'COMPLETED']);
    expect(wibDay(new Date(done.completedAt))).toBe(done.completedAt.slice(0, 10));
    const mine = await t.get('/v1/rides', citizen);
    expect(mine.body.items.map((r: { rideId: string }) => r.rideId)).toContain(rideId);
    expect((await t.get('/v1/rides', otherCitizen)).body.items).toEqual([]);
  });

  it('reports the completed ride to company A to the rupiah, in JSON and CSV; not to others', async () => {
    const today = wibDay(new Date());
    const path = `/v1/taxi-companies/${companyA}/report?from=${today}&to=${today}`;
    const report = await t.get(path, operatorA);
    expect(report.status, report.text).toBe(200);
    expect(report.body).toMatchObject({
      companyId: companyA,
      companyName: 'Osing Taksi',
      days: [{ day: today, rides: 1, distanceKm: km, revenueIdr: quotedFare }],
      totals: { rides: 1, distanceKm: km, revenueIdr: quotedFare },
    });
    const csv = await t.request('GET', path, { token: operatorA, headers: { accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.trim().split('\r\n')).toEqual([
      'companyId,companyName,day,rides,distanceKm,revenueIdr',
      `${companyA},Osing Taksi,${today},1,${km.toFixed(1)},${quotedFare}`,
      `${companyA},Osing Taksi,TOTAL,1,${km.toFixed(1)},${quotedFare}`,
    ]);
    expect((await t.get(path, admin)).body.totals.rides).toBe(1);
    const other = await t.get(`/v1/taxi-companies/${companyB}/report?from=${today}&to=${today}`, operatorB);
    expect(other.body.totals).toEqual({ rides: 0, distanceKm: 0, revenueIdr: 0 });
    expect((await t.get(path, operatorB)).status).toBe(403);
    expect((await t.get(path, citizen)).status).toBe(403);
    expect((await t.get(`/v1/taxi-companies/${companyA}/report?from=${today}&to=2020-01-01`, operatorA)).status).toBe(400);
  });
});

describe('when a ride does not happen', () => {
  it('cancelling withdraws the offer and frees the taxi for the next ride', async () => {
    const booked = await t.post('/v1/rides', { pickup, dropoff, vehicleType: 'TAXI' }, citizen);
    expect(booked.status).toBe(201);
    const offer = await waitFor('an offer for company A’s taxi', async () => (await offersOf(drivers.taxiA))[0]);
    expect((await t.post(`/v1/rides/${booked.body.rideId}/cancel`, { reason: 'changed plans' }, otherCitizen)).status).toBe(404);
    const asked = await t.post(`/v1/rides/${booked.body.rideId}/cancel`, { reason: 'changed plans' }, citizen);
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'SEARCHING', cancellation: { reason: 'changed plans', by: 'citizen' } });
    await until('the offer to be withdrawn', async () => (await offersOf(drivers.taxiA)).length === 0);
    expect((await t.post(`/v1/offers/${offer.offerId}/accept`, {}, drivers.taxiA)).status).toBe(409);
    const cancelled = await waitFor('the ride to follow the withdrawal', async () => {
      const ride = (await t.get(`/v1/rides/${booked.body.rideId}`, citizen)).body;
      return ride.status === 'CANCELLED' ? ride : undefined;
    });
    expect(cancelled).toMatchObject({ cancelReason: 'changed plans' });
    expect((await t.post(`/v1/rides/${booked.body.rideId}/cancel`, {}, citizen)).status).toBe(409);

    const next = await t.post('/v1/rides', { pickup, dropoff, vehicleType: 'TAXI' }, citizen);
    const nextOffer = await waitFor('the freed taxi getting the next ride', async () => (await offersOf(drivers.taxiA))[0]);
    expect(nextOffer.jobId).toBe(`job_${next.body.rideId}`);
    // Company A's taxi is now busy with an offer: the nearest available taxi is company B's.
    const quote = await t.post('/v1/rides/quote', { pickup: TAMAN_BLAMBANGAN, dropoff: KETAPANG, vehicleType: 'TAXI' }, citizen);
    expect(quote.body).toMatchObject({ companyId: companyB, fareIdr: fareIdr(TARIFF_B, roadDistanceKm(TAMAN_BLAMBANGAN, KETAPANG)) });
    expect((await t.post(`/v1/rides/${next.body.rideId}/cancel`, {}, citizen)).status).toBe(202);
    await until('the second offer to be withdrawn', async () => (await offersOf(drivers.taxiA)).length === 0);
  });

  it('no taxi available: the quote and the booking are 422 NO_VEHICLE_AVAILABLE, and nothing is booked', async () => {
    await t.put('/v1/drivers/me/availability', { available: false }, drivers.taxiA);
    await t.put('/v1/drivers/me/availability', { available: false }, drivers.taxiB);
    const before = (await t.get('/v1/rides?limit=100', citizen)).body.items.length;
    const quote = await t.post('/v1/rides/quote', { pickup: TAMAN_BLAMBANGAN, dropoff: KETAPANG, vehicleType: 'TAXI' }, citizen);
    expect(quote.status).toBe(422);
    expect(quote.body.error.code).toBe('NO_VEHICLE_AVAILABLE');
    const booking = await t.post('/v1/rides', { pickup, dropoff, vehicleType: 'TAXI' }, citizen);
    expect(booking.status).toBe(422);
    expect((await t.get('/v1/rides?limit=100', citizen)).body.items.length).toBe(before);
  });

  it('a ride nobody takes ends NO_DRIVER_FOUND', async () => {
    // No Go-Jek car is registered at all.
    const booked = await t.post('/v1/rides', { pickup, dropoff, vehicleType: 'CAR' }, citizen);
    expect(booked.status).toBe(201);
    expect(booked.body.fareIdr).toBe(fareIdr(PLATFORM_TARIFFS.CAR, roadDistanceKm(TAMAN_BLAMBANGAN, KETAPANG)));
    await waitFor('the search to give up', async () => ((await ride(booked.body.rideId)).status === 'NO_DRIVER_FOUND' ? true : undefined), { timeoutMs: 30_000 });
    expect((await t.post(`/v1/rides/${booked.body.rideId}/cancel`, {}, citizen)).status).toBe(409);
  });
});
