/**
 * The API contract of a route, written once and used twice: the handler parses its path, query
 * and body with these schemas, and the OpenAPI document (infra/openapi) is generated from them,
 * with the response schemas, the refusals and the example beside them. A route cannot accept
 * something its documentation does not describe, because it is the same schema.
 */
import * as z from 'zod';
import type { Routes } from './http-function.ts';
import { parseInput, type ApiRequest, type ApiResponse } from './request.ts';

/** How the document groups operations: by who calls them, as the README does. */
export const API_TAGS = {
  Anyone: 'No token: liveness, public tracking links, the festival catalogue, this reference.',
  'Admin: facilities': 'Regency operations registers the hospitals and puskesmas whose pharmacies use Gancang Aron.',
  'Pharmacy: Gancang Aron': 'Pharmacy staff register prescriptions for home delivery and follow them to the door.',
  Drivers: 'Go-Jek and partner taxi drivers: their profile, position and availability, offers, pickup and delivery.',
  'Festival: merchants': 'UMKM food businesses register for Pesta Kuliner Go-Food and keep their menu.',
  'Festival: food orders': 'Citizens order from festival merchants; merchants accept, prepare and hand over; admins follow up.',
  'Festival: admin': 'The regency reviews merchants, runs festivals and their co-funded promotions, and reads what reached the UMKM.',
  'Taxi: companies': 'The regency registers licensed taxi companies; their operators manage their fleet and read their settlement.',
  'Taxi: rides': 'Citizens quote, book, follow and cancel rides with Go-Jek drivers or partner taxis.',
  'Admin: operations': "The regency's operations room: drivers and open jobs on the live map, and the orders that need attention.",
} as const;
export type ApiTag = keyof typeof API_TAGS;

export type SuccessStatus = 200 | 201 | 202 | 204;
export type RefusalStatus = 400 | 403 | 404 | 409 | 422;

export interface ResponseSpec {
  readonly description: string;
  /** The JSON body; none for a 204. */
  readonly schema?: z.ZodType;
  /** One realistic body, in Banyuwangi's terms (checked against `schema` by the contract tests). */
  readonly example?: unknown;
  /** A body that is not JSON (a page, a script), in one of these media types. */
  readonly text?: { readonly mediaTypes: readonly string[]; readonly example?: string };
  /** The same resource as CSV when the client sends `Accept: text/csv`. */
  readonly csv?: { readonly description: string; readonly example: string };
}

export interface OperationSpec {
  /** A short imperative line ("Register a prescription for delivery"). */
  readonly summary: string;
  /** The rules a client must know, in the README's words. */
  readonly description: string;
  /** Who the operation is for, as the README groups the API (e.g. "Pharmacy"). */
  readonly tag: ApiTag;
  readonly path?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** A body that may be left out altogether (e.g. a cancel without a reason). */
  readonly bodyOptional?: boolean;
  /** What a request may get, other than a refusal. */
  readonly responses: Readonly<Partial<Record<SuccessStatus, ResponseSpec>>>;
  /**
   * The operation's own refusals by status, as error codes (e.g. `404: ['NOT_FOUND']`). The
   * platform's refusals (validation, idempotency, throttling, the gateway's 401/403) are added
   * by the document generator for every operation they apply to.
   */
  readonly refusals?: Readonly<Partial<Record<RefusalStatus, readonly string[]>>>;
  /** One realistic request: path parameters, query and body. */
  readonly example?: {
    readonly path?: Readonly<Record<string, string>>;
    readonly query?: Readonly<Record<string, string>>;
    readonly body?: unknown;
  };
}

/** A route group's operations, keyed like the declaration's routes (`POST /v1/medicine-orders`). */
export type Contract = Readonly<Record<string, OperationSpec>>;

/**
 * `true` when a view (what a handler sends) fits its response schema's input: assignable, and no
 * top-level field the schema does not name. Write `const fits: ViewFits<View, Schema> = true` in a
 * contract, and a view that drifts from its documentation stops compiling.
 */
export type ViewFits<View, Schema> = [View] extends [Readonly<DeepReadonly<Schema>>]
  ? [Exclude<keyof View, keyof Schema>] extends [never]
    ? true
    : { readonly fieldsTheSchemaLacks: Exclude<keyof View, keyof Schema> }
  : { readonly viewDoesNotFit: Schema };

type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export const defineContract = <C extends Contract>(contract: C): C => contract;

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** What a route handler receives: the request, parsed with its operation's schemas. */
export interface OperationInput<O extends OperationSpec> {
  readonly path: Parsed<O['path']>;
  readonly query: Parsed<O['query']>;
  readonly body: O['body'] extends z.ZodType ? (O['bodyOptional'] extends true ? z.output<O['body']> | undefined : z.output<O['body']>) : undefined;
  readonly request: ApiRequest;
}

export type OperationHandlers<C extends Contract> = {
  readonly [K in keyof C]: (input: OperationInput<C[K]>) => Promise<ApiResponse>;
};

/**
 * The route group's handlers, each behind its operation's parsing: a path, query or body that
 * does not match the contract is a 400 before the handler runs. A route that declares no query
 * ignores one (a cache-busting `?_=…` from a browser is not an error).
 */
export function routesOf<C extends Contract>(contract: C, handlers: OperationHandlers<C>): Routes {
  const routes: Record<string, Routes[string]> = {};
  for (const [key, operation] of Object.entries(contract)) {
    const handle = handlers[key as keyof C] as (input: OperationInput<OperationSpec>) => Promise<ApiResponse>;
    routes[key] = (request) => {
      const path = parseInput(operation.path ?? NOTHING, request.pathParameters, 'path');
      const query = parseInput(operation.query ?? NOTHING, request.query, 'query');
      const body =
        operation.body === undefined || (operation.bodyOptional === true && request.body === undefined)
          ? undefined
          : parseInput(operation.body, request.body, 'body');
      return handle({ path, query, body, request } as OperationInput<OperationSpec>);
    };
  }
  return routes;
}

const NOTHING = z.object({});
