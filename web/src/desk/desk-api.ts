/**
 * The pharmacy desk's calls to the API, typed by the generated OpenAPI types: the facilities the
 * pharmacist acts for, a facility's orders, registering a prescription and moving an order along.
 * Every call carries the signed-in person's token; a 401 means the session is over.
 */
import type { components, operations } from '../../../openapi/gancang-api.ts';

export type Facility = components['schemas']['Facility'];
export type MedicineOrder = components['schemas']['MedicineOrder'];
export type OrderStatus = MedicineOrder['status'];
export type RegisterRequest = operations['postMedicineOrders']['requestBody']['content']['application/json'];
export type StatusChange = operations['postMedicineOrdersByOrderIdStatus']['requestBody']['content']['application/json'];
export type ErrorDetail = components['schemas']['ErrorDetail'];

export interface ApiError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}

export type Answer<T> = { readonly ok: true; readonly status: number; readonly body: T } | { readonly ok: false; readonly error: ApiError };

async function call<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, error: { status: 0, code: 'UNREACHABLE', message: 'unreachable', details: [] } };
  }
  const json = (await response.json().catch(() => undefined)) as unknown;
  if (response.ok) return { ok: true, status: response.status, body: json as T };
  // The API's envelope, or the gateway's own `{message}` (401, 403).
  const envelope = (json as { error?: Partial<ApiError>; message?: string } | undefined) ?? {};
  return {
    ok: false,
    error: {
      status: response.status,
      code: envelope.error?.code ?? String(response.status),
      message: envelope.error?.message ?? envelope.message ?? response.statusText,
      details: envelope.error?.details ?? [],
    },
  };
}

type Page<T> = { items: T[]; nextCursor: string | null };

export const listFacilities = (token: string) => call<Page<Facility>>(token, 'GET', '/v1/facilities?limit=100');

export const listOrders = (token: string, facilityId: string) =>
  call<Page<MedicineOrder>>(token, 'GET', `/v1/medicine-orders?${new URLSearchParams({ facilityId, limit: '100' })}`);

export const registerOrder = (token: string, request: RegisterRequest) => call<MedicineOrder>(token, 'POST', '/v1/medicine-orders', request);

export const changeStatus = (token: string, orderId: string, change: StatusChange) =>
  call<MedicineOrder>(token, 'POST', `/v1/medicine-orders/${encodeURIComponent(orderId)}/status`, change);
