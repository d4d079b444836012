/**
 * Everything that holds data: the tables, the queues (with their DLQs and alarms), the user
 * directory (accounts and their roles) and the keys that encrypt them. It changes rarely and is never replaced, so the stacks of code that change
 * daily (API, workers) can be destroyed and redeployed without touching a single record.
 */
import { Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, Operation, ProjectionType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { QueueName, QueueSpec, TableName, TableSpec } from '../declaration.ts';
import type { DeclaredResources } from '../constructs/declared-function.ts';
import { ALARM_PERIOD, notify } from '../constructs/alarms.ts';
import { UserDirectory } from '../constructs/user-directory.ts';
import { WorkQueue } from '../constructs/work-queue.ts';
import type { Declaration } from './declared.ts';

export const TABLE_TAG = 'gancang:table';

export interface StatefulStackProps extends StackProps {
  readonly declaration: Declaration;
  /** Subscribed to the operations topic when given (DLQ alarms). */
  readonly alarmEmail?: string;
  /** OAuth redirect URLs of the apps that use the hosted sign-in. */
  readonly callbackUrls: readonly string[];
}

export class StatefulStack extends Stack {
  readonly tables: Record<TableName, Table>;
  readonly queues: Record<QueueName, WorkQueue>;
  readonly opsTopic: Topic;
  readonly users: UserDirectory;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { declaration } = props;

    // Patient data is sensitive personal data under UU PDP: a key the regency controls (and can
    // audit in CloudTrail) encrypts the tables and the queues that carry job references.
    const dataKey = new Key(this, 'DataKey', {
      description: 'Gancang data at rest: DynamoDB tables and SQS queues',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A separate key for alarm notifications: CloudWatch must be allowed to use it, and it should
    // not be allowed anywhere near the data key.
    const opsKey = new Key(this, 'OpsKey', {
      description: 'Gancang operations notifications (SNS)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    opsKey.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.opsTopic = new Topic(this, 'OpsTopic', { displayName: 'Gancang operations', masterKey: opsKey, enforceSSL: true });
    // enforceSSL gives the topic a resource policy, which replaces SNS's default one (the owner
    // account may publish): without this statement CloudWatch alarms cannot publish and every
    // alarm stays silent. SourceAccount keeps other accounts' alarms from using the topic.
    this.opsTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.opsTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    if (props.alarmEmail) this.opsTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.tables = {} as Record<TableName, Table>;
    for (const [name, spec] of Object.entries(declaration.tables) as [TableName, TableSpec][]) {
      const table = new Table(this, `${name}Table`, {
        partitionKey: stringKey(spec.partitionKey),
        sortKey: spec.sortKey === undefined ? undefined : stringKey(spec.sortKey),
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: dataKey,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        timeToLiveAttribute: spec.timeToLiveAttribute,
      });
      for (const [indexName, index] of Object.entries(spec.indexes)) {
        table.addGlobalSecondaryIndex({
          indexName,
          partitionKey: stringKey(index.partitionKey),
          sortKey: index.sortKey === undefined ? undefined : stringKey(index.sortKey),
          projectionType: ProjectionType.ALL,
        });
      }
      Tags.of(table).add(TABLE_TAG, name);
      this.tables[name] = table;
      // On-demand tables still throttle (a hot partition, or traffic past twice its previous
      // peak). The SDK retries, so one throttled request is noise; two periods in a row are not.
      const throttled = new Alarm(this, `${name}ThrottlesAlarm`, {
        metric: table.metricThrottledRequestsForOperations({ operations: THROTTLE_WATCHED_OPERATIONS, period: ALARM_PERIOD }),
        alarmDescription: `DynamoDB throttled requests to the ${name} table for 10 minutes`,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      notify(throttled, this.opsTopic);
    }

    this.users = new UserDirectory(this, 'Users', { callbackUrls: props.callbackUrls, alarmTopic: this.opsTopic });

    this.queues = {} as Record<QueueName, WorkQueue>;
    for (const [name, spec] of Object.entries(declaration.queues) as [QueueName, QueueSpec][]) {
      this.queues[name] = new WorkQueue(this, `${name}Queue`, {
        name,
        spec,
        key: dataKey,
        alarmTopic: this.opsTopic,
        oldestMessageLimit: OLDEST_MESSAGE_LIMIT[name],
      });
    }
  }

  /** What the stateless stacks bind their functions to (cross-stack references). */
  resources(): DeclaredResources {
    const queues = {} as Record<QueueName, WorkQueue['queue']>;
    for (const [name, q] of Object.entries(this.queues) as [QueueName, WorkQueue][]) queues[name] = q.queue;
    return { tables: this.tables, queues, alarmTopic: this.opsTopic };
  }
}

/**
 * How old the oldest message of a work queue may get before someone is paged: its consumer has
 * stopped taking messages (disabled, throttled, failing before it reports). The dispatch queue
 * also carries dispatch's own delayed messages (retries and pickups scheduled up to SQS's maximum
 * delay of 15 minutes), so its limit is above that; job events and order notices are never
 * delayed, and a notice that waits long is news too late.
 */
export const OLDEST_MESSAGE_LIMIT: Readonly<Record<QueueName, Duration>> = {
  dispatch: Duration.minutes(20),
  jobEvents: Duration.minutes(5),
  notifications: Duration.minutes(5),
};

/** The operations the functions use (a throttle alarm's metric math may combine at most 10). */
const THROTTLE_WATCHED_OPERATIONS: Operation[] = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

// Keys are strings in every table of the single-table designs (prefixed ids, composite sort keys).
const stringKey = (name: string): Attribute => ({ name, type: AttributeType.STRING });
