/**
 * Local stand-in for the HTTP API: matches the plan's routes, applies the JWT authorizer's
 * checks (401 without a valid token, 403 without a route scope), invokes the route's function
 * with a payload-format-2.0 event and turns the result into a response as API Gateway does.
 * Like CloudFront on AWS, it also serves the web app on the same origin: a GET outside the API's
 * paths (`/v1…`, `/docs…`) goes to the app (web-app.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FunctionName } from '../declaration.ts';
import type { CallMeter } from './call-meter.ts';
import { verifyAccessToken, type SigningKey, type VerifiedToken } from './auth.ts';
import { LOCAL_ACCOUNT_ID } from './lambda.ts';
import type { LocalPlan, LocalRoute } from './plan.ts';
import type { WebApp } from './web-app.ts';
import { LOCAL_MESSAGES_PATH } from './local-messages.ts';

/** Lambda's synchronous invocation payload limit; bigger requests never reach a function in AWS. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;
const API_ID = 'local';
/** Where the local sign-in page gets its token; outside the API's paths, so never mistaken for an operation. */
export const LOCAL_TOKEN_PATH = '/local/token';

export interface HttpApiOptions {
  readonly plan: LocalPlan;
  readonly key: SigningKey;
  readonly invoke: (fn: FunctionName, event: APIGatewayProxyEventV2) => Promise<unknown>;
  /** One line per request: method, path, status, duration. Never bodies or tokens. */
  readonly accessLog: (line: string) => void;
  /** Requests with this user agent (the demo fleet's heartbeats) stay out of the access log. */
  readonly unloggedUserAgent?: string;
  readonly errorLog: (line: string) => void;
  /** The web app, for GET and HEAD requests outside the API's paths; without it those are 404s too. */
  readonly app?: WebApp;
  /**
   * The local sign-in's token endpoint (`POST /local/token`, local-sign-in.ts): part of this
   * runtime only, like the user pool it stands in for; not an API operation and absent on AWS.
   */
  readonly localSignIn?: (body: Buffer) => Promise<Reply>;
  /** The local outbox (`GET /local/messages?phone=`, local-messages.ts): this runtime only, like the sign-in. */
  readonly localMessages?: (rawQueryString: string) => Promise<Reply>;
  /** Counts the requests that reach a route's function, as the HTTP API bills them (the cost bench). */
  readonly meter?: CallMeter;
}

