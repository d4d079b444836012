import * as z from 'zod';
import { ValidationError } from './errors.ts';

/** `?limit=&cursor=` of every list route. */
export const pageQuerySchema = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
};

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

type Key = Record<string, string>;

export const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

/**
 * A cursor is the last key of the previous page. It comes back from the client, so it is checked
 * before it reaches DynamoDB: only the expected attributes, all strings, and the partition the
 * query is pinned to — a cursor from another list (or made up) is a 400, never a 500 or a peek
 * into another partition.
 */
export function decodeCursor(cursor: string | undefined, attributes: readonly string[], pinned: Key): Key | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationError('The cursor is not valid for this list', [{ path: 'cursor', message: 'use nextCursor from the previous page' }], 'INVALID_CURSOR');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const shape = z.record(z.string(), z.string().min(1).max(256)).safeParse(parsed);
  if (!shape.success) throw invalid();
  const key = shape.data;
  const names = Object.keys(key).sort();
  if (names.join(',') !== [...attributes].sort().join(',')) throw invalid();
  for (const [name, value] of Object.entries(pinned)) if (key[name] !== value) throw invalid();
  return key;
}
