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
    const [topic] = Object.values(stateful.findResources('AWS::SNS::Topic'));
    const keyId = (topic?.Properties.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const key = stateful.findResources('AWS::KMS::Key')[keyId];
    expect(key?.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('lets CloudWatch alarms of this account, and only those, publish to the operations topic', () => {
    const [topicId] = Object.keys(stateful.findResources('AWS::SNS::Topic'));
    const [policy] = Object.values(stateful.findResources('AWS::SNS::TopicPolicy'));
    expect(policy?.Properties.Topics).toEqual([{ Ref: topicId }]);
    const allows = (policy?.Properties.PolicyDocument.Statement as { Effect: string }[]).filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
  });
});
