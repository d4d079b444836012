/**
 * Gancang's OpenAPI 3.1 document, generated from the route declaration (method, path, who may
 * call it) and each route group's contract (the zod schemas its handler parses with, its
 * responses, refusals and example). Nothing here describes a field by hand: a request or response
 * shape changes in one place, and `npm run openapi` writes the document again (a test fails while
 * the committed document differs from a fresh generation).
 */
import * as z from 'zod';
import {
  createDocument,
  type ZodOpenApiContentObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { API_TAGS, type OperationSpec, type RefusalStatus } from '../../shared/platform/http/operation.ts';
import { errorDetailView, gatewayMessage } from '../../shared/platform/http/views.ts';
import { routeKey, routes, scopeFor, type RouteSpec } from '../declaration.ts';
import { contracts } from './contracts.ts';
import { API_DESCRIPTION, PLATFORM_CODES } from './words.ts';

export const SECURITY_SCHEME = 'gancangJwt';

/** The operation of every declared route; throws naming the routes without one (or operations without a route). */
export function declaredOperations(): { route: RouteSpec; operation: OperationSpec }[] {
  const missing: string[] = [];
  const found = routes.flatMap((route) => {
    const operation = contracts[route.fn]?.[routeKey(route)];
    if (!operation) missing.push(`${routeKey(route)} (${route.fn})`);
    return operation ? [{ route, operation }] : [];
  });
  const declared = new Set(routes.map((route) => `${route.fn} ${routeKey(route)}`));
  const undeclared = Object.entries(contracts).flatMap(([fn, contract]) =>
    Object.keys(contract ?? {}).filter((key) => !declared.has(`${fn} ${key}`)).map((key) => `${key} (${fn})`),
  );
  if (missing.length > 0 || undeclared.length > 0) {
    throw new Error(
      [missing.length > 0 && `Routes without an operation in their contract: ${missing.join(', ')}`, undeclared.length > 0 && `Operations no route declares: ${undeclared.join(', ')}`]
        .filter(Boolean)
        .join('. '),
    );
  }
  return found;
}

/** `GET /v1/medicine-orders/{orderId}` → `getMedicineOrdersByOrderId`: stable, unique, from the route. */
export function operationId(route: Pick<RouteSpec, 'method' | 'path'>): string {
  const words = route.path
    .split('/')
    .filter((segment) => segment && segment !== 'v1')
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? ['by', param[1]!] : segment.split(/[-.]/);
    });
  return [route.method.toLowerCase(), ...words.map((word) => word[0]!.toUpperCase() + word.slice(1))].join('');
}

const idempotencyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional()
    .meta({
      description:
        'Makes the POST safe to retry: the same key and body replay the first response; another body is 422 `IDEMPOTENCY_KEY_REUSED`; ' +
        'a repeat while the first still runs is 409 `REQUEST_IN_PROGRESS`. Keys belong to the caller, method and path, and are kept 24 hours.',
      example: 'rx-2026-0001',
    }),
});

const errorWith = (codes: readonly string[]) =>
  z.strictObject({
    error: z.strictObject({
      code: z.enum(codes as [string, ...string[]]),
      message: z.string(),
      details: z.array(errorDetailView),
    }),
  });

const codeList = (codes: readonly string[]): string =>
  codes.map((code) => (PLATFORM_CODES[code] ? `\`${code}\` (${PLATFORM_CODES[code]})` : `\`${code}\``)).join(', ');

const REFUSAL_TITLES: Readonly<Record<number, string>> = {
  400: 'Malformed input or a schema error',
  403: 'Your role or your relation (facility, company, merchant) does not allow it',
  404: 'Not found',
  409: 'A state conflict, a lost race or a duplicate',
  415: 'The body is not JSON',
  422: 'A domain rule refuses it',
  429: 'Throttled; retry after the `Retry-After` header',
  500: 'A fault on our side (logged); nothing was half written',
};

