/**
 * `npm start`'s festival demo data: a Pesta Kuliner Go-Food open now, Banyuwangi UMKM across
 * several kecamatan with menus, promotions, and the README's walk-through working on it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { DROPOFF } from './support/festival.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

it('seeds a festival open now with featured UMKM first, and the demo citizen can order with KULINER20', async () => {
  expect(t.runtime.seeded.join('\n')).toMatch(/Festival: fest_.*KULINER20/);
  const festivals = (await t.get('/v1/festivals')).body.items;
  expect(festivals).toHaveLength(1);
  const festivalId = festivals[0].festivalId;

  const catalogue = (await t.get(`/v1/festivals/${festivalId}/merchants?limit=100`)).body.items as { name: string; featured: boolean; kecamatan: string; menu: { itemId: string; priceIdr: number }[] }[];
  expect(catalogue).toHaveLength(10);
  expect(catalogue.slice(0, 3).every((m) => m.featured)).toBe(true);
  expect(catalogue.map((m) => m.name)).toEqual(expect.arrayContaining(['Sego Tempong Mbok Nah', 'Rujak Soto Bu Sum', 'Pecel Rawon Mbah Jum']));
  expect(new Set(catalogue.map((m) => m.kecamatan)).size).toBeGreaterThanOrEqual(6);

  const citizen = await t.token('citizen', 'warga-demo-test');
  const rujak = catalogue.find((m) => m.name === 'Rujak Soto Bu Sum')! as unknown as { merchantId: string; menu: { itemId: string }[] };
  const placed = await t.post('/v1/food-orders', { festivalId, merchantId: rujak.merchantId, items: [{ itemId: rujak.menu[0]!.itemId, quantity: 2 }], promoCode: 'KULINER20', dropoff: DROPOFF }, citizen);
  expect(placed.status, placed.text).toBe(201);
  expect(placed.body).toMatchObject({ subtotalIdr: 40_000, discountIdr: 8_000 });

  const ayu = await t.token('citizen', 'warga-ayu');
  expect((await t.get('/v1/food-orders', ayu)).body.items).toHaveLength(2);
  const merchant = await t.token('merchant', 'umkm-mbok-nah');
  expect((await t.get('/v1/merchants', merchant)).body.items[0]).toMatchObject({ name: 'Sego Tempong Mbok Nah', status: 'APPROVED' });
  const admin = await t.token('admin', 'admin-pemkab');
  expect((await t.get('/v1/merchants?status=PENDING_REVIEW', admin)).body.items.map((m: { name: string }) => m.name)).toEqual(['Jenang Sumsum Bu Ning']);
  expect((await t.get(`/v1/festivals/${festivalId}/report`, admin)).body.totals.orders).toBe(1); // the accepted demo order
});
