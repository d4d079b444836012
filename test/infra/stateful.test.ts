import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { queues, tableNames } from '../../infra/declaration.ts';
import { synthesize } from './support/synth.ts';

describe('stateful stack', () => {
  let stateful: Template;
  beforeAll(() => {
    stateful = synthesize().stateful;
  });

  it('keeps one on-demand table per declared table, encrypted with the customer-managed key', () => {
    const tables = stateful.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(tableNames().length);
    const [dataKey] = Object.keys(stateful.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('data') } }));
    for (const table of Object.values(tables)) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [dataKey, 'Arn'] } },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
      expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('rotates its keys and keeps them when the stack goes', () => {
    const keys = Object.values(stateful.findResources('AWS::KMS::Key'));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.DeletionPolicy).toBe('Retain');
    }
  });

  it('gives each declared queue a KMS-encrypted, SSL-only DLQ after the declared number of receives', () => {
    const spec = queues.dispatch;
    stateful.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: spec.visibilityTimeoutSeconds,
      MessageRetentionPeriod: spec.retentionDays * 24 * 3600,
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: { maxReceiveCount: spec.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
    });
    const all = Object.values(stateful.findResources('AWS::SQS::Queue'));
    expect(all).toHaveLength(2 * Object.keys(queues).length);
    for (const queue of all) expect(queue.Properties.KmsMasterKeyId).toBeDefined();
    const policies = Object.values(stateful.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(all.length);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('alarms operations as soon as one message waits in a DLQ', () => {
    const [topic] = Object.keys(stateful.findResources('AWS::SNS::Topic'));
    const queuesById = stateful.findResources('AWS::SQS::Queue');
    const dlqIds = Object.values(queuesById).map((q) => q.Properties.RedrivePolicy?.deadLetterTargetArn?.['Fn::GetAtt']?.[0]).filter(Boolean);
    expect(dlqIds).toHaveLength(Object.keys(queues).length);
    for (const dlq of dlqIds) {
      stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [{ Ref: topic }],
      });
    }
  });

  it('encrypts the operations topic with a key CloudWatch may use, and refuses plain HTTP', () => {
    stateful.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    stateful.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});
