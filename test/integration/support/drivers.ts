/**
 * Drivers over HTTP, as their app would act: registered by an admin (or a taxi operator), their
 * position reported and switched on; then taking the next offer that comes.
 */
import { expect } from 'vitest';
import type { TestRuntime } from './local.ts';
import { waitFor } from './wait.ts';

export interface DriverInput {
  readonly sub: string;
  readonly name: string;
  readonly phone: string;
  readonly vehicle: { readonly type: 'MOTORBIKE' | 'CAR' | 'TAXI'; readonly plate: string };
  readonly medicineTrained?: boolean;
  readonly fleet?: { readonly kind: 'GOJEK' } | { readonly kind: 'PARTNER_TAXI'; readonly companyId: string };
}

/** Registers the driver, reports them at `at` and switches them on: their token, ready for offers. */
export async function readyDriver(t: TestRuntime, registrar: string, driver: DriverInput, at: { lat: number; lng: number }): Promise<string> {
  const registered = await t.post('/v1/drivers', { fleet: { kind: 'GOJEK' }, medicineTrained: false, ...driver }, registrar);
  expect(registered.status, registered.text).toBe(201);
  const token = await t.token('driver', driver.sub);
  expect((await t.put('/v1/drivers/me/location', at, token)).status).toBe(200);
  expect((await t.put('/v1/drivers/me/availability', { available: true }, token)).status).toBe(200);
  return token;
}

/** Waits for the driver's next offer and accepts it: the job now theirs. */
export async function acceptNextOffer(t: TestRuntime, driver: string, who = 'the driver'): Promise<{ offerId: string; jobId: string }> {
  const offer = await waitFor(`an offer for ${who}`, async () => ((await t.get('/v1/drivers/me/offers', driver)).body.items as { offerId: string; jobId: string }[])[0]);
  const accepted = await t.post(`/v1/offers/${offer.offerId}/accept`, {}, driver);
  expect(accepted.status, accepted.text).toBe(200);
  return offer;
}
