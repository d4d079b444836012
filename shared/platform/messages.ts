import type * as z from 'zod';

/**
 * Parses a queue message body against its contract. Throws (so the record fails, is retried and
 * finally dead-lettered) with the paths that do not match, never with the values.
 */
export function parseMessage<S extends z.ZodType>(schema: S, body: string, what: string, error: new (message: string) => Error): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new error(`${what} body is not JSON`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new error(`${what} does not match the contract at: ${result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ')}`);
  }
  return result.data;
}