/** Every refusal an operation can give, by status: its own, and the platform's that apply to it. */
export function refusalsOf(route: RouteSpec, operation: OperationSpec): Map<number, string[]> {
  // Every POST takes an Idempotency-Key (each route group with a POST is built idempotent).
  const post = route.method === 'POST';
  const writes = route.method !== 'GET';
  // Any POST or PUT may arrive with a body, schema or not: it must be JSON (http-function.ts).
  const takesBody = route.method === 'POST' || route.method === 'PUT';
  const hasInput = operation.path !== undefined || operation.query !== undefined || operation.body !== undefined;
  const own = (status: RefusalStatus): readonly string[] => operation.refusals?.[status] ?? [];
  const codes = new Map<number, string[]>();
  const add = (status: number, list: readonly (string | false)[]) => {
    const present = list.filter((code): code is string => code !== false);
    if (present.length > 0) codes.set(status, [...new Set([...(codes.get(status) ?? []), ...present])]);
  };
  add(400, [hasInput && 'VALIDATION_FAILED', takesBody && 'MALFORMED_JSON', operation.body !== undefined && !operation.bodyOptional && 'MISSING_BODY', post && 'INVALID_IDEMPOTENCY_KEY', ...own(400)]);
  add(403, own(403));
  add(404, own(404));
  add(409, [...own(409), writes && 'CONCURRENT_UPDATE', post && 'REQUEST_IN_PROGRESS']);
  add(415, [takesBody && 'UNSUPPORTED_MEDIA_TYPE']);
  add(422, [...own(422), post && 'IDEMPOTENCY_KEY_REUSED']);
  add(429, ['THROTTLED']);
  add(500, ['INTERNAL']);
  return codes;
}

// Answers every operation gives alike: one response component each (the same object, so that
// zod-openapi registers it once).
const gatewayAnswer = (id: string, description: string): ZodOpenApiResponseObject => ({
  id,
  description,
  content: { 'application/json': { schema: gatewayMessage } },
});
const UNAUTHORIZED = gatewayAnswer('Unauthorized', 'No token, or one that is not valid: the gateway answers `{"message":"Unauthorized"}`.');
const FORBIDDEN = gatewayAnswer('Forbidden', 'The token lacks the route\'s scope: the gateway answers `{"message":"Forbidden"}`.');
const TOO_LARGE = gatewayAnswer('PayloadTooLarge', 'The body is larger than 6 MB: the gateway answers `{"message":"Request Entity Too Large"}`.');
const SHARED_RESPONSES: Readonly<Record<number, ZodOpenApiResponseObject>> = {
  429: {
    id: 'Throttled',
    description: `${REFUSAL_TITLES[429]}: \`THROTTLED\` (a dependency was busy), or the gateway's own \`{"message":"Too Many Requests"}\` (the API's rate limit).`,
    headers: z.object({ 'Retry-After': z.string().optional().meta({ description: 'Seconds to wait before retrying.' }) }),
    content: { 'application/json': { schema: z.union([errorWith(['THROTTLED']), gatewayMessage]) } },
  },
  500: {
    id: 'InternalError',
    description: `${REFUSAL_TITLES[500]}: \`INTERNAL\`, or the gateway's own \`{"message":"Internal Server Error"}\`.`,
    content: { 'application/json': { schema: z.union([errorWith(['INTERNAL']), gatewayMessage]) } },
  },
};

function responsesOf(route: RouteSpec, operation: OperationSpec): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    if (!spec) continue;
    const content: ZodOpenApiContentObject = {};
    if (spec.schema) content['application/json'] = { schema: spec.schema, ...(spec.example !== undefined && { example: spec.example }) };
    for (const mediaType of spec.text?.mediaTypes ?? []) content[mediaType] = { schema: z.string(), ...(spec.text?.example !== undefined && { example: spec.text.example }) };
    if (spec.csv) content['text/csv'] = { schema: z.string().meta({ description: spec.csv.description }), example: spec.csv.example };
    responses[status as `2${string}`] = { description: spec.description, ...(Object.keys(content).length > 0 && { content }) };
  }
  const isProtected = route.auth !== 'public';
  for (const [status, codes] of refusalsOf(route, operation)) {
    const shared = SHARED_RESPONSES[status];
    if (shared) {
      responses[String(status) as `4${string}`] = shared;
      continue;
    }
    const envelope = errorWith(codes);
    // The gateway refuses a token without the route's scope itself, in its own shape.
    const gateway = status === 403 && isProtected;
    responses[String(status) as `4${string}`] = {
      description: `${REFUSAL_TITLES[status] ?? 'Refused'}: ${codeList(codes)}${gateway ? '; or the gateway\'s own `{"message":"Forbidden"}` for a token without the route\'s scope' : ''}.`,
      content: { 'application/json': { schema: gateway ? z.union([envelope, gatewayMessage]) : envelope } },
    };
  }
  if (isProtected) {
    responses['401'] = UNAUTHORIZED;
    responses['403'] ??= FORBIDDEN;
  }
  if (route.method === 'POST' || route.method === 'PUT') responses['413'] = TOO_LARGE;
  return responses;
}

