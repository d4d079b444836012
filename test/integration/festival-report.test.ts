/**
 * The government's festival report over HTTP: per merchant and per kecamatan, in WIB days, as
 * JSON and as CSV, reconciled to the rupiah with the orders themselves as the API shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { createFestival, expectStatus, openMerchant, orderBody, type OpenMerchant } from './support/festival.ts';

let t: TestRuntime;
let admin: string;
let festivalId: string;
let merchants: OpenMerchant[];
const orderIds: string[] = [];

const COUNTED = new Set(['ACCEPTED', 'READY', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED', 'DELIVERY_FAILED']);

beforeAll(async () => {
  t = await startTestRuntime({ consumers: false });
  admin = await t.token('admin', 'admin-report');
  festivalId = await createFestival(t, admin);
  merchants = [
    await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Mbok Nah', place: 'giri', sub: 'rep-1', menu: [['Sego tempong', 22_000], ['Es teh', 5_000]] }),
    await openMerchant(t, admin, festivalId, { name: 'Nasi Cawuk, "Bu Atik"', place: 'giri', sub: 'rep-2', menu: [['Nasi cawuk', 12_000]] }),
    await openMerchant(t, admin, festivalId, { name: 'Rujak Soto Bu Sum', place: 'rogojampi', sub: 'rep-3', menu: [['Rujak soto', 20_000]] }),
  ];
  expectStatus(await t.post(`/v1/festivals/${festivalId}/promotions`, { code: 'PEMKAB15', kind: 'PERCENT', value: 15, maxDiscountIdr: 12_000, quota: 50, perCustomerLimit: 5, fundedBy: 'Pemkab' }, admin), 201);

  // A mix of fates: accepted (counted), placed and never accepted, rejected, cancelled.
  const plan: [number, number, boolean, 'ACCEPT' | 'LEAVE' | 'REJECT' | 'CANCEL'][] = [
    [0, 3, true, 'ACCEPT'], [0, 1, false, 'ACCEPT'], [0, 2, true, 'REJECT'], [1, 4, true, 'ACCEPT'], [1, 1, false, 'LEAVE'],
    [2, 2, true, 'ACCEPT'], [2, 5, false, 'ACCEPT'], [2, 1, true, 'CANCEL'], [1, 7, true, 'ACCEPT'],
  ];
  for (const [index, [m, quantity, promo, fate]] of plan.entries()) {
    const merchant = merchants[m]!;
    const citizen = await t.token('citizen', `rep-warga-${index}`);
    const items = [{ itemId: merchant.items[0]!.itemId, quantity }, ...(merchant.items[1] ? [{ itemId: merchant.items[1].itemId, quantity: 1 }] : [])];
    const placed = expectStatus(await t.post('/v1/food-orders', orderBody(festivalId, merchant, { items, ...(promo ? { promoCode: 'PEMKAB15' } : {}) }), citizen), 201);
    const id = placed.body.orderId as string;
    orderIds.push(id);
    if (fate === 'ACCEPT') expectStatus(await t.post(`/v1/food-orders/${id}/status`, { status: 'ACCEPTED', prepMinutes: 15 }, merchant.token), 200);
    if (fate === 'REJECT') expectStatus(await t.post(`/v1/food-orders/${id}/status`, { status: 'REJECTED', reason: 'habis' }, merchant.token), 200);
    if (fate === 'CANCEL') expectStatus(await t.post(`/v1/food-orders/${id}/cancel`, {}, citizen), 200);
  }
});
afterAll(async () => {
  await t?.stop();
});

async function ordersAsAdminSeesThem() {
  return Promise.all(orderIds.map(async (id) => expectStatus(await t.get(`/v1/food-orders/${id}`, admin), 200).body));
}

const sum = (rows: any[], key: string) => rows.reduce((s, r) => s + r[key], 0);

describe('the festival report', () => {
  it('reconciles exactly with the orders: per merchant, per kecamatan, per WIB day', async () => {
    const report = expectStatus(await t.get(`/v1/festivals/${festivalId}/report`, admin), 200).body;
    const counted = (await ordersAsAdminSeesThem()).filter((o) => COUNTED.has(o.status));
    expect(counted).toHaveLength(6);

    expect(report.totals).toMatchObject({ orders: counted.length, grossIdr: sum(counted, 'subtotalIdr'), discountIdr: sum(counted, 'discountIdr'), merchantRevenueIdr: sum(counted, 'subtotalIdr') });
    for (const merchant of merchants) {
      const mine = counted.filter((o) => o.merchant.merchantId === merchant.merchantId);
      const row = report.byMerchant.find((r: { merchantId: string }) => r.merchantId === merchant.merchantId);
      expect(row).toMatchObject({ orders: mine.length, grossIdr: sum(mine, 'subtotalIdr'), discountIdr: sum(mine, 'discountIdr'), merchantRevenueIdr: sum(mine, 'subtotalIdr') });
    }
    for (const kecamatan of ['Giri', 'Rogojampi']) {
      const there = counted.filter((o) => o.merchant.kecamatan === kecamatan);
      const row = report.byKecamatan.find((r: { kecamatan: string }) => r.kecamatan === kecamatan);
      expect(row).toMatchObject({ orders: there.length, grossIdr: sum(there, 'subtotalIdr'), discountIdr: sum(there, 'discountIdr') });
    }
    expect(report.byKecamatan.find((r: { kecamatan: string }) => r.kecamatan === 'Giri').merchants).toBe(2);
    const byDay = new Map<string, number>();
    for (const o of counted) byDay.set(o.placedAt.slice(0, 10), (byDay.get(o.placedAt.slice(0, 10)) ?? 0) + o.subtotalIdr);
    expect(report.totals.byDay.map((d: { day: string; grossIdr: number }) => [d.day, d.grossIdr])).toEqual([...byDay.entries()].sort());
    expect(report.days).toContain(counted[0].placedAt.slice(0, 10));
  });

  it('comes as CSV with Accept: text/csv, with the same numbers', async () => {
    const json = (await t.get(`/v1/festivals/${festivalId}/report`, admin)).body;
    const res = await t.request('GET', `/v1/festivals/${festivalId}/report`, { token: admin, headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('scope,merchantId,merchantName,kecamatan,day,orders,grossIdr,discountIdr,merchantRevenueIdr');
    expect(lines.at(-1)).toBe(`FESTIVAL,,,,ALL,${json.totals.orders},${json.totals.grossIdr},${json.totals.discountIdr},${json.totals.merchantRevenueIdr}`);
    const cawuk = json.byMerchant.find((r: { name: string }) => r.name.startsWith('Nasi Cawuk'));
    expect(lines).toContain(`MERCHANT,${cawuk.merchantId},"Nasi Cawuk, ""Bu Atik""",Giri,ALL,${cawuk.orders},${cawuk.grossIdr},${cawuk.discountIdr},${cawuk.merchantRevenueIdr}`);
  });

  it('is for admins only, and 404 for a festival that does not exist', async () => {
    expect((await t.get(`/v1/festivals/${festivalId}/report`, await t.token('citizen', 'x'))).status).toBe(403);
    expect((await t.get(`/v1/festivals/${festivalId}/report`, merchants[0]!.token)).status).toBe(403);
    expect((await t.get('/v1/festivals/fest_NOSUCH/report', admin)).status).toBe(404);
  });
});
