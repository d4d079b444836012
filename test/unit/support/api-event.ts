import type { APIGatewayProxyEventV2, Context, SQSRecord } from 'aws-lambda';
import type { Role } from '#platform/roles';

/** An API Gateway HTTP API (v2) event as the JWT authorizer delivers it: claims as strings. */
export function apiEvent(options: {
  routeKey: string;
  path?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  caller?: { sub: string; roles: Role[] };
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2 {
  const [method = 'GET', template = '/'] = options.routeKey.split(' ');
  const path = options.path ?? template.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? name);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: options.routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      ...(options.caller
        ? {
            authorizer: {
              jwt: {
                claims: {
                  sub: options.caller.sub,
                  'cognito:groups': `[${options.caller.roles.join(' ')}]`,
                  scope: options.caller.roles.map((r) => `gancang/${r}`).join(' '),
                },
                scopes: options.caller.roles.map((r) => `gancang/${r}`),
              },
            },
          }
        : {}),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

export const lambdaContext = (): Context =>
  ({
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:123456789012:function:test',
    memoryLimitInMB: '1024',
    awsRequestId: `aws-${Math.random().toString(36).slice(2)}`,
    logGroupName: '/aws/lambda/test',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

export function parseResult(result: unknown): { status: number; body: any; headers: Record<string, string> } {
  const r = result as { statusCode: number; body?: string; headers?: Record<string, string> };
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined, headers: r.headers ?? {} };
}

/** One SQS message as Lambda hands it to a consumer of `queue`; a body that is not a string is sent as JSON. */
export const sqsRecord = (queue: string, messageId: string, body: unknown): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: `arn:aws:sqs:ap-southeast-3:123456789012:${queue}`,
  awsRegion: 'ap-southeast-3',
});
