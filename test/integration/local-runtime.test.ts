import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, scopeFor } from '../../infra/declaration.ts';
import { loadSigningKey, mintToken } from '../../infra/local/auth.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';

// The local runtime with the real handlers: what `npm start` serves, on the shared emulators.
let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(async () => {
  await t?.stop();
});

const protectedRoutes = () => t.runtime.plan.routes.filter((r) => r.scopes.length > 0);
/** A concrete path for a route template, e.g. /v1/medicine-orders/{orderId} → /v1/medicine-orders/x1. */
const concrete = (path: string): string => path.replace(/\{[^}]+\}/g, 'x1');
const someBody = (method: string) => (method === 'GET' ? {} : { body: {} });

describe('HTTP API', () => {
  it('answers the public health check without a token', async () => {
    const res = await t.get('/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses missing, malformed, foreign, expired and wrong-issuer tokens with 401, as the JWT authorizer does', async () => {
    const otherInstallation = await mkdtemp(join(tmpdir(), 'gancang-other-'));
    try {
      const foreignKey = await loadSigningKey(otherInstallation);
      const tokens: Record<string, string | undefined> = {
        none: undefined,
        malformed: 'not-a-jwt',
        foreignSignature: await mintToken(foreignKey, { sub: 'intruder', roles: ['admin'] }),
        expired: await t.token('admin', 'late-admin', { ttlSeconds: -60 }),
        wrongIssuer: await t.token('admin', 'elsewhere', { issuer: 'https://cognito-idp.example.com/other-pool' }),
      };
      for (const route of protectedRoutes()) {
        for (const [kind, token] of Object.entries(tokens)) {
          const res = await t.request(route.method, concrete(route.path), { ...(token && { token }), ...someBody(route.method) });
          expect({ route: route.routeKey, kind, status: res.status, body: res.body }).toEqual({
            route: route.routeKey,
            kind,
            status: 401,
            body: { message: 'Unauthorized' },
          });
        }
      }
    } finally {
      await rm(otherInstallation, { recursive: true, force: true });
    }
  });

  it('refuses a valid token without any of the route scopes with 403', async () => {
    for (const route of protectedRoutes()) {
      const outsider = ROLES.find((role) => !route.scopes.includes(scopeFor(role)));
      if (!outsider) continue;
      const res = await t.request(route.method, concrete(route.path), { token: await t.token(outsider), ...someBody(route.method) });
      expect({ route: route.routeKey, status: res.status, body: res.body }).toEqual({
        route: route.routeKey,
        status: 403,
        body: { message: 'Forbidden' },
      });
    }
  });

  it('answers 404 for a path or method no route declares', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nowhere'],
      ['DELETE', '/v1/health'],
      ['GET', '/v1/health/extra'],
    ] as const) {
      const res = await t.request(method, path);
      expect({ method, path, status: res.status, body: res.body }).toEqual({ method, path, status: 404, body: { message: 'Not Found' } });
    }
  });

  it("hands the verified claims to the handler, which acts on the caller's subject and group", async () => {
    const admin = await t.token('admin', 'admin-pemkab');
    const pharmacist = await t.token('pharmacy', 'apoteker-blambangan');
    const otherPharmacist = await t.token('pharmacy', 'apoteker-genteng');

    const facility = await t.post(
      '/v1/facilities',
      {
        name: 'RSUD Blambangan',
        kind: 'HOSPITAL',
        kecamatan: 'Banyuwangi',
        location: { lat: -8.208396, lng: 114.366168 },
        staff: ['apoteker-blambangan'],
      },
      admin,
    );
    expect(facility.status).toBe(201);
    const list = `/v1/medicine-orders?facilityId=${facility.body.facilityId}`;

    expect((await t.get(list, pharmacist)).status).toBe(200);
    const refused = await t.get(list, otherPharmacist);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });
});

describe('resources built from the plan', () => {
  it('creates every table with the declared keys, indexes (projecting ALL) and TTL', async () => {
    for (const table of t.runtime.plan.tables) {
      const { Table } = await t.ddb.send(new DescribeTableCommand({ TableName: table.physicalName }));
      expect(Table?.KeySchema).toEqual([
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        ...(table.sortKey ? [{ AttributeName: table.sortKey, KeyType: 'RANGE' }] : []),
      ]);
      const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((gsi) => ({
        name: gsi.IndexName,
        keys: gsi.KeySchema,
        projection: gsi.Projection?.ProjectionType,
      }));
      expect(indexes.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
        table.indexes.map((index) => ({
          name: index.name,
          keys: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' }] : []),
          ],
          projection: 'ALL',
        })),
      );
      if (table.timeToLiveAttribute) {
        const ttl = await t.ddb.send(new DescribeTimeToLiveCommand({ TableName: table.physicalName }));
        expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: table.timeToLiveAttribute });
      }
    }
  });

  it('creates every queue with its DLQ, visibility timeout and redrive policy', async () => {
    for (const queue of t.runtime.plan.queues) {
      const addresses = t.queue(queue.name);
      const { Attributes = {} } = await t.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: addresses.url, AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'] }),
      );
      expect(Number(Attributes.VisibilityTimeout)).toBe(queue.visibilityTimeoutSeconds);
      const redrive = JSON.parse(Attributes.RedrivePolicy ?? '{}') as { deadLetterTargetArn?: string; maxReceiveCount?: number };
      expect(redrive.deadLetterTargetArn).toBe(addresses.dlqArn);
      expect(Number(redrive.maxReceiveCount)).toBe(queue.maxReceiveCount);
      expect(addresses.dlqArn).toContain(queue.dlqPhysicalName);
    }
  });

  it("moves a message every consumer rejects to its queue's DLQ after maxReceiveCount receives", async () => {
    for (const consumer of t.runtime.plan.consumers) {
      const queue = t.queue(consumer.queue);
      const body = `{ not json, consumer ${consumer.fn}`;
      await t.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
      const dead = await waitFor(`the poison message in ${queue.dlqUrl}`, async () => {
        const messages = await t.drain(queue.dlqUrl, { waitSeconds: 0 });
        return messages.length > 0 ? messages : undefined;
      });
      expect(dead.map((m) => m.Body)).toEqual([body]);
    }
  });
});
