/**
 * What pages operations, read from the synthesized templates: every declared function (and each
 * Cognito trigger) for errors and throttles, the API's 5xx rate and p99 latency, each work
 * queue's oldest message and DLQ, each table's throttled requests, each sweeper that fails every
 * run or stops running; all to the operations topic, on alarm and on recovery. And the one
 * dashboard that shows the service at a glance.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionNames, functions, queueNames, tableNames } from '../../infra/declaration.ts';
import { REPO_ROOT } from '../../infra/constructs/gancang-function.ts';
import { API_ALARMS } from '../../infra/constructs/gancang-http-api.ts';
import { COURIERS_ASSIGNED, READY_TO_ASSIGNED } from '../../infra/constructs/operations-dashboard.ts';
import { NOTIFICATION_REPLIES } from '../../infra/constructs/notification-channels.ts';
import { COGNITO_TRIGGERS } from '../../infra/constructs/user-directory.ts';
import { OLDEST_MESSAGE_LIMIT } from '../../infra/stacks/stateful-stack.ts';
import { synthesize, type CfnResource, type StackTemplate, type Synthesized } from './support/synth.ts';

type AlarmProps = {
  MetricName?: string;
  Namespace?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] }; Stat: string } }[];
  ExtendedStatistic?: string;
  Statistic?: string;
  Threshold: number;
  ComparisonOperator: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  TreatMissingData: string;
  AlarmActions: unknown[];
  OKActions: unknown[];
};
type Located = { stack: 'stateful' | 'api' | 'workers'; id: string; props: AlarmProps };

const scheduled = functionNames().filter((name) => (functions[name] as { everyMinutes?: number }).everyMinutes !== undefined);
const everyFunction = [...functionNames(), ...Object.keys(COGNITO_TRIGGERS), ...Object.keys(NOTIFICATION_REPLIES)];

describe('alarms and dashboard', () => {
  let json: Synthesized['json'];
  let alarms: Located[];
  let topicId: string;
  beforeAll(() => {
    json = synthesize().json;
    alarms = (['stateful', 'api', 'workers'] as const).flatMap((stack) =>
      Object.entries(json[stack].Resources)
        .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
        .map(([id, r]) => ({ stack, id, props: r.Properties as AlarmProps })),
    );
    [topicId] = Object.entries(json.stateful.Resources).find(([, r]) => r.Type === 'AWS::SNS::Topic')!;
  });

  const resolved = (stack: Located['stack'], value: unknown): unknown => {
    const name = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
    if (stack === 'stateful' || name === undefined) return value;
    return Object.values(json.stateful.Outputs ?? {}).find((o) => o.Export?.Name === name)?.Value;
  };
  const functionIdTagged = (stack: StackTemplate, name: string): string | undefined =>
    Object.entries(stack.Resources).find(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && (r.Properties?.Tags as { Key: string; Value: string }[]).some((t) => t.Value === name),
    )?.[0];
  const onFunction = (name: string, metric: string): Located[] =>
    alarms.filter((a) => {
      const fnId = functionIdTagged(json[a.stack], name);
      return (
        fnId !== undefined &&
        a.props.Namespace === 'AWS/Lambda' &&
        a.props.MetricName === metric &&
        JSON.stringify(a.props.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId } }])
      );
    });

  it('sends every alarm to the operations topic, when it fires and when it clears', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const { stack, id, props } of alarms) {
      expect(props.AlarmActions.map((a) => resolved(stack, a)), id).toEqual([{ Ref: topicId }]);
      expect(props.OKActions.map((a) => resolved(stack, a)), id).toEqual([{ Ref: topicId }]);
    }
  });

  it.each(everyFunction)('watches %s for errors and for throttles', (name) => {
    const [errors, ...moreErrors] = onFunction(name, 'Errors').filter((a) => !/FailingAlarm/.test(a.id));
    expect(errors, `${name} errors alarm`).toBeDefined();
    expect(moreErrors).toEqual([]);
    expect(errors!.props).toMatchObject({ Statistic: 'Sum', ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    expect(errors!.props.Threshold).toBeGreaterThanOrEqual(1);
    const throttles = onFunction(name, 'Throttles');
    expect(throttles, `${name} throttles alarm`).toHaveLength(1);
    expect(throttles[0]!.props).toMatchObject({ Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('pages on the first failure of a Cognito trigger: each one is a person who could not sign in or up', () => {
    for (const name of Object.keys(COGNITO_TRIGGERS)) {
      expect(onFunction(name, 'Errors')[0]?.props.Threshold, name).toBe(1);
    }
  });

  it('alarms on the API\'s 5xx rate and its p99 latency', () => {
    const api = alarms.filter((a) => a.stack === 'api' && (a.props.Metrics !== undefined || a.props.Namespace === 'AWS/ApiGateway'));
    const rate = api.find((a) => a.props.Metrics?.some((m) => m.Expression?.includes('errors / requests')));
    expect(rate?.props.Threshold).toBe(API_ALARMS.serverErrorPercent);
    const used = rate?.props.Metrics?.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])).sort();
    expect(used).toEqual(['5xx', 'Count']);
    const latency = api.find((a) => a.props.MetricName === 'Latency');
    expect(latency?.props).toMatchObject({ ExtendedStatistic: 'p99', Threshold: API_ALARMS.p99LatencyMs, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('alarms when the oldest message of any work queue waits past its limit', () => {
    const queues = Object.entries(json.stateful.Resources).filter(
      ([, r]) => r.Type === 'AWS::SQS::Queue' && (r.Properties?.Tags as { Key: string }[] | undefined)?.some((t) => t.Key === 'gancang:queue'),
    );
    expect(queues).toHaveLength(queueNames().length);
    for (const [id, queue] of queues) {
      const name = (queue.Properties?.Tags as { Key: string; Value: string }[]).find((t) => t.Key === 'gancang:queue')!.Value as keyof typeof OLDEST_MESSAGE_LIMIT;
      const age = alarms.filter(
        (a) =>
          a.props.MetricName === 'ApproximateAgeOfOldestMessage' &&
          JSON.stringify(a.props.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }]),
      );
      expect(age, name).toHaveLength(1);
      expect(age[0]!.props.Threshold).toBe(OLDEST_MESSAGE_LIMIT[name].toSeconds());
    }
  });

  it('alarms on throttled requests to every table', () => {
    const tables = Object.entries(json.stateful.Resources).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(tableNames().length);
    for (const [id] of tables) {
      const throttled = alarms.filter((a) =>
        a.props.Metrics?.some(
          (m) =>
            m.MetricStat?.Metric.MetricName === 'ThrottledRequests' &&
            m.MetricStat.Metric.Dimensions.some((d) => d.Name === 'TableName' && JSON.stringify(d.Value) === JSON.stringify({ Ref: id })),
        ),
      );
      expect(throttled, id).toHaveLength(1);
      expect(throttled[0]!.props.Metrics?.filter((m) => m.MetricStat).length).toBeLessThanOrEqual(10);
    }
  });

  it.each(scheduled)('alarms when the sweeper %s stops running, missing data counting as not run', (name) => {
    const stopped = onFunction(name, 'Invocations');
    expect(stopped).toHaveLength(1);
    expect(stopped[0]!.props).toMatchObject({
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('has exactly these alarms and no others', () => {
    const expected =
      2 * everyFunction.length + // errors, throttles
      2 + // API 5xx rate, latency
      2 * queueNames().length + // DLQ, oldest message
      tableNames().length + // throttled requests
      2 * scheduled.length + // failing every run, stopped
      1; // a notification reply that could not be recorded
    expect(alarms).toHaveLength(expected);
  });

  it('measures ready → assigned from the seconds the job-events consumer logs with each assignment it applies', () => {
    const filters = Object.values(json.workers.Resources).filter(
      (r): r is CfnResource => r.Type === 'AWS::Logs::MetricFilter' && JSON.stringify(r.Properties).includes(READY_TO_ASSIGNED.metricName),
    );
    expect(filters).toHaveLength(1);
    const props = filters[0]!.Properties as { FilterPattern: string; MetricTransformations: { MetricName: string; MetricValue: string; Unit: string }[] };
    expect(props.FilterPattern).toContain(COURIERS_ASSIGNED.eventType);
    expect(props.FilterPattern).toContain('APPLIED');
    expect(props.MetricTransformations).toEqual([
      expect.objectContaining({ MetricName: READY_TO_ASSIGNED.metricName, MetricValue: `$.${READY_TO_ASSIGNED.valueField}`, Unit: 'Seconds' }),
    ]);
    // The follower returns that field and the consumer logs the follower's result on that line.
    expect(readFileSync(path.join(REPO_ROOT, 'shared/ordering/application/follow-job.ts'), 'utf8')).toContain(`${READY_TO_ASSIGNED.valueField}:`);
    expect(readFileSync(path.join(REPO_ROOT, functions.jobEvents.entry), 'utf8')).toMatch(/logger\.info\('Job event handled', \{[^}]*\.\.\.result/);
  });

  it('counts courier assignments from the line the job-events consumer logs for each event', () => {
    const filters = Object.values(json.workers.Resources).filter(
      (r): r is CfnResource => r.Type === 'AWS::Logs::MetricFilter' && JSON.stringify(r.Properties).includes(COURIERS_ASSIGNED.metricName),
    );
    expect(filters).toHaveLength(1);
    const props = filters[0]!.Properties as { FilterPattern: string; LogGroupName: { Ref: string }; MetricTransformations: { MetricNamespace: string; MetricName: string }[] };
    expect(props.FilterPattern).toContain(`"${COURIERS_ASSIGNED.logMessage}"`);
    expect(props.FilterPattern).toContain(COURIERS_ASSIGNED.eventType);
    expect(props.MetricTransformations).toEqual([expect.objectContaining({ MetricNamespace: 'Gancang', MetricName: 'CouriersAssigned' })]);
    const consumerId = functionIdTagged(json.workers, 'jobEvents')!;
    const logGroup = (json.workers.Resources[consumerId]?.Properties?.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup;
    expect(props.LogGroupName).toEqual(logGroup);
    // The count depends on that log line: if it changes, this test says so before the graph goes flat.
    const consumer = readFileSync(path.join(REPO_ROOT, functions.jobEvents.entry), 'utf8');
    expect(consumer).toContain(`logger.info('${COURIERS_ASSIGNED.logMessage}'`);
    expect(consumer).toMatch(/type: event\.type/);
  });

  it('has one dashboard with requests, errors, latency, every function, queue depth and age, DLQs and ready → assigned', () => {
    const dashboards = Object.values(json.api.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties?.DashboardName).toBe('Gancang-Api-operations');
    expect(
      [json.stateful, json.workers].flatMap((s) => Object.values(s.Resources)).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard'),
    ).toEqual([]);
    // The body is a JSON string with the other stacks' values spliced in; those read as TOKEN here.
    const [, parts] = (dashboards[0]!.Properties?.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    const body = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('')) as {
      widgets: { properties: { title?: string; metrics?: (string | object)[][] } }[];
    };
    const graphs = new Map(body.widgets.filter((w) => w.properties.title).map((w) => [w.properties.title!, w.properties.metrics ?? []]));
    expect([...graphs.keys()]).toEqual([
      'API requests',
      'API errors',
      'API latency (ms)',
      'Function errors',
      'Function throttles',
      'Queue depth (visible messages)',
      'Oldest message age (s)',
      'Dead letters (DLQ depth)',
      'Ready → assigned (s)',
      'DynamoDB throttled requests',
      'Sign-in triggers (errors)',
    ]);
    const charted = (title: string): string[] => graphs.get(title)!.map((m) => String(m[3])).sort();
    const physical = functionNames().map((name) => expect.stringMatching(new RegExp(`^Gancang-(Api|Workers)-${name}$`)));
    expect(charted('Function errors')).toEqual(expect.arrayContaining(physical));
    expect(charted('Function errors')).toHaveLength(functionNames().length);
    expect(charted('Function throttles')).toEqual(charted('Function errors'));
    expect(charted('Sign-in triggers (errors)')).toEqual(Object.keys(COGNITO_TRIGGERS).map((name) => `Gancang-Stateful-${name}`).sort());
    for (const title of ['Queue depth (visible messages)', 'Oldest message age (s)', 'Dead letters (DLQ depth)']) {
      expect(graphs.get(title), title).toHaveLength(queueNames().length);
    }
    // p50 and p90 of the seconds orders waited for a driver, beside how many got one.
    expect(graphs.get('Ready → assigned (s)')!.map((m) => m.slice(0, 2))).toEqual([
      [READY_TO_ASSIGNED.namespace, READY_TO_ASSIGNED.metricName],
      [READY_TO_ASSIGNED.namespace, READY_TO_ASSIGNED.metricName],
      [COURIERS_ASSIGNED.namespace, COURIERS_ASSIGNED.metricName],
    ]);
  });
});
