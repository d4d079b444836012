/**
 * The AWS side of notifications in a stack of its own: a sender (a Gancang function, as the real
 * `notifications` consumer is) and a notification table encrypted with a key of ours, as in the
 * stateful stack. The settings come from the CDK context the way `cdk deploy -c …` gives them;
 * cdk-nag runs on every synth, as buildApp attaches it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { GancangFunction, REPO_ROOT } from '../../infra/constructs/gancang-function.ts';
import { NotificationChannels, notificationSettings } from '../../infra/constructs/notification-channels.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Principal?: unknown; Condition?: unknown; Sid?: string };
type Resource = { Type: string; Properties: Record<string, unknown> };

const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
const ACCOUNT = '123456789012';
const REGION = 'ap-southeast-3';
const PHONE_NUMBER_ID = 'phone-number-id-0123456789abcdef0123456789abcdef';

function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'NotificationTest', { env: { account: ACCOUNT, region: REGION } });
  const dataKey = new Key(stack, 'DataKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
  const ledger = new Table(stack, 'NotificationTable', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: dataKey,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const opsKey = new Key(stack, 'OpsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
  const alarmTopic = new Topic(stack, 'OpsTopic', { masterKey: opsKey, enforceSSL: true });
  const sender = new GancangFunction(stack, 'Sender', { name: 'notifications', entry: 'functions/platform/health.ts', timeoutSeconds: 30, memoryMb: 256 });
  const channels = new NotificationChannels(stack, 'NotificationChannels', {
    sender: sender.fn,
    ledger,
    settings: notificationSettings(app),
    alarmTopic,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // Throws with the report when cdk-nag finds anything neither fixed nor acknowledged.
  const assembly = app.synth();
  const json = assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, Resource> };
  const id = (construct: IConstruct): string => stack.getLogicalId(construct.node.defaultChild as never);
  return { app, assembly, json, template: Template.fromJSON(json), ids: { sender: id(sender.fn), replies: id(channels.replies.fn), ledger: id(ledger), topic: id(channels.inbound) } };
}

type Synth = ReturnType<typeof synth>;

const roleOf = (s: Synth, fn: string): string => (s.json.Resources[fn]!.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
const statementsOf = (s: Synth, fn: string): Statement[] =>
  Object.values(s.json.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleOf(s, fn)}"`))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
const messagingStatements = (s: Synth, fn: string): Statement[] =>
  statementsOf(s, fn).filter((st) => [st.Action].flat().some((a) => /^(social-messaging|sms-voice):/.test(a)));
const variablesOf = (s: Synth, fn: string): Record<string, unknown> =>
  (s.json.Resources[fn]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
const arn = (resource: string): string => `arn:aws:${resource}`;

describe('notification channels on AWS', () => {
  it('with no settings: deploys, the sender gets empty settings and no messaging permission at all', () => {
    const s = synth();
    expect(variablesOf(s, s.ids.sender)).toMatchObject({
      GANCANG_WHATSAPP_PHONE_NUMBER_ID: '',
      GANCANG_SMS_ORIGINATION_IDENTITY: '',
      GANCANG_SMS_CONFIGURATION_SET: '',
    });
    expect(messagingStatements(s, s.ids.sender)).toEqual([]);
    expect(messagingStatements(s, s.ids.replies)).toEqual([]);
  });

  it('lets the sender send WhatsApp from the configured number and SMS from the configured identity, nothing else', () => {
    const s = synth({
      'gancang:whatsappPhoneNumberId': PHONE_NUMBER_ID,
      'gancang:smsOriginationIdentity': 'GANCANG',
      'gancang:smsConfigurationSet': 'gancang-sms',
    });
    expect(variablesOf(s, s.ids.sender)).toMatchObject({
      GANCANG_WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      GANCANG_SMS_ORIGINATION_IDENTITY: 'GANCANG',
      GANCANG_SMS_CONFIGURATION_SET: 'gancang-sms',
    });
    expect(messagingStatements(s, s.ids.sender)).toEqual([
      {
        Effect: 'Allow',
        Action: 'social-messaging:SendWhatsAppMessage',
        Resource: arn(`social-messaging:${REGION}:${ACCOUNT}:phone-number-id/0123456789abcdef0123456789abcdef`),
      },
      {
        Effect: 'Allow',
        Action: 'sms-voice:SendTextMessage',
        Resource: [arn(`sms-voice:${REGION}:${ACCOUNT}:configuration-set/gancang-sms`), arn(`sms-voice:${REGION}:${ACCOUNT}:sender-id/GANCANG/ID`)],
      },
    ]);
    // The replies function reads and writes the ledger; it sends nothing.
    expect(messagingStatements(s, s.ids.replies)).toEqual([]);
  });

  it('grants SMS on the pool, phone number or ARN given, and only SMS when WhatsApp is unset', () => {
    const pool = synth({ 'gancang:smsOriginationIdentity': 'pool-0123abcd' });
    expect(messagingStatements(pool, pool.ids.sender)).toEqual([
      { Effect: 'Allow', Action: 'sms-voice:SendTextMessage', Resource: arn(`sms-voice:${REGION}:${ACCOUNT}:pool/pool-0123abcd`) },
    ]);
    const number = synth({ 'gancang:smsOriginationIdentity': 'phone-0123abcd' });
    expect(messagingStatements(number, number.ids.sender)).toMatchObject([
      { Resource: arn(`sms-voice:${REGION}:${ACCOUNT}:phone-number/phone-0123abcd`) },
    ]);
    const given = `arn:aws:sms-voice:${REGION}:${ACCOUNT}:sender-id/GANCANG/ID`;
    const byArn = synth({ 'gancang:smsOriginationIdentity': given });
    expect(messagingStatements(byArn, byArn.ids.sender)).toMatchObject([{ Resource: given }]);
  });

  it('passes the names Meta approved the WhatsApp templates under, from cdk.json or the command line, and refuses a name that is not a template', () => {
    expect(variablesOf(synth(), synth().ids.sender)).toMatchObject({ GANCANG_WHATSAPP_TEMPLATE_NAMES: '' });
    const names = { gancang_medicine_registered: 'bwi_obat_terdaftar' };
    for (const given of [names, JSON.stringify(names)]) {
      const s = synth({ 'gancang:whatsappPhoneNumberId': PHONE_NUMBER_ID, 'gancang:whatsappTemplateNames': given });
      expect(JSON.parse(String(variablesOf(s, s.ids.sender).GANCANG_WHATSAPP_TEMPLATE_NAMES))).toEqual(names);
    }
    expect(() => synth({ 'gancang:whatsappTemplateNames': { gancang_medicine_registerd: 'x' } })).toThrow(/gancang_medicine_registerd/);
    expect(() => synth({ 'gancang:whatsappTemplateNames': { gancang_medicine_registered: 'Obat Terdaftar' } })).toThrow(/lower-case letters/);
    expect(() => synth({ 'gancang:whatsappTemplateNames': '{not json' })).toThrow(/JSON object/);
  });

  it('refuses at synth a setting it could not grant exactly', () => {
    expect(() => synth({ 'gancang:smsOriginationIdentity': '+6281234567890' })).toThrow(/not by the phone number itself/);
    expect(() => synth({ 'gancang:whatsappPhoneNumberId': '+6281234567890' })).toThrow(/phone-number-id-/);
  });

  it('gives both messaging services an encrypted topic to deliver replies to, and nobody else', () => {
    const s = synth();
    const key = (s.json.Resources[s.ids.topic]!.Properties.KmsMasterKeyId as { 'Fn::GetAtt': [string, 'Arn'] })['Fn::GetAtt'][0];
    expect(s.json.Resources[key]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    const policy = Object.values(s.json.Resources).find(
      (r) => r.Type === 'AWS::SNS::TopicPolicy' && JSON.stringify(r.Properties.Topics) === JSON.stringify([{ Ref: s.ids.topic }]),
    )!;
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    const publishers = statements.filter((st) => st.Effect === 'Allow');
    expect(publishers).toEqual(
      ['social-messaging.amazonaws.com', 'sms-voice.amazonaws.com'].map((service) =>
        expect.objectContaining({
          Action: 'sns:Publish',
          Principal: { Service: service },
          Resource: { Ref: s.ids.topic },
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        }),
      ),
    );
    // What the operator gives End User Messaging as the destination of replies.
    expect(Object.values(s.template.findOutputs('*'))).toContainEqual(expect.objectContaining({ Value: { Ref: s.ids.topic } }));
    // enforceSSL: publishing without TLS is denied.
    expect(statements.filter((st) => st.Effect === 'Deny')).toEqual([
      expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
    const keyPolicy = (s.json.Resources[key]!.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    const services = keyPolicy.filter((st) => JSON.stringify(st.Principal).includes('"Service"'));
    expect(services).toEqual([
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Principal: { Service: ['sms-voice.amazonaws.com', 'social-messaging.amazonaws.com'] },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      }),
    ]);
  });

  it('delivers each reply to the replies function, which may read and write the notification table only', () => {
    const s = synth();
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: s.ids.topic },
      Endpoint: { 'Fn::GetAtt': [s.ids.replies, 'Arn'] },
    });
    s.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [s.ids.replies, 'Arn'] },
      SourceArn: { Ref: s.ids.topic },
    });
    expect(s.json.Resources[s.ids.replies]!.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Tags: expect.arrayContaining([{ Key: 'gancang:function', Value: 'notificationReplies' }]) as unknown,
      Environment: { Variables: expect.objectContaining({ NOTIFICATION_TABLE_NAME: { Ref: s.ids.ledger } }) as unknown },
    });
    const dynamo = statementsOf(s, s.ids.replies).filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap((st) => [st.Action].flat())).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    for (const st of dynamo) expect([st.Resource].flat()).toEqual([{ 'Fn::GetAtt': [s.ids.ledger, 'Arn'] }]);
    // A failed reply can be a STOP not recorded: one failure pages.
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Threshold: 1,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: s.ids.replies } }],
    });
  });

  it('keeps every reply it could not record: SNS delivery failures and failures after Lambda retries wait in one queue, which pages', () => {
    const s = synth();
    const queues = Object.entries(s.json.Resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue');
    expect(queues).toHaveLength(1);
    const [failedId, failed] = queues[0]!;
    expect(failed.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [failedId, 'Arn'] } },
    });
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: s.ids.replies },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failedId, 'Arn'] } } },
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [failedId, 'QueueName'] } }],
    });
  });

  it('passes cdk-nag, with only the reviewed acknowledgements of every Gancang function', () => {
    const s = synth({ 'gancang:whatsappPhoneNumberId': PHONE_NUMBER_ID, 'gancang:smsOriginationIdentity': 'GANCANG' });
    const report = JSON.parse(readFileSync(path.join(s.assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((p) => p.violations)).toEqual([]);
    const acknowledged = new Set<string>();
    const visit = (construct: IConstruct): void => {
      for (const entry of construct.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          for (const rule of Object.keys(entry.data as Record<string, string>)) acknowledged.add(rule.replace(/^annotation::/i, ''));
        }
      }
      construct.node.children.forEach(visit);
    };
    visit(s.app);
    expect([...acknowledged].sort()).toEqual([
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      'AwsSolutions-IAM5[Resource::*]',
      // The failed-replies queue is itself a dead-letter queue.
      'AwsSolutions-SQS3',
    ]);
  });
});
