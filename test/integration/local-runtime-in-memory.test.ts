import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { signingKeyPath } from '../../infra/local/auth.ts';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.ts';
import { checkResponse } from './support/contract.ts';

// `dynamoInMemory`: the runtime spawns its own DynamoDB Local, held in memory, as the load bench
// and `npm run simulate` run it. It must work as the file-backed one does and leave no database
// in the data folder (which keeps the signing key and, while it runs, the lock).

let dataDir: string;
let runtime: LocalRuntime | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gancang-in-memory-'));
  runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    dynamoInMemory: true,
    sqsEndpoint: inject('sqsEndpoint'),
    prefix: `mem${randomBytes(4).toString('hex')}-`,
    seed: false,
    consumers: false,
    schedules: false,
    log: () => undefined,
    errorLog: () => undefined,
  });
});
afterAll(async () => {
  await runtime?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${runtime!.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  checkResponse(method, path, response.status, response.headers.get('content-type'), text);
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

it('stores and reads back through the API on its own DynamoDB Local, and writes no database file in the data folder', async () => {
  expect(runtime!.dynamoEndpoint).not.toBe(inject('dynamoEndpoint'));
  const admin = await runtime!.mintToken({ sub: 'mem-admin', roles: ['admin'] });
  const created = await call('POST', '/v1/facilities', admin, {
    name: 'Puskesmas Giri',
    kind: 'PUSKESMAS',
    kecamatan: 'Giri',
    location: { lat: -8.1895, lng: 114.3406 },
    staff: ['mem-apoteker'],
  });
  expect(created.status).toBe(201);
  const read = await call('GET', `/v1/facilities/${created.body.facilityId}`, admin);
  expect(read).toMatchObject({ status: 200, body: { facilityId: created.body.facilityId, name: 'Puskesmas Giri' } });

  expect((await readdir(dataDir, { recursive: true })).sort()).toEqual([basename(signingKeyPath(dataDir)), 'runtime.lock'].sort());
});