export interface Reply {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

const json = (status: number, message: string): Reply => ({
  status,
  headers: [['content-type', 'application/json']],
  body: Buffer.from(JSON.stringify({ message })),
});

export function createHttpApi(options: HttpApiOptions): Server {
  const router = new Router(options.plan.routes);
  // The API owns every path under the first segment of a route (`/v1`, `/docs`): there, what no
  // route matches is the gateway's 404, never the app's page.
  const apiPrefixes = [...new Set(options.plan.routes.map((route) => route.path.split('/').filter(Boolean)[0] ?? ''))].filter(Boolean);
  const isApiPath = (rawPath: string): boolean => apiPrefixes.some((prefix) => rawPath === `/${prefix}` || rawPath.startsWith(`/${prefix}/`));

  const handle = async (req: IncomingMessage, requestId: string): Promise<Reply> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const { rawPath, rawQueryString } = splitUrl(req.url ?? '/');
    // Drain the request first, whatever the answer, so keep-alive connections stay usable.
    const body = await readBody(req);
    const match = router.match(method, rawPath);
    if (!match) {
      if (options.localSignIn && method === 'POST' && rawPath === LOCAL_TOKEN_PATH) {
        return body === 'too-large' ? json(413, 'Request Entity Too Large') : options.localSignIn(body);
      }
      if (options.localMessages && method === 'GET' && rawPath === LOCAL_MESSAGES_PATH) {
        return options.localMessages(rawQueryString);
      }
      if (options.app && (method === 'GET' || method === 'HEAD') && !isApiPath(rawPath)) {
        return options.app({ rawPath, acceptEncoding: headerValue(req, 'accept-encoding'), ifNoneMatch: headerValue(req, 'if-none-match') });
      }
      return json(404, 'Not Found');
    }

    let verified: VerifiedToken | undefined;
    if (match.route.scopes.length > 0) {
      verified = await verifyAccessToken(options.key, headerValue(req, 'authorization'));
      if (!verified) return json(401, 'Unauthorized');
      if (!verified.scopes.some((scope) => match.route.scopes.includes(scope))) return json(403, 'Forbidden');
    }

    if (body === 'too-large') return json(413, 'Request Entity Too Large');

    const event = buildEvent({ req, method, rawPath, rawQueryString, route: match.route, pathParameters: match.pathParameters, body, requestId, verified });
    options.meter?.apiRequest(body.length);
    let result: unknown;
    try {
      result = await options.invoke(match.route.fn, event);
    } catch (error) {
      options.errorLog(`[api] ${match.route.fn} failed on ${match.route.routeKey}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return json(500, 'Internal Server Error');
    }
    const reply = toReply(result);
    if (!reply) {
      options.errorLog(`[api] ${match.route.fn} returned a response API Gateway cannot use on ${match.route.routeKey}`);
      return json(500, 'Internal Server Error');
    }
    return reply;
  };

  return createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = `${randomBytes(9).toString('base64url')}=`;
    handle(req, requestId)
      .catch((error: unknown) => {
        options.errorLog(`[api] adapter error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return json(500, 'Internal Server Error');
      })
      .then((reply) => {
        send(res, reply, requestId);
        if (options.unloggedUserAgent !== undefined && req.headers['user-agent'] === options.unloggedUserAgent) return;
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        options.accessLog(`[api] ${req.method} ${splitUrl(req.url ?? '/').rawPath} ${reply.status} ${ms.toFixed(0)} ms`);
      });
  });
}

function send(res: ServerResponse, reply: Reply, requestId: string): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of reply.headers) {
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  headers['apigw-requestid'] = requestId;
  headers['content-length'] = String(reply.body.length);
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

// ---------------------------------------------------------------------------------------------
// Routing: like API Gateway, the most specific route wins (static segment over `{param}` over
// `{proxy+}`), and a path that matches no route for the method is a 404.

interface Compiled {
  readonly route: LocalRoute;
  readonly segments: readonly { readonly kind: 'static' | 'param' | 'greedy'; readonly value: string }[];
}

class Router {
  private readonly compiled: readonly Compiled[];

  constructor(routes: readonly LocalRoute[]) {
    const rank = { static: 0, param: 1, greedy: 2 } as const;
    const specificity = (c: Compiled): string => c.segments.map((s) => rank[s.kind]).join('');
    this.compiled = routes
      .map((route) => ({
        route,
        segments: route.path
          .split('/')
          .filter(Boolean)
          .map((segment) => {
            const param = /^\{(.+?)(\+)?\}$/.exec(segment);
            if (!param) return { kind: 'static' as const, value: segment };
            return { kind: param[2] ? ('greedy' as const) : ('param' as const), value: param[1] ?? '' };
          }),
      }))
      .sort((a, b) => specificity(a).localeCompare(specificity(b)));
  }

  match(method: string, rawPath: string): { route: LocalRoute; pathParameters: Record<string, string> | undefined } | undefined {
    const parts = rawPath.split('/').filter(Boolean);
    for (const { route, segments } of this.compiled) {
      if (route.method !== method && route.method !== 'ANY') continue;
      const parameters: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < segments.length && matched; i++) {
        const segment = segments[i]!;
        const part = parts[i];
        if (part === undefined) matched = false;
        else if (segment.kind === 'greedy') {
          parameters[segment.value] = parts.slice(i).map(decode).join('/');
          break;
        } else if (segment.kind === 'param') parameters[segment.value] = decode(part);
        else matched = decode(part) === segment.value;
      }
      const greedy = segments.at(-1)?.kind === 'greedy';
      if (matched && (greedy ? parts.length >= segments.length : parts.length === segments.length)) {
        return { route, pathParameters: Object.keys(parameters).length > 0 ? parameters : undefined };
      }
    }
    return undefined;
  }
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  const q = url.indexOf('?');
  return q < 0 ? { rawPath: url, rawQueryString: '' } : { rawPath: url.slice(0, q), rawQueryString: url.slice(q + 1) };
}

