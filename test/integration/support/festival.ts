/**
 * Pesta Kuliner Go-Food over HTTP: a festival open now, approved merchants with menus, and food
 * orders as the apps would send them.
 */
import { expect } from 'vitest';
import type { ApiResult, TestRuntime } from './local.ts';

export const PLACES = {
  giri: { kecamatan: 'Giri', desa: 'Giri', location: { lat: -8.1901, lng: 114.3297 } },
  rogojampi: { kecamatan: 'Rogojampi', desa: 'Rogojampi', location: { lat: -8.3093, lng: 114.2871 } },
  genteng: { kecamatan: 'Genteng', desa: 'Kembiritan', location: { lat: -8.3656, lng: 114.1638 } },
} as const;
export type Place = keyof typeof PLACES;

export const DROPOFF = {
  location: { lat: -8.2045, lng: 114.3712 },
  address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
};

export function expectStatus(res: ApiResult, status: number): ApiResult {
  expect(res.status, `${res.status} ${res.text}`).toBe(status);
  return res;
}

/** A festival open now by default; festivals of one name may not overlap, so a second one at the same time needs another name. */
export async function createFestival(
  t: TestRuntime,
  admin: string,
  window: { fromMs: number; toMs: number } = { fromMs: -3_600_000, toMs: 86_400_000 },
  name = 'Pesta Kuliner Go-Food',
): Promise<string> {
  const res = expectStatus(
    await t.post('/v1/festivals', { name, startsAt: new Date(Date.now() + window.fromMs).toISOString(), endsAt: new Date(Date.now() + window.toMs).toISOString() }, admin),
    201,
  );
  return res.body.festivalId as string;
}

export function merchantBody(name: string, place: Place, halal: Record<string, unknown> = { status: 'SELF_DECLARED' }) {
  const p = PLACES[place];
  return {
    name,
    ownerName: `Pemilik ${name}`,
    phone: '085236000001',
    kecamatan: p.kecamatan,
    address: { street: 'Jl. Raya 1', desa: p.desa, kecamatan: p.kecamatan },
    location: p.location,
    halal,
  };
}

export interface OpenMerchant {
  merchantId: string;
  token: string;
  items: { itemId: string; name: string; priceIdr: number }[];
}

/** Registers, fills the menu, gets approved and enrolled: a merchant ready to sell. */
export async function openMerchant(
  t: TestRuntime,
  admin: string,
  festivalId: string,
  options: { name: string; place: Place; sub: string; halal?: Record<string, unknown>; featured?: boolean; menu?: [string, number][]; prepMinutes?: number },
): Promise<OpenMerchant> {
  const token = await t.token('merchant', options.sub);
  const registered = expectStatus(await t.post('/v1/merchants', { ...merchantBody(options.name, options.place, options.halal), ...(options.prepMinutes !== undefined && { prepMinutes: options.prepMinutes }) }, token), 201);
  const merchantId = registered.body.merchantId as string;
  const menu = options.menu ?? [['Sego tempong', 22_000], ['Es teh', 5_000]];
  const put = expectStatus(await t.put(`/v1/merchants/${merchantId}/menu`, { items: menu.map(([name, priceIdr]) => ({ name, priceIdr, available: true })) }, token), 200);
  expectStatus(await t.post(`/v1/merchants/${merchantId}/approve`, {}, admin), 200);
  expectStatus(await t.post(`/v1/festivals/${festivalId}/merchants`, { merchantId, featured: options.featured ?? false }, admin), 201);
  return { merchantId, token, items: put.body.items };
}

export function orderBody(festivalId: string, merchant: OpenMerchant, overrides: Record<string, unknown> = {}) {
  return {
    festivalId,
    merchantId: merchant.merchantId,
    items: [{ itemId: merchant.items[0]!.itemId, quantity: 2 }],
    dropoff: DROPOFF,
    recipient: { name: 'Ayu Lestari', phone: '081234500009' },
    ...overrides,
  };
}
