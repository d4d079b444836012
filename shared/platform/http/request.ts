import type * as z from 'zod';
import { UnauthenticatedError, ValidationError, type ErrorDetail } from '../errors.ts';
import type { Caller } from './caller.ts';

export interface ApiRequest {
  readonly routeKey: string;
  /** Undefined only on public routes. */
  readonly caller: Caller | undefined;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body; undefined when there is none. */
  readonly body: unknown;
}

export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const ok = (body: unknown): ApiResponse => ({ status: 200, body });

/**
 * A body sent as it is, with its own content type (e.g. a CSV report), instead of as JSON.
 * Put it in `ApiResponse.body`; the HTTP layer writes its text and content type.
 */
export class TextBody {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

export const okText = (text: string, contentType: string): ApiResponse => ({ status: 200, body: new TextBody(text, contentType) });

/** Whether the client's Accept header asks for this media type (e.g. `text/csv`) by name. */
export const accepts = (request: Pick<ApiRequest, 'headers'>, mediaType: string): boolean =>
  (request.headers.accept ?? request.headers.Accept ?? '')
    .split(',')
    .some((part) => part.split(';')[0]?.trim().toLowerCase() === mediaType.toLowerCase());
export const created = (body: unknown): ApiResponse => ({ status: 201, body });

/** The request is taken and will be carried out by another part of the system (e.g. a cancellation dispatch must confirm). */
export const accepted = (body: unknown): ApiResponse => ({ status: 202, body });

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return issueDetails(error.issues, []).slice(0, 20);
}

function issueDetails(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): ErrorDetail[] {
  const at = (path: readonly PropertyKey[]) => (path.length > 0 ? { path: path.map(String).join('.') } : {});
  return issues.flatMap((issue): ErrorDetail[] => {
    const path = [...prefix, ...issue.path];
    // An unknown key is named by its own path, so that a client can tell which field to drop
    // (zod puts it on the object holding the keys, which for the body itself is no path at all).
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ ...at([...path, key]), message: `Unrecognized key: ${JSON.stringify(key)}` }));
    // A value that may take one of several shapes (a bare point or a place): the reasons of the
    // shape it came closest to, rather than a bare "Invalid input".
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      return issueDetails(closest, path);
    }
    return [{ ...at(path), message: issue.message }];
  });
}

/** Parse one part of the request (body, query, path) or refuse it with 400 and the reasons. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'path'): z.output<S> {
  if (part === 'body' && value === undefined) throw new ValidationError('A JSON body is required', [], 'MISSING_BODY');
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`The request ${part} is not valid`, zodDetails(result.error));
  return result.data;
}

export function requireCaller(request: ApiRequest): Caller {
  // The authorizer guarantees a caller on protected routes; reaching here without one is a
  // wiring mistake (a protected handler behind a public route), so refuse rather than guess.
  if (!request.caller) throw new UnauthenticatedError();
  return request.caller;
}
