/**
 * Pesta Kuliner Go-Food end to end over HTTP on the local runtime: a merchant registers and is
 * approved, fills its menu, joins a festival; a citizen finds it in the catalogue and orders with
 * a promotion; the merchant accepts, dispatch brings a Go-Jek motorbike, the driver delivers
 * without a code, and the order follows. Also the catalogue's filters, access rules, domain
 * refusals, and fuzzing of every festival POST/PUT (never a 5xx).
 */
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';
import { createFestival, DROPOFF, expectStatus, merchantBody, openMerchant, orderBody, PLACES, type OpenMerchant } from './support/festival.ts';

let t: TestRuntime;
let admin: string;
let citizen: string;
let festivalId: string;
let tempong: OpenMerchant;
let rujak: OpenMerchant;
let pecel: OpenMerchant;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'admin-pemkab');
  citizen = await t.token('citizen', 'warga-ayu');
  festivalId = await createFestival(t, admin);
  tempong = await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Mbok Nah', place: 'giri', sub: 'umkm-nah', halal: { status: 'CERTIFIED', certificateNo: 'ID35110000451230' }, featured: false });
  rujak = await openMerchant(t, admin, festivalId, { name: 'Rujak Soto Bu Sum', place: 'rogojampi', sub: 'umkm-sum', featured: true, menu: [['Rujak soto', 20_000]] });
  pecel = await openMerchant(t, admin, festivalId, { name: 'Pecel Rawon Mbah Jum', place: 'genteng', sub: 'umkm-jum', halal: { status: 'NONE' }, menu: [['Pecel rawon', 21_000]] });
});
afterAll(async () => {
  await t?.stop();
});

