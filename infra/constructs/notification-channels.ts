/**
 * The AWS side of notifications: the channels' deploy settings on the function that sends (its
 * environment and exactly the permissions those settings need), and the way back in: one SNS
 * topic that End User Messaging Social (WhatsApp) and End User Messaging SMS (two-way SMS) both
 * deliver replies to, and the function that records them (STOP / BERHENTI opts a number out).
 *
 * Nothing is required: with no setting the sender gets no messaging permission, its settings are
 * empty, and every message is logged as skipped; the deploy works the same.
 */
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { notify } from './alarms.ts';
import { Construct, type IConstruct } from 'constructs';
import { tableEnvName } from '../../shared/platform/env.ts';
import { CHANNEL_ENVIRONMENT, templateNamesSchema } from '../../shared/notification/adapters/aws-channels.ts';
import { GancangFunction } from './gancang-function.ts';

/** The replies function's handler (named like a declared function, but deployed only on AWS). */
export const NOTIFICATION_REPLIES = { notificationReplies: 'functions/notification/replies.ts' } as const;

/** The declared table that holds the opt-outs (notify's ledger), as the replies function names it. */
export const LEDGER_TABLE = 'notification';

export interface NotificationChannelSettings {
  /** End User Messaging Social's id of the WhatsApp sending number (`phone-number-id-…`) or its ARN. */
  readonly whatsAppPhoneNumberId?: string;
  /** End User Messaging SMS origination identity: a sender id (e.g. GANCANG), a phone number or pool id, or an ARN. */
  readonly smsOriginationIdentity?: string;
  /** An End User Messaging SMS configuration set for delivery events (name or ARN). */
  readonly smsConfigurationSet?: string;
  /** The names Meta approved WhatsApp templates under, where they differ from Gancang's own. */
  readonly whatsAppTemplateNames?: Readonly<Record<string, string>>;
}

/** The CDK context values (`cdk deploy -c gancang:whatsappPhoneNumberId=…`) the settings come from. */
export const NOTIFICATION_CONTEXT = {
  whatsAppPhoneNumberId: 'gancang:whatsappPhoneNumberId',
  smsOriginationIdentity: 'gancang:smsOriginationIdentity',
  smsConfigurationSet: 'gancang:smsConfigurationSet',
  whatsAppTemplateNames: 'gancang:whatsappTemplateNames',
} as const;

