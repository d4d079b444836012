import { createHash } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context, ScheduledEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../infra/declaration.ts';
import { LOCAL_ISSUER } from '../../infra/local/auth.ts';
import { MAX_BODY_BYTES } from '../../infra/local/http-api.ts';
import type { LambdaHandler } from '../../infra/local/lambda.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';

// The runtime's contract with functions, checked with scripted handlers in place of the real
// ones: the API Gateway v2 events and how results become responses, the SQS event source
// (partial batch failures, redrive), schedules. Generic over the plan's consumers and schedules.

interface Invocation {
  readonly event: APIGatewayProxyEventV2WithJWTAuthorizer;
  readonly functionName: string;
  readonly remainingMs: number;
  readonly awsRequestId: string;
}
const httpInvocations: Invocation[] = [];
const echo = async (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => {
  httpInvocations.push({ event, functionName: context.functionName, remainingMs: context.getRemainingTimeInMillis(), awsRequestId: context.awsRequestId });
  return {
    statusCode: 202,
    headers: { 'content-type': 'application/json', 'x-echo': 'yes' },
    cookies: ['session=abc; Path=/', 'theme=dark'],
    body: JSON.stringify({ received: true }),
  };
};

/** Facilities' routes become a lab for the result shapes API Gateway accepts, chosen by ?mode=. */
const resultLab = async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  switch (event.queryStringParameters?.mode) {
    case 'throw':
      throw new Error('handler bug');
    case 'string':
      return 'plain words';
    case 'object':
      return { hello: 'world' };
    case 'base64':
      return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, isBase64Encoded: true, body: Buffer.from([0, 1, 2, 255]).toString('base64') };
    case 'invalid':
      return { statusCode: 'soon' };
    default:
      return { statusCode: 204 };
  }
};

/** Receive counts seen per message body, across all consumers. */
const receives = new Map<string, number[]>();
const records: SQSRecord[] = [];
const scriptedConsumer = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    records.push(record);
    const count = Number(record.attributes.ApproximateReceiveCount);
    receives.set(record.body, [...(receives.get(record.body) ?? []), count]);
    if (record.body.startsWith('poison')) batchItemFailures.push({ itemIdentifier: record.messageId });
    if (record.body.startsWith('throw-once') && count === 1) throw new Error('consumer crashed');
    if (record.body.startsWith('nonsense-once') && count === 1) return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
  }
  return { batchItemFailures };
};

const scheduled: { fn: FunctionName; event: ScheduledEvent }[] = [];

const accessLines: string[] = [];
let t: TestRuntime;

beforeAll(async () => {
  const { localPlan } = await import('../../infra/local/plan.ts');
  const plan = localPlan('', () => '');
  const handlers: Partial<Record<FunctionName, LambdaHandler>> = { medicineOrders: echo, tracking: echo, facilities: resultLab };
  for (const consumer of plan.consumers) handlers[consumer.fn] = scriptedConsumer;
  for (const schedule of plan.schedules) {
    handlers[schedule.fn] = async (event: ScheduledEvent) => {
      scheduled.push({ fn: schedule.fn, event });
      return { ran: schedule.fn };
    };
  }
  // The functions here are test doubles that probe the gateway adapter (echoes, odd results), not
  // the API: their answers are not the contract's, so they are not checked against it.
  t = await startTestRuntime({ handlers, log: (line) => accessLines.push(line), checkContract: false });
});
afterAll(async () => {
  await t?.stop();
});

const lastInvocation = (): Invocation => {
  const invocation = httpInvocations.at(-1);
  if (!invocation) throw new Error('no invocation recorded');
  return invocation;
};

