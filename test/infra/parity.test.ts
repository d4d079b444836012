/**
 * What runs locally is what deploys: the synthesized templates and the local runtime's plan
 * (infra/local/plan.ts) expose the same routes and scopes, tables, queues and redrive, consumers,
 * schedules and environment contract. Each side is read from its own artifact, so a route, table
 * or queue that only one runtime builds makes this test fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { localPlan, type LocalPlan } from '../../infra/local/plan.ts';
import { declared } from '../../infra/stacks/declared.ts';
import { COGNITO_TRIGGERS } from '../../infra/constructs/user-directory.ts';
import { NOTIFICATION_REPLIES } from '../../infra/constructs/notification-channels.ts';
import { deployedModel, type DeployedModel } from './support/deployed-model.ts';
import { synthesize } from './support/synth.ts';

/**
 * Cognito's triggers: locally `npm run token` mints tokens with the roles' scopes directly. The
 * notification replies: locally nobody replies to the outbox.
 */
const AWS_ONLY_FUNCTIONS: string[] = [...Object.keys(COGNITO_TRIGGERS), ...Object.keys(NOTIFICATION_REPLIES)];

const byKey = <T>(key: (item: T) => string) => (a: T, b: T): number => key(a).localeCompare(key(b));
const sorted = <T>(items: readonly T[], key: (item: T) => string): T[] => [...items].sort(byKey(key));

function localModel(plan: LocalPlan): Omit<DeployedModel, 'environmentNames' | 'limits'> {
  return {
    routes: sorted(
      plan.routes.map((r) => ({ routeKey: r.routeKey, fn: r.fn, scopes: [...r.scopes].sort() })),
      (r) => r.routeKey,
    ),
    tables: sorted(
      plan.tables.map((t) => ({
        name: t.name,
        partitionKey: t.partitionKey,
        sortKey: t.sortKey,
        indexes: sorted(t.indexes.map((i) => ({ name: i.name, partitionKey: i.partitionKey, sortKey: i.sortKey })), (i) => i.name),
        timeToLiveAttribute: t.timeToLiveAttribute,
      })),
      (t) => t.name,
    ),
    queues: sorted(
      plan.queues.map((q) => ({
        name: q.name,
        visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
        maxReceiveCount: q.maxReceiveCount,
        // The local plan names a DLQ for every queue; in AWS the DLQ is tagged with its queue.
        deadLetterQueueOf: q.dlqPhysicalName === '' ? '' : q.name,
      })),
      (q) => q.name,
    ),
    consumers: sorted(plan.consumers.map((c) => ({ fn: c.fn, queue: c.queue, batchSize: c.batchSize, maxConcurrency: c.maxConcurrency })), (c) => `${c.fn}:${c.queue}`),
    schedules: sorted(plan.schedules.map((s) => ({ fn: s.fn, everyMinutes: s.everyMinutes })), (s) => s.fn),
  };
}

function normalized(model: DeployedModel): Omit<DeployedModel, 'environmentNames' | 'limits'> {
  return {
    routes: sorted(model.routes, (r) => r.routeKey),
    tables: sorted(
      model.tables.map((t) => ({ ...t, indexes: sorted(t.indexes, (i) => i.name) })),
      (t) => t.name,
    ),
    queues: sorted(model.queues, (q) => q.name),
    consumers: sorted(model.consumers, (c) => `${c.fn}:${c.queue}`),
    schedules: sorted(model.schedules, (s) => s.fn),
  };
}

// Locally the app is served on the API's own origin, which the runtime passes as the app URL.
const plan = localPlan('parity-', (name) => `http://localhost:9324/000000000000/${name}`, 'http://127.0.0.1:3000');

describe('parity of the CDK app and the local runtime', () => {
  let deployed: DeployedModel;
  beforeAll(() => {
    deployed = deployedModel(synthesize().json);
  });

  it('exposes the same routes, with the same function and scopes', () => {
    expect(normalized(deployed).routes).toEqual(localModel(plan).routes);
  });

  it('builds the same tables: keys, indexes and TTL attribute', () => {
    expect(normalized(deployed).tables).toEqual(localModel(plan).tables);
  });

  it('builds the same queues, each with a dead-letter queue after the same number of receives', () => {
    expect(normalized(deployed).queues).toEqual(localModel(plan).queues);
  });

  it('wires the same consumers to the same queues with the same batch size and maximum concurrency', () => {
    expect(normalized(deployed).consumers).toEqual(localModel(plan).consumers);
  });

  it('runs the same schedules', () => {
    expect(normalized(deployed).schedules).toEqual(localModel(plan).schedules);
  });

  it('gives every function the same environment variable names', () => {
    const deployedNames = Object.fromEntries(
      Object.entries(deployed.environmentNames).filter(([fn]) => !AWS_ONLY_FUNCTIONS.includes(fn)),
    );
    const localNames = Object.fromEntries(Object.entries(plan.environment).map(([fn, env]) => [fn, Object.keys(env).sort()]));
    expect(deployedNames).toEqual(localNames);
  });

  it('gives every function the same timeout and memory', () => {
    const deployedLimits = Object.fromEntries(
      Object.entries(deployed.limits).filter(([fn]) => !AWS_ONLY_FUNCTIONS.includes(fn)),
    );
    expect(deployedLimits).toEqual(plan.limits);
  });

  it('notices when the CDK app builds a route or a redrive policy that the local runtime does not', () => {
    const drifted = deployedModel(
      synthesize({
        declaration: {
          ...declared,
          routes: [...declared.routes, { method: 'GET', path: '/v1/only-in-aws', fn: 'health', auth: 'public' }],
          queues: { ...declared.queues, dispatch: { ...declared.queues.dispatch, maxReceiveCount: 2 } },
        },
      }).json,
    );
    expect(normalized(drifted).routes).not.toEqual(localModel(plan).routes);
    expect(normalized(drifted).routes.map((r) => r.routeKey)).toContain('GET /v1/only-in-aws');
    expect(normalized(drifted).queues).not.toEqual(localModel(plan).queues);
  });
});
