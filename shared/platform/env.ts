import * as z from 'zod';
import { logger } from './logger.ts';

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

/** Optional numeric knob with a default, e.g. GANCANG_OFFER_TTL_SECONDS. */
export function numberSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const parsed = z.coerce.number().finite().nonnegative().safeParse(raw);
  return parsed.success ? parsed.data : fallback;
}

/**
 * Optional JSON knob checked against its schema, e.g. GANCANG_PLATFORM_TARIFFS. An invalid value
 * is logged and the default used: a typo in a tariff must not fail every order.
 */
export function jsonSetting<T>(name: string, schema: z.ZodType<T>, fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  logger.warn(`${name} does not match its schema; using the default`, { setting: name });
  return fallback;
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cache.clear();
}
