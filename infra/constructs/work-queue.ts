/**
 * A declared queue as it runs in AWS: the queue, its dead-letter queue and an alarm that tells
 * operations as soon as one message lands there. A message in a DLQ is a job nobody handled
 * (a medicine delivery that was never offered), so the threshold is "more than zero". A second
 * alarm fires when the oldest message waits longer than the queue's limit: nobody is consuming.
 */
import { Duration, Tags } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueSpec } from '../declaration.ts';
import { notify } from './alarms.ts';

export const QUEUE_TAG = 'gancang:queue';
export const DEAD_LETTER_QUEUE_TAG = 'gancang:dead-letters-of';

/**
 * SQS keeps a standard queue's message age across the move to the DLQ, so the DLQ keeps messages
 * for the maximum SQS allows, giving operators the most time to inspect and redrive them.
 */
const DEAD_LETTER_RETENTION = Duration.days(14);

export interface WorkQueueProps {
  readonly name: string;
  readonly spec: QueueSpec;
  readonly key: IKey;
  readonly alarmTopic: ITopic;
  /** Age of the oldest message past which operations are paged. */
  readonly oldestMessageLimit: Duration;
}

export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly oldestMessageAlarm: Alarm;

  constructor(scope: Construct, id: string, { name, spec, key, alarmTopic, oldestMessageLimit }: WorkQueueProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(spec.retentionDays),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
    Tags.of(this.queue).add(QUEUE_TAG, name);
    Tags.of(this.deadLetterQueue).add(DEAD_LETTER_QUEUE_TAG, name);

    this.deadLetterAlarm = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' })
      .createAlarm(this, 'DeadLettersAlarm', {
        alarmDescription: `Messages of the ${name} queue failed ${spec.maxReceiveCount} times and wait in its DLQ`,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    notify(this.deadLetterAlarm, alarmTopic);

    this.oldestMessageAlarm = this.queue
      .metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' })
      .createAlarm(this, 'OldestMessageAlarm', {
        alarmDescription: `The oldest message of the ${name} queue has waited more than ${oldestMessageLimit.toHumanString()}: its consumer is not keeping up`,
        threshold: oldestMessageLimit.toSeconds(),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    notify(this.oldestMessageAlarm, alarmTopic);
  }
}