describe('API Gateway v2 events', () => {
  it('carries the route, path, query, headers, cookies and the verified claims as strings', async () => {
    const token = await t.token(['pharmacy', 'admin'], 'apoteker-rsud-genteng');
    const res = await t.request('GET', '/v1/medicine-orders/mo%20123?status=READY&status=PREPARING&note=a+b&flag', {
      token,
      headers: { 'X-Custom-Header': 'Sego Tempong', cookie: 'c1=v1; c2=v2', 'user-agent': 'it-test' },
    });
    expect(res.status).toBe(202);

    const { event, functionName, remainingMs, awsRequestId } = lastInvocation();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/medicine-orders/{orderId}',
      rawPath: '/v1/medicine-orders/mo%20123',
      rawQueryString: 'status=READY&status=PREPARING&note=a+b&flag',
      cookies: ['c1=v1', 'c2=v2'],
      pathParameters: { orderId: 'mo 123' },
      queryStringParameters: { status: 'READY,PREPARING', note: 'a b', flag: '' },
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'GET /v1/medicine-orders/{orderId}',
        stage: '$default',
        http: { method: 'GET', path: '/v1/medicine-orders/mo%20123', sourceIp: '127.0.0.1', userAgent: 'it-test', protocol: 'HTTP/1.1' },
        authorizer: {
          jwt: {
            claims: {
              sub: 'apoteker-rsud-genteng',
              'cognito:groups': '[pharmacy admin]',
              scope: 'gancang/pharmacy gancang/admin',
              token_use: 'access',
              iss: LOCAL_ISSUER,
            },
            scopes: ['gancang/pharmacy', 'gancang/admin'],
          },
        },
      },
    });
    expect(event.body).toBeUndefined();
    expect(event.headers['x-custom-header']).toBe('Sego Tempong');
    expect(event.headers.authorization).toBe(`Bearer ${token}`);
    expect(event.headers.cookie).toBeUndefined();
    for (const claim of Object.values(event.requestContext.authorizer.jwt.claims)) expect(typeof claim).toBe('string');
    expect(event.requestContext.authorizer.jwt.claims.exp).toMatch(/^\d+$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(10_000);
    expect(event.requestContext.requestId).toBe(res.headers.get('apigw-requestid'));

    expect(functionName).toBe(`${t.runtime.prefix}medicineOrders`);
    expect(awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    const timeoutMs = t.runtime.plan.limits.medicineOrders.timeoutSeconds * 1000;
    expect(remainingMs).toBeGreaterThan(timeoutMs - 2000);
    expect(remainingMs).toBeLessThanOrEqual(timeoutMs);
  });

  it('has no authorizer context on a public route', async () => {
    await t.get('/v1/track/abc');
    const { event } = lastInvocation();
    expect(event.routeKey).toBe('GET /v1/track/{trackingToken}');
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('passes a JSON body as text and a binary body base64-encoded', async () => {
    const token = await t.token('pharmacy');
    await t.post('/v1/medicine-orders', { prescriptionNo: 'RX-1' }, token);
    expect(lastInvocation().event).toMatchObject({ body: '{"prescriptionNo":"RX-1"}', isBase64Encoded: false });

    await t.request('POST', '/v1/medicine-orders', { token, body: Buffer.from([0, 159, 146, 150]), headers: { 'content-type': 'application/octet-stream' } });
    expect(lastInvocation().event).toMatchObject({ body: Buffer.from([0, 159, 146, 150]).toString('base64'), isBase64Encoded: true });
  });

  it('refuses a body larger than a Lambda payload with 413', async () => {
    const res = await t.request('POST', '/v1/medicine-orders', { token: await t.token('pharmacy'), body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
  });

  it('logs one access line per request, without tokens or bodies', async () => {
    const token = await t.token('pharmacy');
    await t.post('/v1/medicine-orders', { patient: { nik: '3510012345678901' } }, token);
    const line = accessLines.findLast((l) => l.includes('POST /v1/medicine-orders'));
    expect(line).toMatch(/POST \/v1\/medicine-orders 202 \d+ ms/);
    expect(accessLines.join('\n')).not.toContain(token);
    expect(accessLines.join('\n')).not.toContain('3510012345678901');
  });
});

describe('results, as API Gateway turns them into responses', () => {
  const admin = () => t.token('admin');

  it('uses a structured result: status, headers, cookies, body', async () => {
    const res = await t.get('/v1/medicine-orders/any', await t.token('pharmacy'));
    expect(res.status).toBe(202);
    expect(res.headers.get('x-echo')).toBe('yes');
    expect(res.headers.getSetCookie()).toEqual(['session=abc; Path=/', 'theme=dark']);
    expect(res.body).toEqual({ received: true });
  });

  it('serves a string or a plain object as a 200 JSON body, and decodes base64 bodies', async () => {
    const token = await admin();
    const text = await t.get('/v1/facilities?mode=string', token);
    expect([text.status, text.text]).toEqual([200, 'plain words']);
    const object = await t.get('/v1/facilities?mode=object', token);
    expect([object.status, object.body]).toEqual([200, { hello: 'world' }]);
    const binary = await fetch(`${t.apiUrl}/v1/facilities?mode=base64`, { headers: { authorization: `Bearer ${token}` } });
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0, 1, 2, 255]);
    expect((await t.get('/v1/facilities?mode=none', token)).status).toBe(204);
  });

  it('answers 500 {"message":"Internal Server Error"} when the function throws or returns nonsense', async () => {
    const token = await admin();
    for (const mode of ['throw', 'invalid']) {
      const res = await t.get(`/v1/facilities?mode=${mode}`, token);
      expect({ mode, status: res.status, body: res.body }).toEqual({ mode, status: 500, body: { message: 'Internal Server Error' } });
    }
  });
});

describe('SQS event source', () => {
  const consumers = () => t.runtime.plan.consumers;
  const queueState = async (url: string) => {
    const { Attributes = {} } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible) };
  };

  it('deletes the records that succeed and redrives the batchItemFailures to the DLQ after maxReceiveCount receives', async () => {
    for (const consumer of consumers()) {
      const queue = t.queue(consumer.queue);
      const { maxReceiveCount } = t.runtime.plan.queues.find((q) => q.name === consumer.queue)!;
      const bodies = ['ok-1', 'ok-2', 'ok-3', 'poison-1'].map((b) => `${b}-${consumer.fn}`);
      await t.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: body })) }),
      );

      const dead = await waitFor(`poison-1 in ${queue.dlqUrl}`, async () => {
        const messages = await t.drain(queue.dlqUrl, { waitSeconds: 0 });
        return messages.length > 0 ? messages : undefined;
      });
      expect(dead.map((m) => m.Body)).toEqual([`poison-1-${consumer.fn}`]);
      expect(receives.get(`poison-1-${consumer.fn}`)).toEqual(Array.from({ length: maxReceiveCount }, (_, i) => i + 1));
      for (const ok of bodies.slice(0, 3)) expect(receives.get(ok)).toEqual([1]);
      expect(await queueState(queue.url)).toEqual({ visible: 0, inFlight: 0 });
    }
  });

  it('retries the whole batch when the function throws or reports an identifier not in the batch', async () => {
    for (const consumer of consumers()) {
      const queue = t.queue(consumer.queue);
      for (const body of [`throw-once-${consumer.fn}`, `nonsense-once-${consumer.fn}`]) {
        await t.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
        await waitFor(`${body} to be received twice`, () => ((receives.get(body) ?? []).length >= 2 ? true : undefined));
        await waitFor(`${queue.url} to be empty`, async () => {
          const state = await queueState(queue.url);
          return state.visible + state.inFlight === 0 ? true : undefined;
        });
        expect(receives.get(body)).toEqual([1, 2]);
      }
    }
  });

  it('builds records like Lambda: ids, body, MD5, system and message attributes, source ARN and region', async () => {
    for (const consumer of consumers()) {
      const queue = t.queue(consumer.queue);
      const body = `shape-${consumer.fn}`;
      const sent = await t.sqs.send(
        new SendMessageCommand({
          QueueUrl: queue.url,
          MessageBody: body,
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'MEDICINE' } },
        }),
      );
      const record = await waitFor(`a record for ${body}`, () => records.find((r) => r.body === body));
      expect(record).toMatchObject({
        messageId: sent.MessageId,
        body,
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: queue.arn,
        awsRegion: 'ap-southeast-3',
        attributes: { ApproximateReceiveCount: '1' },
        messageAttributes: { kind: { stringValue: 'MEDICINE', stringListValues: [], binaryListValues: [], dataType: 'String' } },
      });
      expect(record.receiptHandle).toBeTruthy();
      expect(record.attributes.SentTimestamp).toMatch(/^\d+$/);
      expect(record.attributes.ApproximateFirstReceiveTimestamp).toMatch(/^\d+$/);
    }
  });
});

describe('schedules and direct invocation', () => {
  it('runs each scheduled function with an EventBridge Scheduled Event', async () => {
    for (const schedule of t.runtime.plan.schedules) {
      await expect(t.runtime.runSchedule(schedule.fn)).resolves.toEqual({ ran: schedule.fn });
      expect(scheduled.at(-1)).toMatchObject({
        fn: schedule.fn,
        event: { 'detail-type': 'Scheduled Event', source: 'aws.events', region: 'ap-southeast-3', detail: {} },
      });
    }
    await expect(t.runtime.runSchedule('health')).rejects.toThrow(/no schedule/);
  });

  it('invokes a function directly with any event', async () => {
    await expect(t.runtime.invoke('health', {})).resolves.toMatchObject({ statusCode: 200 });
  });
});
