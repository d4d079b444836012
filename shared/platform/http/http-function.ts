import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { dynamoClient } from '../clients.ts';
import { tableName } from '../env.ts';
import { ConcurrentUpdateError, DomainError, ThrottledError, ValidationError } from '../errors.ts';
import { logger } from '../logger.ts';
import { callerFromEvent } from './caller.ts';
import { TextBody, type ApiRequest, type ApiResponse } from './request.ts';

export type RouteHandler = (request: ApiRequest) => Promise<ApiResponse>;

/** A route group: one Lambda serves several routes, keyed by API Gateway's routeKey. */
export type Routes = Readonly<Record<string, RouteHandler>>;

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function errorResult(error: DomainError): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: error.status,
    headers: error.status === 429 ? { ...JSON_HEADERS, 'retry-after': '1' } : JSON_HEADERS,
    body: JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } }),
  };
}

function toResult(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  if (response.body instanceof TextBody) {
    return { statusCode: response.status, headers: { 'content-type': response.body.contentType, ...response.headers }, body: response.body.text };
  }
  return {
    statusCode: response.status,
    headers: { ...JSON_HEADERS, ...response.headers },
    ...(response.body === undefined ? {} : { body: JSON.stringify(response.body) }),
  };
}

const hasBody = (event: APIGatewayProxyEventV2): boolean => event.body !== undefined && event.body !== null && event.body !== '';

/**
 * A body is read as JSON only when the client says it is JSON (`application/json` or any
 * `application/*+json`, parameters such as charset allowed) or says nothing: scripts often send
 * JSON without the header, while a form or plain text (curl -d sends a form) is refused with 415
 * rather than parsed as if it were JSON.
 */
function requireJsonBody(event: APIGatewayProxyEventV2): void {
  if (!hasBody(event)) return;
  const header = event.headers?.['content-type'];
  if (header === undefined || header.trim() === '') return;
  const mediaType = header.split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json' || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(mediaType)) return;
  throw new UnsupportedMediaTypeError(mediaType);
}

function parseBody(event: APIGatewayProxyEventV2): unknown {
  requireJsonBody(event);
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The body is not valid JSON', [], 'MALFORMED_JSON');
  }
}

function toRequest(event: APIGatewayProxyEventV2): ApiRequest {
  return {
    routeKey: event.routeKey,
    caller: callerFromEvent(event),
    pathParameters: event.pathParameters ?? {},
    query: event.queryStringParameters ?? {},
    headers: event.headers ?? {},
    body: parseBody(event),
  };
}

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** Cancellation reasons of a throttled transaction. */
const TRANSACTION_THROTTLED = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

/** The name of an AWS fault, also when Powertools wrapped it (e.g. a throttled idempotency write). */
function faultName(error: unknown): string {
  if (!(error instanceof Error)) return 'Unknown';
  return error.name.startsWith('Idempotency') && error.cause instanceof Error ? error.cause.name : error.name;
}

/** Everything that is not a domain error: AWS faults we can name, idempotency, and the rest. */
function unexpectedErrorResult(error: unknown): APIGatewayProxyStructuredResultV2 {
  const name = faultName(error);
  if (error instanceof IdempotencyValidationError) {
    return errorResult(new IdempotencyKeyReusedError());
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return errorResult(new RequestInProgressError());
  }
  if (error instanceof DomainError) return errorResult(error);
  if (THROTTLING.has(name)) {
    logger.warn('Dependency throttled the request', { errorName: name });
    return errorResult(new ThrottledError());
  }
  if (name === 'ConditionalCheckFailedException' || name === 'TransactionConflictException') {
    return errorResult(new ConcurrentUpdateError('The record'));
  }
  // A transaction a store did not expect to be cancelled: one that lost a race on its items or was
  // throttled is worth retrying, whatever the store; one refused by a condition it did not name is a fault.
  if (error instanceof TransactionCanceledException) {
    const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
    if (reasons.includes('TransactionConflict')) return errorResult(new ConcurrentUpdateError('The record'));
    if (reasons.some((code) => TRANSACTION_THROTTLED.has(code))) return errorResult(new ThrottledError());
  }
  // Log the error's name, message and stack only: messages from our code never carry personal data.
  logger.error('Unhandled error', { error: error instanceof Error ? error : String(error) });
  return {
    statusCode: 500,
    headers: JSON_HEADERS,
    body: JSON.stringify({ error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged', details: [] } }),
  };
}

class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body');
  }
}

