import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel, OutgoingMessage, Sent } from '../ports/channels.ts';
import { maskPhone } from '../domain/recipients.ts';

/**
 * The local runtime's channel: instead of WhatsApp or SMS, each message is kept in the local
 * outbox (the notification table, LOCAL_OUTBOX#<phone>) for `GET /local/messages?phone=`, and
 * one line per message goes to whoever listens (`npm start` prints it), with the phone masked.
 * Never wired on AWS (wiring/notification-wiring.ts).
 */
export interface LocalMessage {
  readonly to: string;
  readonly channel: 'LOCAL';
  readonly template: string;
  readonly text: string;
  readonly ref: string;
  readonly sentAt: string;
}

/** Set by the local runtime only (infra/local/runtime.ts): the messages go to the local outbox. */
export const LOCAL_OUTBOX_ENV = 'GANCANG_LOCAL_OUTBOX';

type Listener = (line: string) => void;
const listeners = new Set<Listener>();

/** The local runtime prints the outbox's lines through this (same process as the handlers). */
export function onLocalMessage(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

const outboxPartition = (phone: string) => `LOCAL_OUTBOX#${phone}`;

export class LocalOutboxChannel implements Channel {
  readonly name = 'LOCAL' as const;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: OutgoingMessage): Promise<Sent> {
    const sentAt = this.now().toISOString();
    const stored: LocalMessage = { to: message.to, channel: 'LOCAL', template: message.template, text: message.text, ref: message.ref, sentAt };
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { pk: outboxPartition(message.to), sk: `${sentAt}#${message.ref}`, entity: 'LocalMessage', ...stored } }));
    const line = `[message] to ${maskPhone(message.to)} (${message.template}): ${message.text}`;
    for (const listener of listeners) listener(line);
    return { channel: 'LOCAL', providerMessageId: `local-${message.ref}`, priceClass: 'LOCAL' };
  }
}

/** The phone's messages in the local outbox, newest first. */
export async function localMessages(documents: DynamoDBDocumentClient, tableName: string, phone: string, limit = 100): Promise<LocalMessage[]> {
  const page = await documents.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': outboxPartition(phone) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map((item) => ({
    to: String(item.to),
    channel: 'LOCAL',
    template: String(item.template),
    text: String(item.text),
    ref: String(item.ref),
    sentAt: String(item.sentAt),
  }));
}
