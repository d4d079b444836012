import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Sent } from '../ports/channels.ts';
import type { Claim, MessageRecord, NotificationLedger, SkipReason } from '../ports/ledger.ts';
import { rateWindow } from '../domain/recipients.ts';

/**
 * The notification table. Items and their keys:
 *   message      pk MSG#<ref>            sk MSG              state SENDING → SENT | SKIPPED | UNCERTAIN
 *   opt-out      pk PHONE#<phone>        sk OPT_OUT
 *   rate window  pk PHONE#<phone>        sk WINDOW#<hour>    count (expires after two hours)
 *   local outbox pk LOCAL_OUTBOX#<phone> sk <sentAt>#<ref>   (local runtime only: local-outbox-channel.ts)
 * A message's item names the phone it went to, so it expires: after the queue and its DLQ have
 * given up on the notice (14 days), a redelivery is no longer possible.
 */
const MESSAGE_KEPT_DAYS = 30;

/**
 * How long a claim protects its message: longer than the consumer may run (30 s), so an attempt
 * that finds a younger claim knows another attempt is still at work.
 */
export const CLAIM_LEASE_SECONDS = 120;

const messageKey = (ref: string) => ({ pk: `MSG#${ref}`, sk: 'MSG' });
const optOutKey = (phone: string) => ({ pk: `PHONE#${phone}`, sk: 'OPT_OUT' });
const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

export class DynamoDbNotificationLedger implements NotificationLedger {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(message: MessageRecord, at: Date): Promise<Claim> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...messageKey(message.ref),
            entity: 'Message',
            ...message,
            state: 'SENDING',
            claimedAt: at.toISOString(),
            leaseUntilEpoch: epochSeconds(at) + CLAIM_LEASE_SECONDS,
            expiresAtEpoch: epochSeconds(at) + MESSAGE_KEPT_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'CLAIMED';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: messageKey(message.ref), ConsistentRead: true }));
    // Released between our put and this read: the queue's retry claims it.
    if (!Item) return 'IN_FLIGHT';
    if (Item.state !== 'SENDING') return 'SETTLED';
    return Number(Item.leaseUntilEpoch) > epochSeconds(at) ? 'IN_FLIGHT' : 'ABANDONED';
  }

  async settleSent(ref: string, sent: Sent, at: Date): Promise<void> {
    await this.settle(ref, { state: 'SENT', channel: sent.channel, providerMessageId: sent.providerMessageId, priceClass: sent.priceClass, sentAt: at.toISOString() });
  }

  async settleSkipped(ref: string, reason: SkipReason, detail: string, at: Date): Promise<void> {
    await this.settle(ref, { state: 'SKIPPED', reason, detail: detail.slice(0, 300), settledAt: at.toISOString() });
  }

  async settleUncertain(ref: string, at: Date): Promise<void> {
    await this.settle(ref, { state: 'UNCERTAIN', settledAt: at.toISOString() });
  }

  /** Only a claim still SENDING settles: what another attempt settled stays as it is. */
  private async settle(ref: string, fields: Record<string, string>): Promise<void> {
    const names = Object.keys(fields);
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: messageKey(ref),
          UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')} REMOVE leaseUntilEpoch`,
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state', ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])) },
          ExpressionAttributeValues: { ':sending': 'SENDING', ...Object.fromEntries(names.map((name, i) => [`:v${i}`, fields[name]])) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async release(ref: string): Promise<void> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: messageKey(ref),
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'SENDING' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async isOptedOut(phone: string): Promise<boolean> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: optOutKey(phone), ConsistentRead: true }));
    return Item !== undefined && Item.choice !== 'IN';
  }

  async optOut(phone: string, at: Date): Promise<void> {
    await this.choose(phone, 'OUT', at);
  }

  async optIn(phone: string, at: Date): Promise<void> {
    await this.choose(phone, 'IN', at);
  }

  /**
   * The phone's latest choice wins, by the time of the reply, not of its arrival: a STOP and a
   * MULAI delivered out of order (SNS gives no order) still leave the later one in force.
   */
  private async choose(phone: string, choice: 'OUT' | 'IN', at: Date): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...optOutKey(phone), entity: 'OptOut', phone, choice, chosenAt: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR chosenAt <= :at',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async giveBackToLimit(phone: string, at: Date): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `PHONE#${phone}`, sk: `WINDOW#${rateWindow(at)}` },
          UpdateExpression: 'ADD #count :minusOne',
          ConditionExpression: '#count > :zero',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async countTowardsLimit(phone: string, at: Date, limit: number): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `PHONE#${phone}`, sk: `WINDOW#${rateWindow(at)}` },
          UpdateExpression: 'ADD #count :one SET expiresAtEpoch = if_not_exists(expiresAtEpoch, :expires)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': epochSeconds(at) + 2 * 3600 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
