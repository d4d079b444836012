/**
 * Reads back, from the synthesized CloudFormation alone, what the CDK app deploys, in the shape of
 * the local plan: routes with their scopes and function, tables, queues with their redrive, queue
 * consumers, schedules and each function's environment variable names and limits. Declared names
 * come from the tags the constructs put on tables, queues and functions; references across stacks
 * are followed through the stateful stack's exports.
 */
import { DEAD_LETTER_QUEUE_TAG, QUEUE_TAG } from '../../../infra/constructs/work-queue.ts';
import { FUNCTION_TAG, RUNTIME_ENVIRONMENT } from '../../../infra/constructs/gancang-function.ts';
import { CHANNEL_ENVIRONMENT } from '../../../shared/notification/adapters/aws-channels.ts';
import { TABLE_TAG } from '../../../infra/stacks/stateful-stack.ts';
import type { CfnResource, StackTemplate } from './synth.ts';

export interface DeployedModel {
  readonly routes: { routeKey: string; fn: string; scopes: string[] }[];
  readonly tables: {
    name: string;
    partitionKey: string;
    sortKey: string | undefined;
    indexes: { name: string; partitionKey: string; sortKey: string | undefined }[];
    timeToLiveAttribute: string | undefined;
  }[];
  readonly queues: { name: string; visibilityTimeoutSeconds: number; maxReceiveCount: number; deadLetterQueueOf: string }[];
  readonly consumers: { fn: string; queue: string; batchSize: number; maxConcurrency: number }[];
  readonly schedules: { fn: string; everyMinutes: number }[];
  /** Contract variables only: the runtime tuning ones (RUNTIME_ENVIRONMENT) are left out. */
  readonly environmentNames: Record<string, string[]>;
  readonly limits: Record<string, { timeoutSeconds: number; memoryMb: number }>;
}

type Templates = { readonly stateful: StackTemplate; readonly api: StackTemplate; readonly workers: StackTemplate };

interface Located {
  readonly logicalId: string;
  readonly resource: CfnResource;
}

const CHANNEL_SETTINGS: ReadonlySet<string> = new Set(Object.values(CHANNEL_ENVIRONMENT));

