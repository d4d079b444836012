import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerMaxConcurrency, functionNames, functions, queues, type ConsumesSpec } from '../../infra/declaration.ts';
import { declared, VISIBILITY_TIMEOUT_FACTOR } from '../../infra/stacks/declared.ts';
import { synthesize } from './support/synth.ts';

const consumers = functionNames().flatMap((name) => {
  const consumes = (functions[name] as { consumes?: ConsumesSpec }).consumes;
  return consumes ? [{ name, ...consumes, maxConcurrency: consumerMaxConcurrency(consumes) }] : [];
});

describe('workers stack', () => {
  let workers: Template;
  beforeAll(() => {
    workers = synthesize().workers;
  });

  it('has consumers that report partial batch failures with the declared batch size, window and maximum concurrency', () => {
    expect(consumers.length).toBeGreaterThan(0);
    const mappings = Object.values(workers.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(consumers.length);
    for (const consumer of consumers) {
      workers.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: consumer.batchSize,
        MaximumBatchingWindowInSeconds: consumer.maxBatchingWindowSeconds,
        // Without it a mapping scales to 1,000 batches; with it AWS runs what the local pollers run.
        ScalingConfig: { MaximumConcurrency: consumer.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('alarms the operations topic when a scheduled sweeper has failed every run for five periods', () => {
    const scheduled = functionNames().filter((name) => (functions[name] as { everyMinutes?: number }).everyMinutes !== undefined);
    expect(scheduled.length).toBeGreaterThan(0);
    // Every function also has a generic errors alarm (alarms.test.ts); these are the sweepers' own.
    const alarms = Object.entries(workers.findResources('AWS::CloudWatch::Alarm'))
      .filter(([id, alarm]) => /FailingAlarm/.test(id) && (alarm.Properties as { MetricName?: string }).MetricName === 'Errors')
      .map(([, alarm]) => alarm);
    expect(alarms).toHaveLength(scheduled.length);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({ EvaluationPeriods: 5, DatapointsToAlarm: 5, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      expect((alarm.Properties as { AlarmActions: unknown[] }).AlarmActions).toHaveLength(1);
    }
  });

  it('declares queues whose visibility timeout is at least 6 × their consumer\'s timeout', () => {
    for (const consumer of consumers) {
      expect(queues[consumer.queue].visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
        VISIBILITY_TIMEOUT_FACTOR * functions[consumer.name].timeoutSeconds,
      );
    }
  });

  it('refuses to synthesize a consumer whose queue could redeliver a batch still being processed', () => {
    const tooShort = {
      ...declared,
      queues: { ...declared.queues, dispatch: { ...declared.queues.dispatch, visibilityTimeoutSeconds: 60 } },
    };
    expect(() => synthesize({ declaration: tooShort })).toThrow(
      /Queue 'dispatch' has a visibility timeout of 60 s, but its consumer 'dispatchRequests' may run for 30 s/,
    );
  });

  it('runs scheduled functions at their declared rate, without retries that would overlap the next run', () => {
    const scheduled = functionNames().filter((name) => (functions[name] as { everyMinutes?: number }).everyMinutes);
    expect(Object.keys(workers.findResources('AWS::Events::Rule'))).toHaveLength(scheduled.length);
    workers.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    workers.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });
});
