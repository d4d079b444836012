/**
 * The taxi demo data that `npm start` loads: two companies whose taxis are placed around the
 * town and Genteng, usable at once by the README's examples.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wibDay } from '../../shared/platform/time.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';

let t: TestRuntime;

beforeAll(async () => {
  t = await startTestRuntime({ seed: true });
});

afterAll(async () => {
  await t?.stop();
});

it('seeds two taxi companies whose taxis answer quotes in town and in Genteng', async () => {
  expect(t.runtime.seeded.join('\n')).toMatch(/cmp_osing-taksi.*cmp_blambangan-taxi/);
  const citizen = await t.token('citizen', 'warga-demo');
  const town = await t.post('/v1/rides/quote', { pickup: { lat: -8.2191, lng: 114.3691 }, dropoff: { lat: -8.1402, lng: 114.3951 }, vehicleType: 'TAXI' }, citizen);
  expect(town.status, town.text).toBe(200);
  expect(town.body).toMatchObject({ companyId: 'cmp_osing-taksi', companyName: 'Osing Taksi' });
  const genteng = await t.post('/v1/rides/quote', { pickup: { lat: -8.3552, lng: 114.1792 }, dropoff: { lat: -8.3609, lng: 114.2102 }, vehicleType: 'TAXI' }, citizen);
  expect(genteng.body).toMatchObject({ companyId: 'cmp_blambangan-taxi' });

  const today = wibDay(new Date());
  const operator = await t.token('taxi_operator', 'operator-osing');
  expect((await t.get(`/v1/taxi-companies/cmp_osing-taksi/report?from=${today}&to=${today}`, operator)).status).toBe(200);
  expect((await t.get(`/v1/taxi-companies/cmp_blambangan-taxi/report?from=${today}&to=${today}`, operator)).status).toBe(403);
});