function operationOf(route: RouteSpec, operation: OperationSpec): ZodOpenApiOperationObject {
  const idempotent = route.method === 'POST';
  const scopes = route.auth === 'public' ? [] : route.auth.map(scopeFor);
  return {
    operationId: operationId(route),
    tags: [operation.tag],
    summary: operation.summary,
    description: `${operation.description}\n\n${route.auth === 'public' ? 'Public: no token.' : `Needs one of the scopes ${scopes.map((s) => `\`${s}\``).join(', ')}.`}`,
    security: route.auth === 'public' ? [] : [{ [SECURITY_SCHEME]: scopes }],
    requestParams: {
      ...(operation.path && { path: operation.path }),
      ...(operation.query && { query: operation.query }),
      ...(idempotent && { header: idempotencyHeader }),
    },
    ...(operation.body && {
      requestBody: {
        required: !operation.bodyOptional,
        content: { 'application/json': { schema: operation.body, ...(operation.example?.body !== undefined && { example: operation.example.body }) } },
      },
    }),
    responses: responsesOf(route, operation),
  };
}

/** Path and query examples go on the generated parameters (zod-openapi builds those from the schemas). */
function addParameterExamples(document: OpenApiDocument, examples: Map<string, OperationSpec['example']>): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, value] of Object.entries(item)) {
      const op = value as { parameters?: { in: string; name: string; example?: unknown; schema?: { type?: string } }[] };
      const example = examples.get(`${method.toUpperCase()} ${path}`);
      for (const parameter of op.parameters ?? []) {
        const given = parameter.in === 'path' ? example?.path?.[parameter.name] : parameter.in === 'query' ? example?.query?.[parameter.name] : undefined;
        // A query string carries text; a parameter whose schema is a number shows the number.
        if (given !== undefined) parameter.example = ['integer', 'number'].includes(parameter.schema?.type ?? '') ? Number(given) : given;
      }
    }
  }
}

export type OpenApiDocument = ReturnType<typeof createDocument>;

export function buildOpenApiDocument(version: string): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  const examples = new Map<string, OperationSpec['example']>();
  for (const { route, operation } of declaredOperations()) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'] = operationOf(route, operation);
    examples.set(routeKey(route), operation.example);
  }
  const document = createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Gancang API',
        version,
        summary: 'Public services of Kabupaten Banyuwangi delivered with Go-Jek: medicine to patients, the Go-Food festival, local taxis.',
        description: API_DESCRIPTION,
        license: { name: 'Proprietary: Pemerintah Kabupaten Banyuwangi', identifier: 'LicenseRef-Banyuwangi' },
        contact: { name: 'Gancang operations, Dinas Komunikasi, Informatika dan Persandian Banyuwangi' },
      },
      servers: [{ url: '/', description: 'The host that serves this document (the local runtime, or the API Gateway URL on AWS)' }],
      tags: Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
      paths,
      components: {
        securitySchemes: {
          [SECURITY_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'An access token from the Gancang user pool (Amazon Cognito; locally `npm run token`). Its `gancang/<role>` OAuth scopes ' +
              '(`gancang/citizen`, `gancang/driver`, `gancang/pharmacy`, `gancang/merchant`, `gancang/taxi_operator`, `gancang/admin`) are what ' +
              'the gateway checks; each operation lists the scopes that admit a caller.',
          },
        },
      },
    },
  );
  addParameterExamples(document, examples);
  return document;
}
