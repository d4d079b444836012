import * as z from 'zod';

/**
 * The environment contract between the platform (CDK or the local runtime) and the functions.
 * Both runtimes derive a function's variables from the declaration through these names, and a
 * function reads them lazily (never at import time) so that a missing variable fails the
 * invocation with a clear message instead of the cold start.
 */
export const tableEnvName = (table: string): string => `${toEnvWord(table)}_TABLE_NAME`;
export const queueEnvName = (queue: string): string => `${toEnvWord(queue)}_QUEUE_URL`;

function toEnvWord(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

const cache = new Map<string, string>();

function read(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const value = z.string().min(1).safeParse(process.env[name]);
  if (!value.success) throw new Error(`Environment variable ${name} is not set for this function`);
  cache.set(name, value.data);
  return value.data;
}

export const tableName = (table: string): string => read(tableEnvName(table));
export const queueUrl = (queue: string): string => read(queueEnvName(queue));

/**
 * The web app's origin, e.g. `https://d111111abcdef8.cloudfront.net`, for the links the API hands
 * out (a medicine order's `trackingUrl`). Given to the functions whose responses carry such links
 * (declaration `linksToApp`): the CDK app sets it to the app's URL, the local runtime to its own
 * API URL, since locally the app is served on the API's origin. Unset or empty: undefined, and
 * the links are relative (`/track/…`). Read on every call, not cached: the local runtime learns
 * its URL only once its server listens.
 */
export const APP_URL_ENV = 'GANCANG_APP_URL';

export function appUrl(): string | undefined {
  const raw = process.env[APP_URL_ENV]?.trim();
  return raw ? raw.replace(/\/+$/, '') : undefined;
}

/** Optional numeric knob with a default, e.g. GANCANG_OFFER_TTL_SECONDS. */
export function numberSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const parsed = z.coerce.number().finite().nonnegative().safeParse(raw);
  return parsed.success ? parsed.data : fallback;
}

/**
 * Optional JSON knob checked against its schema, e.g. GANCANG_PLATFORM_TARIFFS: the default when
 * unset, and also when invalid (`invalid` then says so, for the caller to log: a typo in a tariff
 * must not fail every order). No logger here: the local runtime loads this module before the
 * logger may be created.
 */
export function jsonSetting<T>(name: string, schema: z.ZodType<T>, fallback: T): { readonly value: T; readonly invalid: boolean } {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return { value: fallback, invalid: false };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { value: parsed.data, invalid: false } : { value: fallback, invalid: true };
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cache.clear();
}
