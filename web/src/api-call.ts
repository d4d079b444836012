/**
 * One call to the API as a signed-in person: the bearer token, JSON both ways, and the answer as
 * a value (the body, or the error envelope) instead of a throw. The staff pages (desk, dashboard)
 * share it. Every write carries an idempotency key; a 401 means the session is over.
 */
import type { components } from '../../openapi/gancang-api.ts';

export type ErrorDetail = components['schemas']['ErrorDetail'];

export interface ApiError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}

export type Answer<T> = { readonly ok: true; readonly status: number; readonly body: T } | { readonly ok: false; readonly error: ApiError };

export type Page<T> = { items: T[]; nextCursor: string | null };

export async function call<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer<T>> {
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
