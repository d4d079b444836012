/**
 * Gancang Aron over HTTP: facilities and medicine orders as a pharmacy desk would send them, and
 * small readers for what the tests check behind the API (dispatch jobs, the ordering outbox).
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import type { ApiResult, TestRuntime } from './local.ts';

/** Real regency hospitals, at their real coordinates. */
export const SITES = {
  blambangan: { name: 'RSUD Blambangan', kind: 'HOSPITAL', kecamatan: 'Banyuwangi', location: { lat: -8.208396, lng: 114.366168 } },
  genteng: { name: 'RSUD Genteng', kind: 'HOSPITAL', kecamatan: 'Genteng', location: { lat: -8.365603, lng: 114.163863 } },
} as const;
export type Site = keyof typeof SITES;

/** Jember, the neighbouring regency to the west: outside the service area. */
export const JEMBER = { lat: -8.17, lng: 113.7 } as const;

export interface FacilityInput {
  name: string;
  kind: string;
  kecamatan: string;
  location: { lat: number; lng: number };
  staff: string[];
  phone?: string;
}

export function facilityBody(site: Site, staff: readonly string[], overrides: Partial<FacilityInput> = {}): FacilityInput {
  const { location, ...rest } = SITES[site];
  return { ...rest, location: { ...location }, staff: [...staff], ...overrides };
}

/** Registers a facility as admin; fails the test unless the API answers 201 with an id. */
export async function createFacility(
  t: TestRuntime,
  adminToken: string,
  site: Site,
  staff: readonly string[],
  overrides: Partial<FacilityInput> = {},
): Promise<string> {
  const res = await t.post('/v1/facilities', facilityBody(site, staff, overrides), adminToken);
  expect(res.status, res.text).toBe(201);
  expect(res.body.facilityId).toMatch(/^fac_/);
  return res.body.facilityId as string;
}

let prescriptionCounter = 0;
const runTag = randomBytes(3).toString('hex').toUpperCase();

/** A prescription number no other call in this process has used. */
export const uniquePrescriptionNo = (): string => `RX-${runTag}/${String(++prescriptionCounter).padStart(4, '0')}`;

export interface OrderBodyOptions {
  patient?: Record<string, unknown>;
  address?: Record<string, unknown>;
  items?: unknown[];
  [field: string]: unknown;
}

/**
 * A valid registration: a BPJS PBI patient in Kelurahan Lateng, kecamatan Banyuwangi, with a
 * regular and a cold-chain item. `patient` and `address` overrides merge into the defaults; any
 * other key replaces the top-level field.
 */
export function orderBody(facilityId: string, { patient, address, ...top }: OrderBodyOptions = {}): Record<string, any> {
  return {
    facilityId,
    patient: {
      name: 'Siti Aminah',
      nik: '3510012345678901',
      phone: '0812-3450-0001',
      address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi', ...address },
      location: { lat: -8.2045, lng: 114.3712 },
      ...patient,
    },
    prescriptionNo: uniquePrescriptionNo(),
    payer: 'BPJS_PBI',
    items: [
      { name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' },
      { name: 'Insulin glargine', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' },
    ],
    ...top,
  };
}

/** Registers an order; fails the test unless the API answers 201. Returns the response body. */
export async function createOrder(t: TestRuntime, token: string, body: unknown, headers?: Record<string, string>): Promise<Record<string, any>> {
  const res = await t.post('/v1/medicine-orders', body, token, headers);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export const changeStatus = (t: TestRuntime, token: string, orderId: string, status: string, headers?: Record<string, string>) =>
  t.post(`/v1/medicine-orders/${orderId}/status`, { status }, token, headers);

/** Moves an order along a path of statuses, each step expected to answer 200 with that status. */
export async function advance(t: TestRuntime, token: string, orderId: string, ...statuses: string[]): Promise<void> {
  for (const status of statuses) {
    const res = await changeStatus(t, token, orderId, status);
    expect(res.status, `${status}: ${res.text}`).toBe(200);
    expect(res.body.status).toBe(status);
  }
}

/** Every order of a facility, following nextCursor to the end (newest first). */
export async function listAllOrders(t: TestRuntime, token: string, facilityId: string, query = ''): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const url: string = `/v1/medicine-orders?facilityId=${facilityId}&limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await t.get(url, token);
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('more than 100 pages of orders');
}

/** The API's error envelope: `{error: {code, message, details}}`, with the status and code given. */
export function expectError(res: ApiResult, status: number, code?: string): { code: string; message: string; details: { path?: string; message: string }[] } {
  expect({ status: res.status, body: res.text }).toMatchObject({ status });
  expect(Object.keys(res.body ?? {}), res.text).toEqual(['error']);
  const { error } = res.body;
  expect(Object.keys(error).sort()).toEqual(['code', 'details', 'message']);
  expect(error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(error.details)).toBe(true);
  for (const detail of error.details) {
    expect(typeof detail.message).toBe('string');
    if ('path' in detail) expect(typeof detail.path).toBe('string');
  }
  if (code) expect(error.code).toBe(code);
  return error;
}

/** The dispatch job recorded for an order, straight from the dispatch table. */
export async function dispatchJob(t: TestRuntime, orderId: string): Promise<Record<string, any> | undefined> {
  const { Item } = await t.ddb.send(
    new GetCommand({ TableName: t.tableName('dispatch'), Key: { pk: `JOB#job_${orderId}`, sk: 'JOB' }, ConsistentRead: true }),
  );
  return Item;
}

/** The ordering outbox: messages committed with a state change and not yet sent. */
export async function outboxItems(t: TestRuntime): Promise<Record<string, any>[]> {
  const { Items = [] } = await t.ddb.send(
    new QueryCommand({
      TableName: t.tableName('ordering'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'OUTBOX' },
      ConsistentRead: true,
    }),
  );
  return Items;
}