describe('merchant onboarding', () => {
  it('starts PENDING_REVIEW; an admin rejects with a reason; only approved merchants join and show a menu', async () => {
    const owner = await t.token('merchant', 'umkm-baru');
    const created = expectStatus(await t.post('/v1/merchants', { ...merchantBody('Jenang Bu Ning', 'giri'), nib: '9120300123456' }, owner), 201);
    expect(created.body).toMatchObject({ status: 'PENDING_REVIEW', phone: '+6285236000001', nib: '9120300123456' });
    const id = created.body.merchantId;
    expectStatus(await t.put(`/v1/merchants/${id}/menu`, { items: [{ name: 'Jenang sumsum', priceIdr: 8_000, available: true }] }, owner), 200);
    expect((await t.get(`/v1/merchants/${id}/menu`)).status).toBe(404); // not public before approval
    expect((await t.post(`/v1/festivals/${festivalId}/merchants`, { merchantId: id }, admin)).body.error.code).toBe('MERCHANT_NOT_APPROVED');
    expect((await t.post(`/v1/merchants/${id}/approve`, {}, owner)).status).toBe(403); // the gateway: not an admin route for merchants

    const rejected = expectStatus(await t.post(`/v1/merchants/${id}/reject`, { reason: 'Alamat tidak sesuai NIB' }, admin), 200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionReason: 'Alamat tidak sesuai NIB' });
    expect((await t.post(`/v1/merchants/${id}/approve`, {}, admin)).status).toBe(409);
    // Its owner reads the decision and the reason; another merchant account may not.
    expect(expectStatus(await t.get(`/v1/merchants/${id}`, owner), 200).body).toMatchObject({ status: 'REJECTED', rejectionReason: 'Alamat tidak sesuai NIB' });
    expect((await t.get(`/v1/merchants/${id}`, await t.token('merchant', 'umkm-lain'))).status).toBe(403);
    const queue = expectStatus(await t.get('/v1/merchants?status=REJECTED', admin), 200);
    expect(queue.body.items.map((m: { merchantId: string }) => m.merchantId)).toContain(id);
  });

  it('lets only its own merchant edit a menu; prices stay whole rupiah; item ids are kept', async () => {
    const stranger = await t.token('merchant', 'umkm-lain');
    expect((await t.put(`/v1/merchants/${tempong.merchantId}/menu`, { items: [] }, stranger)).status).toBe(403);
    expect((await t.put(`/v1/merchants/${tempong.merchantId}/menu`, { items: [{ name: 'X', priceIdr: 0, available: true }] }, tempong.token)).status).toBe(400);
    const unknown = await t.put(`/v1/merchants/${tempong.merchantId}/menu`, { items: [{ itemId: 'item_NOSUCH', name: 'X', priceIdr: 1000, available: true }] }, tempong.token);
    expect(unknown.body.error.code).toBe('UNKNOWN_MENU_ITEM');
    const menu = (await t.get(`/v1/merchants/${tempong.merchantId}/menu`)).body;
    expect(menu.items.map((i: { name: string; priceIdr: number }) => [i.name, i.priceIdr])).toEqual([['Sego tempong', 22_000], ['Es teh', 5_000]]);
  });

  it('keeps the kitchen’s usual preparation time (1 to 180 minutes, 15 when not given) and shows it to the owner and the public', async () => {
    const owner = await t.token('merchant', 'umkm-prep');
    const set = expectStatus(await t.post('/v1/merchants', { ...merchantBody('Kue Bagiak Bu Rini', 'giri'), prepMinutes: 40 }, owner), 201);
    expect(set.body.prepMinutes).toBe(40);
    expect(expectStatus(await t.get(`/v1/merchants/${set.body.merchantId}`, owner), 200).body.prepMinutes).toBe(40);
    const unset = expectStatus(await t.post('/v1/merchants', merchantBody('Kopi Lego Pak Ali', 'giri'), owner), 201);
    expect(unset.body.prepMinutes).toBe(15);
    for (const prepMinutes of [0, 181, 12.5, '20']) {
      const refused = await t.post('/v1/merchants', { ...merchantBody('Warung Salah Menit', 'giri'), prepMinutes }, owner);
      expect(refused.status, String(prepMinutes)).toBe(400);
      expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual(['prepMinutes']);
    }
    const catalogue = expectStatus(await t.get(`/v1/festivals/${festivalId}/merchants`), 200).body.items;
    expect(catalogue.find((m: { merchantId: string }) => m.merchantId === rujak.merchantId)).toMatchObject({ prepMinutes: 15 });
  });

  it('refuses a second registration of one business: the same NIB, or the same name in the same desa (409 MERCHANT_ALREADY_REGISTERED)', async () => {
    const owner = await t.token('merchant', 'umkm-ganda');
    expectStatus(await t.post('/v1/merchants', { ...merchantBody('Pia Glenmore Bu Yati', 'rogojampi'), nib: '9120300777001' }, owner), 201);

    const sameNib = await t.post('/v1/merchants', { ...merchantBody('Toko Roti Lain', 'genteng'), nib: '9120300777001' }, await t.token('merchant', 'umkm-lain-nib'));
    expect([sameNib.status, sameNib.body.error?.code]).toEqual([409, 'MERCHANT_ALREADY_REGISTERED']);
    expect(sameNib.body.error.details).toEqual([{ path: 'nib', message: 'a merchant with this NIB is already registered' }]);

    const sameName = await t.post('/v1/merchants', merchantBody('  pia   GLENMORE bu yati ', 'rogojampi'), owner);
    expect([sameName.status, sameName.body.error?.code]).toEqual([409, 'MERCHANT_ALREADY_REGISTERED']);
    expect(sameName.body.error.details.map((d: { path: string }) => d.path)).toEqual(['name']);
    const both = await t.post('/v1/merchants', { ...merchantBody('Pia Glenmore Bu Yati', 'rogojampi'), nib: '9120300777001' }, owner);
    expect(both.body.error.details.map((d: { path: string }) => d.path)).toEqual(['nib', 'name']);

    // The same name in another desa is another business.
    expectStatus(await t.post('/v1/merchants', merchantBody('Pia Glenmore Bu Yati', 'genteng'), owner), 201);
  });

  it('of concurrent registrations with one NIB, exactly one is written', async () => {
    const owners = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => t.token('merchant', `umkm-balapan-${n}`)));
    const results = await Promise.all(owners.map((owner, n) => t.post('/v1/merchants', { ...merchantBody(`Warung Balapan ${n}`, 'giri'), nib: '9120300888002' }, owner)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expect(r.body.error.code).toBe('MERCHANT_ALREADY_REGISTERED');
    const sameName = await Promise.all(owners.map((owner) => t.post('/v1/merchants', merchantBody('Warung Kembar', 'genteng'), owner)));
    expect(sameName.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('a rejected registration gives its NIB and name back, so the business can register again', async () => {
    const owner = await t.token('merchant', 'umkm-ulang');
    const body = { ...merchantBody('Bagiak Pak Harun', 'giri'), nib: '9120300999003' };
    const first = expectStatus(await t.post('/v1/merchants', body, owner), 201);
    expect((await t.post('/v1/merchants', body, owner)).status).toBe(409);
    expectStatus(await t.post(`/v1/merchants/${first.body.merchantId}/reject`, { reason: 'Alamat tidak sesuai NIB' }, admin), 200);
    expectStatus(await t.post('/v1/merchants', body, owner), 201);
  });

  it('answers a menu replaced and a menu read in the same shape, naming its merchant', async () => {
    const owner = await t.token('merchant', 'umkm-menu');
    const id = expectStatus(await t.post('/v1/merchants', merchantBody('Kue Bagiak Bu Rah', 'giri'), owner), 201).body.merchantId;
    const put = expectStatus(await t.put(`/v1/merchants/${id}/menu`, { items: [{ name: 'Kue bagiak', priceIdr: 15_000, available: true }] }, owner), 200);
    expectStatus(await t.post(`/v1/merchants/${id}/approve`, {}, admin), 200);
    const read = expectStatus(await t.get(`/v1/merchants/${id}/menu`), 200);
    expect(put.body).toEqual(read.body);
    expect(read.body).toMatchObject({ merchantId: id, items: [{ name: 'Kue bagiak', priceIdr: 15_000, available: true }] });
  });

  it('refuses a merchant outside Banyuwangi with OUTSIDE_SERVICE_AREA and a CERTIFIED one without certificate with 400', async () => {
    const owner = await t.token('merchant', 'umkm-jember');
    const outside = await t.post('/v1/merchants', { ...merchantBody('Warung Jember', 'giri'), location: { lat: -8.17, lng: 113.7 } }, owner);
    expect([outside.status, outside.body.error.code]).toEqual([422, 'OUTSIDE_SERVICE_AREA']);
    const uncertified = await t.post('/v1/merchants', merchantBody('Warung X', 'giri', { status: 'CERTIFIED' }), owner);
    expect(uncertified.status).toBe(400);
    expect(uncertified.body.error.details.map((d: { path: string }) => d.path)).toContain('halal.certificateNo');
  });
});

describe('festivals', () => {
  const at = (days: number) => new Date(Date.UTC(2027, 5, 1) + days * 86_400_000).toISOString();
  const create = (name: string, from: number, to: number) => t.post('/v1/festivals', { name, startsAt: at(from), endsAt: at(to) }, admin);

  it('refuses a festival of the same name (any letter case or spacing) whose window overlaps another’s with 409 FESTIVAL_ALREADY_EXISTS', async () => {
    const first = expectStatus(await create('Festival Gandrung Sewu', 0, 3), 201);
    const again = await create('  festival  GANDRUNG sewu', 2, 5);
    expect([again.status, again.body.error?.code]).toEqual([409, 'FESTIVAL_ALREADY_EXISTS']);
    expect(again.body.error.details).toEqual([{ path: 'name', message: expect.stringContaining(first.body.festivalId) }]);
    // Next year's edition, one that starts as this one ends, and another festival at the same time are all fine.
    expectStatus(await create('Festival Gandrung Sewu', 365, 368), 201);
    expectStatus(await create('Festival Gandrung Sewu', 3, 4), 201);
    expectStatus(await create('Banyuwangi Ethno Carnival', 1, 2), 201);
  });

  it('of concurrent creations of one festival, exactly one is written', async () => {
    const results = await Promise.all([0, 1, 2, 3, 4].map((n) => create('Festival Kopi Kemiren', 10 + n * 0.1, 12)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const listed = expectStatus(await t.get('/v1/festivals?limit=100'), 200).body.items.filter((f: { name: string }) => f.name === 'Festival Kopi Kemiren');
    expect(listed).toHaveLength(1);
  });
});

describe('the public catalogue', () => {
  const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((m) => m.name);

  it('shows festivals to anyone, without the admin account that created them', async () => {
    const list = expectStatus(await t.get('/v1/festivals'), 200);
    const one = expectStatus(await t.get(`/v1/festivals/${festivalId}`), 200);
    expect(list.body.items.map((f: { festivalId: string }) => f.festivalId)).toContain(festivalId);
    expect(one.body).toMatchObject({ festivalId, name: 'Pesta Kuliner Go-Food' });
    for (const text of [list.text, one.text]) expect(text).not.toMatch(/createdBy|admin-pemkab/);
  });

  it('lists featured merchants first, with their menus, without personal data', async () => {
    const res = expectStatus(await t.get(`/v1/festivals/${festivalId}/merchants`), 200);
    expect(names(res)).toEqual(['Rujak Soto Bu Sum', 'Pecel Rawon Mbah Jum', 'Sego Tempong Mbok Nah']);
    expect(res.body.items[2].menu.map((i: { priceIdr: number }) => i.priceIdr)).toEqual([22_000, 5_000]);
    expect(res.text).not.toMatch(/085236|\+628|ownerSub|Pemilik/);
    // Points to about 100 m (3 decimals), not the stall's exact place.
    expect(res.body.items.map((m: { location: unknown }) => m.location)).toEqual([
      { lat: -8.309, lng: 114.287 },
      { lat: -8.366, lng: 114.164 },
      { lat: -8.19, lng: 114.33 },
    ]);
  });

  it('filters by kecamatan (any letter case) and halal status, and pages', async () => {
    expect(names(await t.get(`/v1/festivals/${festivalId}/merchants?kecamatan=giri`))).toEqual(['Sego Tempong Mbok Nah']);
    expect(names(await t.get(`/v1/festivals/${festivalId}/merchants?halal=certified`))).toEqual(['Sego Tempong Mbok Nah']);
    expect(names(await t.get(`/v1/festivals/${festivalId}/merchants?halal=NONE&kecamatan=Genteng`))).toEqual(['Pecel Rawon Mbah Jum']);
    expect(names(await t.get(`/v1/festivals/${festivalId}/merchants?halal=NONE&kecamatan=Giri`))).toEqual([]);
    expect((await t.get(`/v1/festivals/${festivalId}/merchants?kecamatan=Sumbersari`)).status).toBe(400);

    const first = await t.get(`/v1/festivals/${festivalId}/merchants?limit=2`);
    expect(names(first)).toEqual(['Rujak Soto Bu Sum', 'Pecel Rawon Mbah Jum']);
    const second = await t.get(`/v1/festivals/${festivalId}/merchants?limit=2&cursor=${first.body.nextCursor}`);
    expect(names(second)).toEqual(['Sego Tempong Mbok Nah']);
    const filtered = await t.get(`/v1/festivals/${festivalId}/merchants?limit=1&halal=SELF_DECLARED`);
    expect(names(filtered)).toEqual(['Rujak Soto Bu Sum']);
    expect((await t.get(`/v1/festivals/${festivalId}/merchants?cursor=bm9wZQ`)).status).toBe(400);
  });
});

describe('a food order from catalogue to doorstep', () => {
  it('is priced from the menu, delivered by a Go-Jek motorbike without a code, and the order follows', async () => {
    // A Go-Jek driver near the stall in Giri (not medicine-trained: food needs no training).
    const driverSub = 'food-driver-rizal';
    expectStatus(
      await t.post('/v1/drivers', { sub: driverSub, name: 'Rizal Hakim', phone: '081299911111', vehicle: { type: 'MOTORBIKE', plate: 'P 7001 FD' }, fleet: { kind: 'GOJEK' }, medicineTrained: false }, admin),
      201,
    );
    const driver = await t.token('driver', driverSub);
    await t.put('/v1/drivers/me/location', { lat: PLACES.giri.location.lat + 0.005, lng: PLACES.giri.location.lng }, driver);
    await t.put('/v1/drivers/me/availability', { available: true }, driver);

    expectStatus(
      await t.post(`/v1/festivals/${festivalId}/promotions`, { code: 'KULINER20', kind: 'PERCENT', value: 20, maxDiscountIdr: 15_000, minSubtotalIdr: 25_000, quota: 100, perCustomerLimit: 1 }, admin),
      201,
    );
    // The client's own price is not a field at all: a price in the body is a 400, not a discount.
    const forged = await t.post('/v1/food-orders', orderBody(festivalId, tempong, { items: [{ itemId: tempong.items[0]!.itemId, quantity: 2, priceIdr: 1 }] }), citizen);
    expect(forged.status).toBe(400);

    const placed = expectStatus(
      await t.post('/v1/food-orders', orderBody(festivalId, tempong, { items: [{ itemId: tempong.items[0]!.itemId, quantity: 2 }, { itemId: tempong.items[1]!.itemId, quantity: 1 }], promoCode: 'kuliner20' }), citizen),
      201,
    );
    const order = placed.body;
    expect(order).toMatchObject({ status: 'PLACED', subtotalIdr: 49_000, discountIdr: 9_800 });
    // The citizen's own page of the order, on the app's origin (locally the API's).
    expect(order.trackingUrl).toBe(`${t.apiUrl}/food-orders/${order.orderId}`);
    expect(order.totalIdr).toBe(49_000 - 9_800 + order.deliveryFeeIdr);
    expect(order.deliveryFeeIdr).toBeGreaterThanOrEqual(10_000);
    expect(Number.isInteger(order.deliveryFeeIdr)).toBe(true);

    // Same customer, same code again: the per-customer limit says why, and no order is created.
    const again = await t.post('/v1/food-orders', orderBody(festivalId, tempong, { promoCode: 'KULINER20' }), citizen);
    expect([again.status, again.body.error.code]).toEqual([422, 'PROMO_LIMIT_REACHED']);
    expect((await t.get('/v1/food-orders', citizen)).body.items).toHaveLength(1);

    // Someone else's order is not there for another citizen or another merchant.
    expect((await t.get(`/v1/food-orders/${order.orderId}`, await t.token('citizen', 'warga-lain'))).status).toBe(404);
    expect((await t.get(`/v1/food-orders/${order.orderId}`, rujak.token)).status).toBe(404);
    const seenByMerchant = expectStatus(await t.get(`/v1/food-orders/${order.orderId}`, tempong.token), 200);
    expect(seenByMerchant.text).not.toMatch(/Kepiting|081234500009|\+6281234500009/);
    expect((await t.get(`/v1/food-orders?merchantId=${tempong.merchantId}`, tempong.token)).body.items).toHaveLength(1);
    // Another merchant's list is a 403 whether it holds orders (Mbok Nah's) or none (Mbah Jum's).
    expect((await t.get(`/v1/food-orders?merchantId=${tempong.merchantId}`, rujak.token)).status).toBe(403);
    expect(expectStatus(await t.get(`/v1/food-orders?merchantId=${pecel.merchantId}`, pecel.token), 200).body.items).toEqual([]);
    expect((await t.get(`/v1/food-orders?merchantId=${pecel.merchantId}`, rujak.token)).status).toBe(403);

    // The merchant accepts with 1 minute to cook: inside the pickup lead, so dispatch looks now.
    expectStatus(await t.post(`/v1/food-orders/${order.orderId}/status`, { status: 'ACCEPTED', prepMinutes: 1 }, tempong.token), 200);
    expect((await t.post(`/v1/food-orders/${order.orderId}/cancel`, {}, citizen)).status).toBe(409); // too late to cancel

    const offer = await waitFor('a food offer for Rizal', async () => (await t.get('/v1/drivers/me/offers', driver)).body.items[0], { timeoutMs: 15_000 });
    expect(offer).toMatchObject({ kind: 'FOOD', jobId: `job_${order.orderId}`, fareIdr: order.deliveryFeeIdr });
    const accepted = expectStatus(await t.post(`/v1/offers/${offer.offerId}/accept`, {}, driver), 200);
    expect(accepted.body).toMatchObject({ deliveryCodeRequired: false, recipient: { name: 'Ayu Lestari' } });

    const orderOf = async () => (await t.get(`/v1/food-orders/${order.orderId}`, citizen)).body;
    await waitFor('the order to show its courier', async () => ((await orderOf()).status === 'COURIER_ASSIGNED' ? true : undefined));
    // Heading to the stall, the driver is nobody's concern but dispatch's: no position yet.
    expect((await orderOf()).driverPosition).toBeNull();
    const ready = expectStatus(await t.post(`/v1/food-orders/${order.orderId}/status`, { status: 'READY' }, tempong.token), 200);
    expect(ready.body.trackingUrl).toBe(order.trackingUrl);
    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, driver), 200);
    // On the way: the citizen sees where Rizal last reported himself, and so does the merchant's view of the order.
    const onTheRoad = { lat: -8.1978, lng: 114.3521 };
    expectStatus(await t.put('/v1/drivers/me/location', onTheRoad, driver), 200);
    const onItsWay = await waitFor('the order to be on its way', async () => {
      const now = await orderOf();
      return now.status === 'PICKED_UP' ? now : undefined;
    });
    expect(onItsWay.driverPosition).toMatchObject(onTheRoad);
    expect(Date.now() - Date.parse(onItsWay.driverPosition.at)).toBeLessThan(60_000);
    expect((await t.get(`/v1/food-orders?merchantId=${tempong.merchantId}`, tempong.token)).body.items[0].trackingUrl).toBe(order.trackingUrl);
    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/deliver`, { recipientName: 'Ayu Lestari' }, driver), 200);
    const delivered = await waitFor('the order to be delivered', async () => {
      const now = await orderOf();
      return now.status === 'DELIVERED' ? now : undefined;
    });
    expect(delivered.timeline.map((s: { status: string }) => s.status)).toEqual(['PLACED', 'ACCEPTED', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED']);
    expect(delivered).toMatchObject({ driver: { firstName: 'Rizal' }, deliveredTo: 'Ayu Lestari', foodReadyAt: expect.any(String), driverPosition: null });
  });

  it('refuses unknown and sold-out items, merchants outside the festival, and an order outside the window', async () => {
    const code = async (body: unknown) => {
      const res = await t.post('/v1/food-orders', body, citizen);
      return `${res.status} ${res.body?.error?.code}`;
    };
    expect(await code(orderBody(festivalId, tempong, { items: [{ itemId: 'item_NOSUCH', quantity: 1 }] }))).toBe('422 UNKNOWN_MENU_ITEM');
    expectStatus(await t.put(`/v1/merchants/${pecel.merchantId}/menu`, { items: [{ ...pecel.items[0], available: false }] }, pecel.token), 200);
    expect(await code(orderBody(festivalId, pecel))).toBe('422 ITEM_UNAVAILABLE');
    expect(await code(orderBody('fest_NOSUCH', tempong))).toBe('422 UNKNOWN_FESTIVAL');
    expect(await code({ ...orderBody(festivalId, tempong), dropoff: { ...DROPOFF, location: { lat: -8.17, lng: 113.7 } } })).toBe('422 OUTSIDE_SERVICE_AREA');
    expect(await code(orderBody(festivalId, tempong, { promoCode: 'NOSUCH' }))).toBe('422 PROMO_NOT_FOUND');

    const later = await createFestival(t, admin, { fromMs: 86_400_000, toMs: 2 * 86_400_000 });
    expectStatus(await t.post(`/v1/festivals/${later}/merchants`, { merchantId: tempong.merchantId }, admin), 201);
    expect(await code(orderBody(later, tempong))).toBe('422 OUTSIDE_FESTIVAL_WINDOW');
    expect(await code(orderBody(later, rujak))).toBe('422 OUTSIDE_FESTIVAL_WINDOW');
    const other = await createFestival(t, admin, undefined, 'Festival Kuliner Osing');
    expect(await code(orderBody(other, tempong))).toBe('422 MERCHANT_NOT_IN_FESTIVAL');
    expect((await t.get('/v1/food-orders', citizen)).body.items).toHaveLength(1); // still only the delivered one
  });

  it('accepting without minutes takes the merchant’s usual preparation time', async () => {
    const tahu = await openMerchant(t, admin, festivalId, { name: 'Tahu Walik Cak Man', place: 'giri', sub: 'umkm-man', menu: [['Tahu walik', 15_000]], prepMinutes: 35 });
    const placed = expectStatus(await t.post('/v1/food-orders', orderBody(festivalId, tahu), citizen), 201);
    const accepted = expectStatus(await t.post(`/v1/food-orders/${placed.body.orderId}/status`, { status: 'ACCEPTED' }, tahu.token), 200);
    const acceptedAt = accepted.body.timeline.find((s: { status: string }) => s.status === 'ACCEPTED').at;
    expect(accepted.body.prepMinutes).toBe(35);
    expect(Date.parse(accepted.body.readyAt) - Date.parse(acceptedAt)).toBe(35 * 60_000);
    // Minutes given with the acceptance still win over the usual time.
    const other = expectStatus(await t.post('/v1/food-orders', orderBody(festivalId, tahu), citizen), 201);
    expect(expectStatus(await t.post(`/v1/food-orders/${other.body.orderId}/status`, { status: 'ACCEPTED', prepMinutes: 50 }, tahu.token), 200).body.prepMinutes).toBe(50);
  });

  it('the merchant rejects with a reason; the citizen cancels while PLACED', async () => {
    const first = expectStatus(await t.post('/v1/food-orders', orderBody(festivalId, rujak), citizen), 201).body;
    expect((await t.post(`/v1/food-orders/${first.orderId}/status`, { status: 'REJECTED' }, rujak.token)).status).toBe(400);
    const rejected = expectStatus(await t.post(`/v1/food-orders/${first.orderId}/status`, { status: 'REJECTED', reason: 'Soto habis' }, rujak.token), 200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectReason: 'Soto habis' });
    const second = expectStatus(await t.post('/v1/food-orders', orderBody(festivalId, rujak), citizen), 201).body;
    // A merchant rejects a PLACED order; cancelling is for accepted ones (through dispatch).
    expect((await t.post(`/v1/food-orders/${second.orderId}/cancel`, {}, rujak.token)).status).toBe(409);
    expect(expectStatus(await t.post(`/v1/food-orders/${second.orderId}/cancel`, { reason: 'salah pesan' }, citizen), 200).body.status).toBe('CANCELLED');
  });
});

describe('fuzzing every festival POST and PUT: a 4xx envelope, never a 5xx', () => {
  const odd = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 20 }),
    fc.constantFrom('', ' ', '__proto__', 'x'.repeat(3000), '\uD800', 'giri', 'CERTIFIED', 'PERCENT', 'item_1', '-8.2'),
    fc.constant([]),
    fc.constant({}),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: odd });
  const location = maybe(fc.record({ lat: maybe(fc.double({ min: -9, max: -7.5, noNaN: true })), lng: maybe(fc.double({ min: 113.5, max: 114.8, noNaN: true })) }));
  const address = maybe(fc.record({ street: maybe(fc.constant('Jl. Raya 1')), desa: maybe(fc.constant('Giri')), kecamatan: maybe(fc.constantFrom('Giri', 'giri', 'Jember')) }));
  const bodies: Record<string, fc.Arbitrary<unknown>> = {
    merchant: fc.record({
      name: maybe(fc.constant('Warung')), nib: maybe(fc.constantFrom('9120300123456', '123')), ownerName: maybe(fc.constant('Bu Sri')), phone: maybe(fc.constantFrom('081234567890', '021555')),
      kecamatan: maybe(fc.constantFrom('Giri', 'Nowhere')), address, location, halal: maybe(fc.record({ status: maybe(fc.constantFrom('CERTIFIED', 'NONE')), certificateNo: maybe(fc.constant('ID123456')) })),
    }, { requiredKeys: [] }),
    menu: fc.record({ items: maybe(fc.array(fc.record({ itemId: maybe(fc.constantFrom('item_X', 'bad id')), name: maybe(fc.constant('Sego')), priceIdr: maybe(fc.integer({ min: -10, max: 50_000 })), available: maybe(fc.boolean()) }, { requiredKeys: [] }), { maxLength: 3 })) }, { requiredKeys: [] }),
    festival: fc.record({ name: maybe(fc.constant('F')), startsAt: maybe(fc.constantFrom('2026-12-18T10:00:00+07:00', '2026-13-01', 'yesterday')), endsAt: maybe(fc.constantFrom('2026-12-20T10:00:00+07:00', '2025-01-01T00:00:00Z')) }, { requiredKeys: [] }),
    enrol: fc.record({ merchantId: maybe(fc.constantFrom('mer_X', '')), featured: maybe(fc.boolean()) }, { requiredKeys: [] }),
    promotion: fc.record({
      code: maybe(fc.constantFrom('FUZZ1', 'a')), kind: maybe(fc.constantFrom('PERCENT', 'FLAT', 'BOGO')), value: maybe(fc.integer({ min: -5, max: 200 })), maxDiscountIdr: maybe(fc.integer({ min: 0, max: 10 })),
      minSubtotalIdr: maybe(fc.integer()), quota: maybe(fc.integer({ min: -1, max: 3 })), perCustomerLimit: maybe(fc.integer({ min: 0, max: 2 })), budgetIdr: maybe(fc.integer()), merchantIds: maybe(fc.constant(['mer_X'])),
    }, { requiredKeys: [] }),
    order: fc.record({
      festivalId: maybe(fc.constantFrom('fest_X')), merchantId: maybe(fc.constantFrom('mer_X')), items: maybe(fc.array(fc.record({ itemId: maybe(fc.constant('item_X')), quantity: maybe(fc.integer({ min: -1, max: 60 })) }), { maxLength: 3 })),
      promoCode: maybe(fc.constantFrom('KULINER20', '')), dropoff: maybe(fc.record({ location, address })),
    }, { requiredKeys: [] }),
    status: fc.record({ status: maybe(fc.constantFrom('ACCEPTED', 'READY', 'REJECTED', 'DELIVERED')), prepMinutes: maybe(fc.integer({ min: -1, max: 500 })), reason: maybe(fc.constant('habis')) }, { requiredKeys: [] }),
  };

  it('never answers 5xx and always with the error envelope', async () => {
    const owner = await t.token('merchant', 'umkm-fuzz');
    const targets: [string, string, () => string, string][] = [
      ['POST', 'merchant', () => '/v1/merchants', owner],
      ['PUT', 'menu', () => `/v1/merchants/${tempong.merchantId}/menu`, tempong.token],
      ['POST', 'festival', () => '/v1/festivals', admin],
      ['POST', 'enrol', () => `/v1/festivals/${festivalId}/merchants`, admin],
      ['POST', 'promotion', () => `/v1/festivals/${festivalId}/promotions`, admin],
      ['POST', 'order', () => '/v1/food-orders', citizen],
      ['POST', 'status', () => `/v1/food-orders/fo_NOSUCH/status`, tempong.token],
      ['POST', 'enrol', () => `/v1/merchants/${tempong.merchantId}/reject`, admin],
      ['POST', 'enrol', () => `/v1/food-orders/fo_NOSUCH/cancel`, citizen],
    ];
    for (const [method, kind, path, token] of targets) {
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 5, arbitrary: bodies[kind]! }, { weight: 1, arbitrary: odd }), async (body) => {
          const res = await t.request(method, path(), { body: JSON.stringify(body), token, headers: { 'content-type': 'application/json' } });
          expect(res.status, `${method} ${path()} ${JSON.stringify(body)} → ${res.text}`).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.error.code).toMatch(/^[A-Z_]+$/);
        }),
        { numRuns: 40 },
      );
    }
    // Garbage that is not JSON at all.
    for (const [method, , path, token] of targets) {
      const res = await t.request(method, path(), { body: '{"name": ', token, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
    }
  });
});
