/**
 * The one CloudWatch dashboard that shows Gancang at a glance: API traffic, errors and latency;
 * every function's errors and throttles; each work queue's depth, oldest message and dead
 * letters; couriers assigned next to how long ready jobs wait for dispatch; DynamoDB throttles;
 * and the Cognito triggers. Functions of other stacks are charted by their physical names
 * (physicalFunctionName), so the dashboard needs no cross-stack reference to them.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Dashboard, GraphWidget, Metric, Stats, TextWidget, Unit, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterPattern, type ILogGroup, type MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);

/**
 * Couriers assigned, counted from a line that the job-events consumer logs for every event it
 * applies (functions/ordering/job-events.consumer.ts: 'Job event handled', with the event's
 * `type`), charted beside the ready → assigned percentiles.
 */
export const COURIERS_ASSIGNED = {
  namespace: 'Gancang',
  metricName: 'CouriersAssigned',
  logMessage: 'Job event handled',
  eventType: 'COURIER_ASSIGNED',
} as const;

/**
 * Ready → assigned: the seconds an order waited for a driver, which the job-events consumer logs
 * with each COURIER_ASSIGNED it applies (`waitedForDriverSeconds`, from the order's timeline).
 * The dashboard charts its p50 and p90.
 */
export const READY_TO_ASSIGNED = {
  namespace: 'Gancang',
  metricName: 'ReadyToAssignedSeconds',
  logMessage: 'Job event handled',
  valueField: 'waitedForDriverSeconds',
} as const;

/**
 * The two metric filters on the job-events consumer's log: both read its 'Job event handled'
 * lines of type COURIER_ASSIGNED; the count takes every such line, the wait only those that
 * changed an order (a redelivery reports no second wait).
 */
export function courierAssignmentMetrics(logGroup: ILogGroup): MetricFilter[] {
  const assignment = [
    FilterPattern.stringValue('$.message', '=', COURIERS_ASSIGNED.logMessage),
    FilterPattern.stringValue('$.type', '=', COURIERS_ASSIGNED.eventType),
  ];
  return [
    logGroup.addMetricFilter('CouriersAssigned', {
      filterPattern: FilterPattern.all(...assignment),
      metricNamespace: COURIERS_ASSIGNED.namespace,
      metricName: COURIERS_ASSIGNED.metricName,
      metricValue: '1',
    }),
    logGroup.addMetricFilter('ReadyToAssigned', {
      filterPattern: FilterPattern.all(...assignment, FilterPattern.stringValue('$.outcome', '=', 'APPLIED')),
      metricNamespace: READY_TO_ASSIGNED.namespace,
      metricName: READY_TO_ASSIGNED.metricName,
      metricValue: `$.${READY_TO_ASSIGNED.valueField}`,
      unit: Unit.SECONDS,
    }),
  ];
}

export interface DashboardQueue {
  readonly name: string;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
}

export interface OperationsDashboardProps {
  readonly api: IHttpApi;
  /** Every function by its physical name: declared ones and the Cognito triggers. */
  readonly functionNames: readonly string[];
  readonly triggerNames: readonly string[];
  readonly queues: readonly DashboardQueue[];
  readonly tables: readonly { readonly name: string; readonly table: ITable }[];
}

const lambdaMetric = (functionName: string, metricName: string, statistic: string): Metric =>
  new Metric({ namespace: 'AWS/Lambda', metricName, dimensionsMap: { FunctionName: functionName }, statistic, period: PERIOD, label: functionName });

export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const graph = (title: string, left: IMetric[], right: IMetric[] = [], width = 8): GraphWidget =>
      new GraphWidget({ title, left, right, width, height: 6, period: PERIOD });
    const perQueue = (metric: (q: DashboardQueue) => IMetric): IMetric[] => props.queues.map(metric);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new TextWidget({
            markdown:
              '# Gancang operations\nEvery alarm notifies the operations SNS topic when it fires and when it clears; ' +
              'what each one watches is listed in the README, "Deploying to AWS".',
            width: 24,
            height: 2,
          }),
        ],
        [
          graph('API requests', [props.api.metricCount({ period: PERIOD, statistic: Stats.SUM, label: 'requests' })]),
          graph('API errors', [
            props.api.metricServerError({ period: PERIOD, statistic: Stats.SUM, label: '5xx' }),
            props.api.metricClientError({ period: PERIOD, statistic: Stats.SUM, label: '4xx' }),
          ]),
          graph('API latency (ms)', [
            props.api.metricLatency({ period: PERIOD, statistic: Stats.p(50), label: 'p50' }),
            props.api.metricLatency({ period: PERIOD, statistic: Stats.p(99), label: 'p99' }),
          ]),
        ],
        [
          graph('Function errors', props.functionNames.map((name) => lambdaMetric(name, 'Errors', Stats.SUM)), [], 12),
          graph('Function throttles', props.functionNames.map((name) => lambdaMetric(name, 'Throttles', Stats.SUM)), [], 12),
        ],
        [
          graph('Queue depth (visible messages)', perQueue((q) => q.queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: Stats.MAXIMUM, label: q.name }))),
          graph('Oldest message age (s)', perQueue((q) => q.queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: Stats.MAXIMUM, label: q.name }))),
          graph('Dead letters (DLQ depth)', perQueue((q) => q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: Stats.MAXIMUM, label: `${q.name} DLQ` }))),
        ],
        [
          graph(
            'Ready → assigned (s)',
            [Stats.p(50), Stats.p(90)].map(
              (statistic) =>
                new Metric({ namespace: READY_TO_ASSIGNED.namespace, metricName: READY_TO_ASSIGNED.metricName, statistic, period: PERIOD, label: `ready → assigned ${statistic}` }),
            ),
            [new Metric({ namespace: COURIERS_ASSIGNED.namespace, metricName: COURIERS_ASSIGNED.metricName, statistic: Stats.SUM, period: PERIOD, label: 'couriers assigned' })],
          ),
          graph(
            'DynamoDB throttled requests',
            props.tables.map(({ name, table }) =>
              new Metric({ namespace: 'AWS/DynamoDB', metricName: 'WriteThrottleEvents', dimensionsMap: { TableName: table.tableName }, statistic: Stats.SUM, period: PERIOD, label: `${name} writes` }),
            ).concat(
              props.tables.map(({ name, table }) =>
                new Metric({ namespace: 'AWS/DynamoDB', metricName: 'ReadThrottleEvents', dimensionsMap: { TableName: table.tableName }, statistic: Stats.SUM, period: PERIOD, label: `${name} reads` }),
              ),
            ),
          ),
          graph(
            'Sign-in triggers (errors)',
            props.triggerNames.map((name) => lambdaMetric(name, 'Errors', Stats.SUM)),
          ),
        ],
      ],
    });
  }
}