// ---------------------------------------------------------------------------------------------
// Event: API Gateway HTTP API payload format 2.0.

interface EventInput {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly route: LocalRoute;
  readonly pathParameters: Record<string, string> | undefined;
  readonly body: Buffer;
  readonly requestId: string;
  readonly verified: VerifiedToken | undefined;
}

function buildEvent(input: EventInput): APIGatewayProxyEventV2 {
  const { req } = input;
  const now = new Date();
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const { headers, cookies } = collectHeaders(req);
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const domainName = headers.host ?? 'localhost';
  const contentType = headers['content-type'];
  const text = input.body.length > 0 && isTextual(contentType);

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: input.route.routeKey,
    rawPath: input.rawPath,
    rawQueryString: input.rawQueryString,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(input.rawQueryString && { queryStringParameters: parseQuery(input.rawQueryString) }),
    ...(input.pathParameters && { pathParameters: input.pathParameters }),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: API_ID,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: input.method,
        path: input.rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: input.requestId,
      routeKey: input.route.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
      ...(input.verified && {
        authorizer: { jwt: { claims: stringifyClaims(input.verified.claims), scopes: [...input.verified.scopes] } },
      }),
    },
    ...(input.body.length > 0 && { body: text ? input.body.toString('utf8') : input.body.toString('base64') }),
    isBase64Encoded: input.body.length > 0 && !text,
  };
  return event;
}

/** Lower-cased names, repeated headers comma-joined; cookies travel separately, as in AWS. */
function collectHeaders(req: IncomingMessage): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'cookie') {
      cookies.push(...value.split(/;\s*/).filter(Boolean));
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { headers, cookies };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Decoded values; a repeated key's values comma-joined. */
function parseQuery(rawQueryString: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode((eq < 0 ? pair : pair.slice(0, eq)).replaceAll('+', ' '));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1).replaceAll('+', ' '));
    parameters[key] = parameters[key] === undefined ? value : `${parameters[key]},${value}`;
  }
  return parameters;
}

function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    /^application\/([\w.-]+\+)?(json|xml)$/.test(type) ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded'
  );
}

/**
 * API Gateway hands JWT claims to the integration as strings: numbers and booleans printed,
 * arrays as `[a b]` (so `cognito:groups` arrives as "[pharmacy admin]").
 */
export function stringifyClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) out[name] = claimString(value);
  return out;
}

function claimString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(claimString).join(' ')}]`;
  if (value !== null && typeof value === 'object') {
    return `map[${Object.entries(value)
      .map(([k, v]) => `${k}:${claimString(v)}`)
      .join(' ')}]`;
  }
  return String(value);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
function apiGatewayTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000`;
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooLarge = true; // keep draining so the client sees our reply
    else chunks.push(chunk);
  }
  return tooLarge ? 'too-large' : Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// Result: a structured response is used as is; anything else is a 200 JSON body, as in AWS.

function toReply(result: unknown): Reply | undefined {
  if (typeof result === 'string') return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(result) };
  if (result === null || result === undefined || typeof result !== 'object' || !('statusCode' in result)) {
    return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(result ?? null)) };
  }
  const structured = result as APIGatewayProxyStructuredResultV2;
  const status = Number(structured.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (structured.body !== undefined && typeof structured.body !== 'string') return undefined;
  const headers: [string, string][] = Object.entries(structured.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]);
  for (const cookie of structured.cookies ?? []) headers.push(['set-cookie', cookie]);
  const body = structured.body ?? '';
  return { status, headers, body: structured.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body) };
}
