/**
 * The dashboard's calls to the API (admin only), typed by the generated OpenAPI types: the live
 * map (drivers, open jobs), the attention list, the day's figures, the festival report (JSON for
 * the chart, CSV for the download) and the taxi companies' settlement reports.
 */
import type { components } from '../../../openapi/gancang-api.ts';
import { call, type Answer, type Page } from '../api-call.ts';

export type DriverOnMap = components['schemas']['DriverOnMap'];
export type DriverState = DriverOnMap['state'];
export type JobOnMap = components['schemas']['JobOnMap'];
export type JobKind = JobOnMap['kind'];
export type JobStatus = JobOnMap['status'];
export type OrderNeedingAttention = components['schemas']['OrderNeedingAttention'];
export type AttentionCode = OrderNeedingAttention['attention']['code'];
export type Facility = components['schemas']['Facility'];
export type Merchant = components['schemas']['Merchant'];
export type Festival = components['schemas']['Festival'];
export type FestivalReport = components['schemas']['FestivalReport'];
export type TaxiCompany = components['schemas']['TaxiCompany'];
export type TaxiSettlementReport = components['schemas']['TaxiSettlementReport'];

export type DayFigures = components['schemas']['DayFigures'];
export type Figures = components['schemas']['Figures'];
export type Duration = components['schemas']['Duration'];

/** A map needs all of them, page after page; bounded, so a runaway list cannot hold the page. */
const MAX_PAGES = 10;

async function allPages<T>(token: string, path: string): Promise<Answer<T[]>> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: URLSearchParams = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    const answer: Answer<Page<T>> = await call<Page<T>>(token, 'GET', `${path}${path.includes('?') ? '&' : '?'}${query}`);
    if (!answer.ok) return answer;
    items.push(...answer.body.items);
    cursor = answer.body.nextCursor;
    if (cursor === null) break;
  }
  return { ok: true, status: 200, body: items };
}

export const listDrivers = (token: string) => allPages<DriverOnMap>(token, '/v1/ops/drivers');
export const listOpenJobs = (token: string) => allPages<JobOnMap>(token, '/v1/ops/jobs');
export const listAttention = (token: string) => call<Page<OrderNeedingAttention>>(token, 'GET', '/v1/ops/attention?limit=50');
export const dayFigures = (token: string) => call<DayFigures>(token, 'GET', '/v1/ops/today');

/** The names the attention list shows beside its orders. */
export const listFacilities = (token: string) => allPages<Facility>(token, '/v1/facilities');
export const listApprovedMerchants = (token: string) => allPages<Merchant>(token, '/v1/merchants?status=APPROVED');

export const listFestivals = (token: string) => call<Page<Festival>>(token, 'GET', '/v1/festivals?limit=50');
export const festivalReport = (token: string, festivalId: string) =>
  call<FestivalReport>(token, 'GET', `/v1/festivals/${encodeURIComponent(festivalId)}/report`);

export const listTaxiCompanies = (token: string) => allPages<TaxiCompany>(token, '/v1/taxi-companies');
export const taxiReport = (token: string, companyId: string, from: string, to: string) =>
  call<TaxiSettlementReport>(token, 'GET', `/v1/taxi-companies/${encodeURIComponent(companyId)}/report?${new URLSearchParams({ from, to })}`);

/**
 * The festival report as CSV, as the API writes it (`Accept: text/csv`); a Blob the page offers
 * as a download, since a plain link could not carry the bearer token.
 */
export async function festivalReportCsv(token: string, festivalId: string): Promise<Blob | undefined> {
  try {
    const response = await fetch(`/v1/festivals/${encodeURIComponent(festivalId)}/report`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
    });
    return response.ok ? await response.blob() : undefined;
  } catch {
    return undefined;
  }
}
