/**
 * The functions nobody calls over HTTP: queue consumers (with partial batch failure reporting, so
 * one bad message is retried alone) and scheduled sweepers, each watched for failing every run
 * and for not running at all.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { consumerMaxConcurrency, type FunctionName, type QueueName } from '../declaration.ts';
import { declaredFunction, type DeclaredResources } from '../constructs/declared-function.ts';
import type { GancangFunction } from '../constructs/gancang-function.ts';
import { notify } from '../constructs/alarms.ts';
import { courierAssignmentMetrics } from '../constructs/operations-dashboard.ts';
import { assertVisibilityCoversConsumer, functionRoles, type Declaration } from './declared.ts';

export interface WorkersStackProps extends StackProps {
  readonly declaration: Declaration;
  readonly resources: DeclaredResources;
}

/** The queue whose consumer logs each courier assignment (counted for the dashboard). */
const JOB_EVENTS_QUEUE: QueueName = 'jobEvents';

/** Expected runs of a sweeper that may pass without one before "it stopped" pages someone. */
const MISSED_RUNS_BEFORE_ALARM = 3;

export class WorkersStack extends Stack {
  readonly functions: Partial<Record<FunctionName, GancangFunction>> = {};

  constructor(scope: Construct, id: string, props: WorkersStackProps) {
    super(scope, id, props);
    const { declaration, resources } = props;

    for (const [name, role] of Object.entries(functionRoles(declaration)) as [FunctionName, string][]) {
      if (role !== 'worker') continue;
      const spec = declaration.functions[name];
      if (spec.consumes) assertVisibilityCoversConsumer(name, spec.consumes.queue, declaration);

      const fn = declaredFunction(this, name, declaration, resources);
      this.functions[name] = fn;
      if (spec.consumes) {
        fn.fn.addEventSource(
          new SqsEventSource(resources.queues[spec.consumes.queue], {
            batchSize: spec.consumes.batchSize,
            maxBatchingWindow: Duration.seconds(spec.consumes.maxBatchingWindowSeconds),
            // The same maximum the local pollers use (consumerMaxConcurrency), so local and AWS agree.
            maxConcurrency: consumerMaxConcurrency(spec.consumes),
            reportBatchItemFailures: true,
          }),
        );
        if (spec.consumes.queue === JOB_EVENTS_QUEUE) courierAssignmentMetrics(fn.logGroup);
      }
      if (spec.everyMinutes !== undefined) {
        // A missed or failed tick is made up by the next one; retries would only overlap it.
        fn.fn.configureAsyncInvoke({ retryAttempts: 0 });
        new Rule(this, `${name}Schedule`, {
          description: `Runs ${name} every ${spec.everyMinutes} min`,
          schedule: Schedule.rate(Duration.minutes(spec.everyMinutes)),
          targets: [new LambdaFunction(fn.fn, { retryAttempts: 0 })],
        });
        // A sweeper fails its run while something stays unsent or unsettled: one failed tick can
        // be a passing fault, five in a row is work stuck that a person must look at.
        const stuck = fn.fn
          .metricErrors({ period: Duration.minutes(spec.everyMinutes), statistic: 'Sum' })
          .createAlarm(this, `${name}FailingAlarm`, {
            alarmDescription: `${name} has failed every run for ${5 * spec.everyMinutes} minutes: messages or redemptions are stuck`,
            threshold: 0,
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 5,
            datapointsToAlarm: 5,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          });
        notify(stuck, resources.alarmTopic);
        // A sweeper that no longer runs (rule disabled or deleted, function deleted) fails no run
        // either, and leaves no data at all: missing data is the breach here.
        const stopped = fn.fn
          .metricInvocations({ period: Duration.minutes(spec.everyMinutes), statistic: 'Sum' })
          .createAlarm(this, `${name}StoppedAlarm`, {
            alarmDescription: `${name} has not run for ${MISSED_RUNS_BEFORE_ALARM * spec.everyMinutes} minutes (it should run every ${spec.everyMinutes}): outbox messages, stalled jobs or held redemptions wait`,
            threshold: 1,
            comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
            evaluationPeriods: MISSED_RUNS_BEFORE_ALARM,
            datapointsToAlarm: MISSED_RUNS_BEFORE_ALARM,
            treatMissingData: TreatMissingData.BREACHING,
          });
        notify(stopped, resources.alarmTopic);
      }
    }
  }
}