export function deployedModel(templates: Templates): DeployedModel {
  const stacks = [templates.stateful, templates.api, templates.workers];
  const all = (type: string): (Located & { stack: StackTemplate })[] =>
    stacks.flatMap((stack) =>
      Object.entries(stack.Resources)
        .filter(([, r]) => r.Type === type)
        .map(([logicalId, resource]) => ({ logicalId, resource, stack })),
    );

  /** The resource a Ref / GetAtt / ImportValue in `stack` points at. */
  const target = (stack: StackTemplate, expression: unknown): Located => {
    const e = expression as Record<string, unknown>;
    if (typeof e['Fn::ImportValue'] === 'string') {
      const name = e['Fn::ImportValue'];
      const output = Object.values(templates.stateful.Outputs ?? {}).find((o) => o.Export?.Name === name);
      if (!output) throw new Error(`No export named ${name}`);
      return target(templates.stateful, output.Value);
    }
    const logicalId =
      typeof e.Ref === 'string' ? e.Ref : Array.isArray(e['Fn::GetAtt']) ? String(e['Fn::GetAtt'][0]) : undefined;
    const resource = logicalId === undefined ? undefined : stack.Resources[logicalId];
    if (logicalId === undefined || !resource) throw new Error(`Cannot follow ${JSON.stringify(expression)}`);
    return { logicalId, resource };
  };
  const tag = (resource: CfnResource, key: string): string | undefined =>
    (resource.Properties?.Tags as { Key: string; Value: string }[] | undefined)?.find((t) => t.Key === key)?.Value;
  const named = (located: Located, key: string): string => {
    const name = tag(located.resource, key);
    if (name === undefined) throw new Error(`${located.logicalId} has no ${key} tag`);
    return name;
  };
  const props = (r: CfnResource): Record<string, unknown> => r.Properties ?? {};

  const routes = all('AWS::ApiGatewayV2::Route').map(({ resource, stack }) => {
    const p = props(resource);
    const join = (p.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    const integration = target(stack, join[1]);
    const fn = target(stack, props(integration.resource).IntegrationUri);
    const scopes = (p.AuthorizationScopes as string[] | undefined) ?? [];
    if ((p.AuthorizationType === 'NONE') !== (scopes.length === 0)) {
      throw new Error(`${String(p.RouteKey)} has scopes ${scopes.join(',')} but authorization ${String(p.AuthorizationType)}`);
    }
    return { routeKey: String(p.RouteKey), fn: named(fn, FUNCTION_TAG), scopes: [...scopes].sort() };
  });

  const keysOf = (schema: unknown): { partitionKey: string; sortKey: string | undefined } => {
    const keys = schema as { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    const partitionKey = keys.find((k) => k.KeyType === 'HASH')?.AttributeName;
    if (partitionKey === undefined) throw new Error('Key schema without a partition key');
    return { partitionKey, sortKey: keys.find((k) => k.KeyType === 'RANGE')?.AttributeName };
  };
  const tables = all('AWS::DynamoDB::Table').map((located) => {
    const p = props(located.resource);
    const ttl = p.TimeToLiveSpecification as { AttributeName: string; Enabled: boolean } | undefined;
    return {
      name: named(located, TABLE_TAG),
      ...keysOf(p.KeySchema),
      indexes: ((p.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown }[] | undefined) ?? []).map(
        (index) => ({ name: index.IndexName, ...keysOf(index.KeySchema) }),
      ),
      timeToLiveAttribute: ttl?.Enabled ? ttl.AttributeName : undefined,
    };
  });

  const queues = all('AWS::SQS::Queue')
    .filter(({ resource }) => tag(resource, QUEUE_TAG) !== undefined)
    .map((located) => {
      const p = props(located.resource);
      const redrive = p.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number } | undefined;
      if (!redrive) throw new Error(`Queue ${located.logicalId} has no dead-letter queue`);
      return {
        name: named(located, QUEUE_TAG),
        visibilityTimeoutSeconds: Number(p.VisibilityTimeout ?? 30),
        maxReceiveCount: redrive.maxReceiveCount,
        deadLetterQueueOf: named(target(located.stack, redrive.deadLetterTargetArn), DEAD_LETTER_QUEUE_TAG),
      };
    });

  const consumers = all('AWS::Lambda::EventSourceMapping').map(({ resource, stack }) => {
    const p = props(resource);
    return {
      fn: named(target(stack, p.FunctionName), FUNCTION_TAG),
      queue: named(target(stack, p.EventSourceArn), QUEUE_TAG),
      batchSize: Number(p.BatchSize),
      maxConcurrency: Number((p.ScalingConfig as { MaximumConcurrency?: unknown } | undefined)?.MaximumConcurrency),
    };
  });

  const schedules = all('AWS::Events::Rule').flatMap(({ resource, stack }) => {
    const p = props(resource);
    const rate = /^rate\((\d+) minutes?\)$/.exec(String(p.ScheduleExpression));
    if (!rate) throw new Error(`Unsupported schedule ${String(p.ScheduleExpression)}`);
    return (p.Targets as { Arn: unknown }[]).map((t) => ({
      fn: named(target(stack, t.Arn), FUNCTION_TAG),
      everyMinutes: Number(rate[1]),
    }));
  });

  const environmentNames: Record<string, string[]> = {};
  const limits: Record<string, { timeoutSeconds: number; memoryMb: number }> = {};
  for (const located of all('AWS::Lambda::Function')) {
    const name = named(located, FUNCTION_TAG);
    const p = props(located.resource);
    const variables = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    environmentNames[name] = Object.keys(variables)
      // The AWS channels' deploy settings (infra/constructs/notification-channels.ts) have no
      // local twin: locally the same consumer sends to the outbox.
      .filter((v) => !(v in RUNTIME_ENVIRONMENT) && !CHANNEL_SETTINGS.has(v))
      .sort();
    limits[name] = { timeoutSeconds: Number(p.Timeout), memoryMb: Number(p.MemorySize) };
  }

  return { routes, tables, queues, consumers, schedules, environmentNames, limits };
}
