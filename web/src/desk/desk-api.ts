/**
 * The pharmacy desk's calls to the API, typed by the generated OpenAPI types: the facilities the
 * pharmacist acts for, a facility's orders, registering a prescription and moving an order along.
 * Every call carries the signed-in person's token; a 401 means the session is over.
 */
import type { components, operations } from '../../../openapi/gancang-api.ts';
import { call, type Page } from '../api-call.ts';

export type Facility = components['schemas']['Facility'];
export type MedicineOrder = components['schemas']['MedicineOrder'];
export type OrderStatus = MedicineOrder['status'];
export type RegisterRequest = operations['postMedicineOrders']['requestBody']['content']['application/json'];
export type StatusChange = operations['postMedicineOrdersByOrderIdStatus']['requestBody']['content']['application/json'];

export const listFacilities = (token: string) => call<Page<Facility>>(token, 'GET', '/v1/facilities?limit=100');

export const listOrders = (token: string, facilityId: string) =>
  call<Page<MedicineOrder>>(token, 'GET', `/v1/medicine-orders?${new URLSearchParams({ facilityId, limit: '100' })}`);

export const registerOrder = (token: string, request: RegisterRequest) => call<MedicineOrder>(token, 'POST', '/v1/medicine-orders', request);

export const changeStatus = (token: string, orderId: string, change: StatusChange) =>
  call<MedicineOrder>(token, 'POST', `/v1/medicine-orders/${encodeURIComponent(orderId)}/status`, change);