/** The channels' settings from the CDK context of `scope` (the app, or any construct in it); unset or empty is none. */
export function notificationSettings(scope: IConstruct): NotificationChannelSettings {
  const read = (key: string): string | undefined => {
    const value: unknown = scope.node.tryGetContext(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const settings = {
    whatsAppPhoneNumberId: read(NOTIFICATION_CONTEXT.whatsAppPhoneNumberId),
    smsOriginationIdentity: read(NOTIFICATION_CONTEXT.smsOriginationIdentity),
    smsConfigurationSet: read(NOTIFICATION_CONTEXT.smsConfigurationSet),
    whatsAppTemplateNames: templateNamesFrom(scope.node.tryGetContext(NOTIFICATION_CONTEXT.whatsAppTemplateNames)),
  };
  // Checked at synth, where a typo costs a minute, not at the first message of a delivery.
  if (settings.whatsAppPhoneNumberId && !/^(phone-number-id-[0-9a-zA-Z]+|arn:.+:phone-number-id\/[0-9a-zA-Z]+)$/.test(settings.whatsAppPhoneNumberId)) {
    throw new Error(
      `${NOTIFICATION_CONTEXT.whatsAppPhoneNumberId} must be End User Messaging Social's phone number id (phone-number-id-…) or its ARN, not '${settings.whatsAppPhoneNumberId}'`,
    );
  }
  if (settings.smsOriginationIdentity && /^\+?\d+$/.test(settings.smsOriginationIdentity)) {
    throw new Error(
      `${NOTIFICATION_CONTEXT.smsOriginationIdentity} must name the identity by its id (phone-…, pool-…), sender id or ARN, not by the phone number itself: the permission to send is granted on its ARN`,
    );
  }
  return settings;
}

export interface NotificationChannelsProps {
  /** The function that sends the messages (through `awsChannels(process.env)`). */
  readonly sender: LambdaFunction;
  /** The notification table, where replies record opt-outs. */
  readonly ledger: ITable;
  readonly settings: NotificationChannelSettings;
  /** Where the replies function's alarms go; a failed reply can be an opt-out not recorded. */
  readonly alarmTopic?: ITopic;
}

export class NotificationChannels extends Construct {
  /** Give its ARN to End User Messaging Social (the WABA's event destination) and to the SMS number's two-way settings. */
  readonly inbound: Topic;
  readonly replies: GancangFunction;
  /** Replies that could not be recorded (undeliverable by SNS, or failing after Lambda's retries). */
  readonly failedReplies: Queue;

  constructor(scope: Construct, id: string, props: NotificationChannelsProps) {
    super(scope, id);
    const { sender, ledger, settings } = props;
    const stack = Stack.of(this);

    // The settings are always set, empty when unset, so the sender's environment has the same
    // names in every deploy; the channels read empty as not configured.
    sender.addEnvironment(CHANNEL_ENVIRONMENT.whatsAppPhoneNumberId, settings.whatsAppPhoneNumberId ?? '');
    sender.addEnvironment(CHANNEL_ENVIRONMENT.smsOriginationIdentity, settings.smsOriginationIdentity ?? '');
    sender.addEnvironment(CHANNEL_ENVIRONMENT.smsConfigurationSet, settings.smsConfigurationSet ?? '');
    const templateNames = settings.whatsAppTemplateNames ?? {};
    sender.addEnvironment(CHANNEL_ENVIRONMENT.whatsAppTemplateNames, Object.keys(templateNames).length > 0 ? JSON.stringify(templateNames) : '');

    if (settings.whatsAppPhoneNumberId) {
      sender.addToRolePolicy(
        new PolicyStatement({
          actions: ['social-messaging:SendWhatsAppMessage'],
          resources: [whatsAppNumberArn(stack, settings.whatsAppPhoneNumberId)],
        }),
      );
    }
    if (settings.smsOriginationIdentity) {
      sender.addToRolePolicy(
        new PolicyStatement({
          actions: ['sms-voice:SendTextMessage'],
          resources: [
            originationIdentityArn(stack, settings.smsOriginationIdentity),
            ...(settings.smsConfigurationSet ? [configurationSetArn(stack, settings.smsConfigurationSet)] : []),
          ],
        }),
      );
    }

    // Replies carry phone numbers and what people wrote: encrypted with a key of our own, which
    // the two messaging services may use to publish (the AWS managed SNS key cannot be shared).
    const key = new Key(this, 'InboundKey', {
      description: 'Gancang notification replies (SNS topic for WhatsApp and SMS inbound messages)',
      enableKeyRotation: true,
      // Only messages in flight are encrypted under it, nothing is kept.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.inbound = new Topic(this, 'Inbound', { displayName: 'Gancang notification replies', masterKey: key, enforceSSL: true });
    for (const [sid, service] of [
      ['WhatsAppRepliesPublish', 'social-messaging.amazonaws.com'],
      ['SmsRepliesPublish', 'sms-voice.amazonaws.com'],
    ] as const) {
      const principal = new ServicePrincipal(service);
      const fromThisAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
      // enforceSSL gives the topic a resource policy, which replaces SNS's default one: each
      // publisher is named. SourceAccount keeps other accounts' numbers from writing here.
      this.inbound.addToResourcePolicy(
        new PolicyStatement({ sid, principals: [principal], actions: ['sns:Publish'], resources: [this.inbound.topicArn], conditions: fromThisAccount }),
      );
      key.addToResourcePolicy(
        new PolicyStatement({
          principals: [principal],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: fromThisAccount,
        }),
      );
    }

    this.replies = new GancangFunction(this, 'Replies', {
      name: 'notificationReplies',
      entry: NOTIFICATION_REPLIES.notificationReplies,
      timeoutSeconds: 10,
      memoryMb: 256,
      description: 'Gancang: records replies to notifications (STOP / BERHENTI opts the number out)',
      environment: {
        POWERTOOLS_SERVICE_NAME: 'gancang-notificationReplies',
        [tableEnvName(LEDGER_TABLE)]: ledger.tableName,
      },
    });
    this.replies.bindTable({ table: ledger, access: 'RW' });
    // A reply is an opt-out perhaps: none may vanish. What SNS cannot hand to the function, and what
    // the function still fails after Lambda's two retries, waits here 14 days, and pages operations.
    this.failedReplies = new Queue(this, 'FailedReplies', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failedReplies).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the replies subscription and function; nothing consumes it but a person.',
    });
    this.replies.fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(this.failedReplies) });
    this.inbound.addSubscription(new LambdaSubscription(this.replies.fn, { deadLetterQueue: this.failedReplies }));
    const failedAlarm = this.failedReplies
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' })
      .createAlarm(this, 'FailedRepliesAlarm', {
        alarmDescription: 'A reply to a notification (perhaps STOP / BERHENTI) could not be recorded and waits in the failed-replies queue',
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    if (props.alarmTopic) notify(failedAlarm, props.alarmTopic);
    new CfnOutput(this, 'RepliesTopicArn', {
      value: this.inbound.topicArn,
      description: 'Notification replies: the event destination of the WhatsApp Business Account and of two-way SMS numbers',
    });
    if (props.alarmTopic) this.replies.alarmOn(props.alarmTopic, { errorsWithinFiveMinutes: 1 });

  }
}

/**
 * `-c gancang:whatsappTemplateNames='{"gancang_medicine_registered":"bwi_obat_terdaftar"}'` or the
 * same object in cdk.json: only Gancang's template names as keys, Meta's naming rule for the values.
 */
function templateNamesFrom(value: unknown): Readonly<Record<string, string>> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(`${NOTIFICATION_CONTEXT.whatsAppTemplateNames} must be a JSON object of template names`);
    }
  }
  const result = templateNamesSchema.safeParse(parsed);
  if (!result.success) {
    throw new Error(`${NOTIFICATION_CONTEXT.whatsAppTemplateNames}: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(the value)'} ${issue.message}`).join('; ')}`);
  }
  return result.data as Record<string, string>;
}

/** `phone-number-id-<id>` (what SendWhatsAppMessage takes) is the resource `phone-number-id/<id>`. */
function whatsAppNumberArn(stack: Stack, id: string): string {
  if (id.startsWith('arn:')) return id;
  return stack.formatArn({
    service: 'social-messaging',
    resource: 'phone-number-id',
    resourceName: id.replace(/^phone-number-id-/, ''),
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** A phone number id (`phone-…`), a pool id (`pool-…`) or a sender id, registered for Indonesia. */
function originationIdentityArn(stack: Stack, identity: string): string {
  if (identity.startsWith('arn:')) return identity;
  const [resource, resourceName] = identity.startsWith('phone-')
    ? ['phone-number', identity]
    : identity.startsWith('pool-')
      ? ['pool', identity]
      : ['sender-id', `${identity}/ID`];
  return stack.formatArn({ service: 'sms-voice', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

function configurationSetArn(stack: Stack, name: string): string {
  if (name.startsWith('arn:')) return name;
  return stack.formatArn({ service: 'sms-voice', resource: 'configuration-set', resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}