class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  constructor(mediaType: string) {
    super('UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON, sent as Content-Type: application/json', [
      { path: 'Content-Type', message: `${mediaType.slice(0, 100)} is not accepted` },
    ]);
  }
}

class RequestInProgressError extends DomainError {
  readonly status = 409;
  constructor() {
    super('REQUEST_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly');
  }
}

const errorEnvelope = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    request.response = unexpectedErrorResult(request.error);
  },
});

/**
 * Idempotency-Key on POST: the same key and body replays the first response (deterministic
 * refusals included), the same key with another body is a 422, and a duplicate that arrives while
 * the first is still running is a 409 REQUEST_IN_PROGRESS and never runs the route. The key is
 * scoped to the caller, method and path, so two callers (or two orders) can never see each other's
 * responses. Without the header the request is simply not made idempotent.
 *
 * This is Powertools' `makeIdempotent` function wrapper, not its middy middleware: the middleware
 * (2.35.0) deletes the record in its onError even when its own `before` refused the request
 * (upstream issue 5675), which let a replay after a 422 run the route a second time. The wrapper
 * deletes a record only when the route it ran (after acquiring the record) threw.
 */
const IDEMPOTENCY_HEADER = 'idempotency-key';
const IDEMPOTENCY_KEY_PATH =
  `headers."${IDEMPOTENCY_HEADER}" && ` +
  `[requestContext.authorizer.jwt.claims.sub, requestContext.http.method, rawPath, headers."${IDEMPOTENCY_HEADER}"]`;

/**
 * Powertools hashes whatever the key expression yields unless it is null, so the expression must
 * yield null whenever a request is not to be made idempotent: the header only counts on POST, and
 * a blank header is no header. A key that is too long or odd is refused up front.
 */
function normaliseIdempotencyKey(event: APIGatewayProxyEventV2): void {
  const headers = event.headers ?? {};
  const key = headers[IDEMPOTENCY_HEADER]?.trim();
  if (event.requestContext.http.method !== 'POST' || !key) {
    delete headers[IDEMPOTENCY_HEADER];
    return;
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ValidationError('Idempotency-Key must be 1 to 255 visible ASCII characters', [{ path: 'Idempotency-Key', message: 'invalid' }], 'INVALID_IDEMPOTENCY_KEY');
  }
  headers[IDEMPOTENCY_HEADER] = key;
}

function idempotent(handler: HttpHandler): HttpHandler {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: IDEMPOTENCY_KEY_PATH,
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: 24 * 60 * 60,
  });
  const persisted = makeIdempotent(handler, {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: tableName('idempotency'), awsSdkV3Client: dynamoClient }),
    config,
  });
  return (event, context) => {
    normaliseIdempotencyKey(event);
    // Refused before the key is taken, so a client that corrects its Content-Type can retry
    // with the same key instead of being replayed the 415 for a day.
    requireJsonBody(event);
    // The in-progress record expires with this invocation's deadline, so a key whose first
    // attempt was killed mid-way (timeout, crash) can be retried instead of staying blocked 24 h.
    config.registerLambdaContext(context);
    return persisted(event, context);
  };
}

/**
 * Builds the Lambda handler of a route group: parse the event, run the route's use case, map
 * domain errors to the envelope. The middleware chain is built on the first invocation, so
 * importing a handler reads no environment and opens no connection.
 */
export function httpFunction(routes: Routes, options: { idempotent?: boolean } = {}): HttpHandler {
  const base: HttpHandler = async (event) => {
    const route = routes[event.routeKey];
    if (!route) {
      return errorResult(new ValidationError(`No handler for ${event.routeKey}`, [], 'UNKNOWN_ROUTE'));
    }
    try {
      return toResult(await route(toRequest(event)));
    } catch (error) {
      // A refusal about the request itself is returned, so the idempotency layer stores it as the
      // key's answer; a transient one (lost race, throttling) and any fault are thrown, so the
      // layer drops the key and a retry with it runs again. The envelope is added further out.
      if (error instanceof DomainError && !error.transient) return errorResult(error);
      throw error;
    }
  };

  let chain: HttpHandler | undefined;
  const build = (): HttpHandler => {
    const handler = middy(options.idempotent ? idempotent(base) : base)
      .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId', resetKeys: true }))
      .use(errorEnvelope());
    return handler as unknown as HttpHandler;
  };
  return (event, context) => (chain ??= build())(event, context);
}
