import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';

/**
 * Personal and medical data never reach the logs (UU PDP No. 27/2022): whatever object is logged,
 * values under these keys are replaced. Code should log ids and codes only; this is the net
 * under that rule, not the rule itself.
 */
const SENSITIVE_KEYS = new Set([
  'nik',
  'phone',
  'address',
  'street',
  'rt',
  'rw',
  'desa',
  'items',
  'patient',
  'recipient',
  'recipientName',
  'deliveryCode',
  'body',
  'authorization',
  'headers',
]);

export const REDACTED = '[REDACTED]';

export function redactSensitive(key: string, value: unknown): unknown {
  if (SENSITIVE_KEYS.has(key)) return REDACTED;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'gancang',
  jsonReplacerFn: redactSensitive,
  // Lets the middleware's correlationIdPath (the API Gateway request id) reach every log line.
  correlationIdSearchFn: search,
});
