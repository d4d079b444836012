import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { repliesIn } from '../../../shared/notification/adapters/inbound-replies.ts';

const recordReply = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock('../../../shared/notification/application/replies.ts', () => ({ recordReply }));
vi.mock('../../../shared/wiring/notification-wiring.ts', () => ({ replyPorts: () => ({ ports: 'notification table' }) }));
const { handler } = await import('../../../functions/notification/replies.ts');

const SNS_TIMESTAMP = '2026-11-30T03:10:00.000Z';

function snsRecord(message: unknown): SNSEventRecord {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:ap-southeast-3:123456789012:inbound:sub',
    Sns: {
      Type: 'Notification',
      MessageId: 'sns-1',
      TopicArn: 'arn:aws:sns:ap-southeast-3:123456789012:inbound',
      Subject: '',
      Message: typeof message === 'string' ? message : JSON.stringify(message),
      Timestamp: SNS_TIMESTAMP,
      SignatureVersion: '1',
      Signature: '',
      SigningCertUrl: '',
      UnsubscribeUrl: '',
      MessageAttributes: {},
    },
  };
}

/** As End User Messaging Social publishes a WhatsApp webhook event: an AWS header around Meta's JSON, as a string. */
function whatsAppEvent(value: Record<string, unknown>): unknown {
  return {
    context: {
      MetaWabaIds: [{ wabaId: '1234567890', arn: 'arn:aws:social-messaging:ap-southeast-3:123456789012:waba/fb25' }],
      MetaPhoneNumberIds: [{ metaPhoneNumberId: '3210102177', arn: 'arn:aws:social-messaging:ap-southeast-3:123456789012:phone-number-id/976c' }],
    },
    whatsAppWebhookEntry: JSON.stringify({
      id: '365731266123456',
      changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '6285100000000', phone_number_id: '3210102177' }, ...value } }],
    }),
    aws_account_id: '123456789012',
    message_timestamp: '2026-11-30T03:09:58.271279391Z',
    messageId: '6d69f07a-c317-4278-9d5c-6a84078419ec',
  };
}

const whatsAppText = (from: string, body: string, timestamp = '1796008200') =>
  whatsAppEvent({
    contacts: [{ profile: { name: 'Ibu Sri' }, wa_id: from }],
    messages: [{ from, id: 'wamid.HBgL', timestamp, type: 'text', text: { body } }],
  });

/** As End User Messaging SMS publishes an SMS sent to a two-way number. */
const smsReply = (from: string, body: string) => ({
  originationNumber: from,
  destinationNumber: '+6285100000000',
  messageKeyword: 'KEYWORD_123456789012',
  messageBody: body,
  inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
  previousPublishedMessageId: 'wJ0GFkoUF1hLvAR3oFzG',
});

describe('inbound replies (the AWS payloads)', () => {
  it('reads a WhatsApp text reply: the number in E.164, the text, the time WhatsApp received it', () => {
    expect(repliesIn(snsRecord(whatsAppText('6281234567890', 'BERHENTI')))).toEqual({
      replies: [{ from: '+6281234567890', text: 'BERHENTI', at: new Date('2026-11-30T03:10:00.000Z') }],
      unread: 0,
    });
  });

  it('reads a tap on a quick-reply button as its label', () => {
    const tapped = whatsAppEvent({
      messages: [{ from: '6281234567890', id: 'wamid.2', timestamp: '1796008200', type: 'button', button: { text: 'STOP', payload: 'STOP' } }],
    });
    expect(repliesIn(snsRecord(tapped)).replies).toEqual([{ from: '+6281234567890', text: 'STOP', at: new Date('2026-11-30T03:10:00.000Z') }]);
  });

  it('reads an SMS reply to the two-way number, timed by SNS (the SMS event has no time of its own)', () => {
    expect(repliesIn(snsRecord(smsReply('+6281234567890', 'stop')))).toEqual({
      replies: [{ from: '+6281234567890', text: 'stop', at: new Date(SNS_TIMESTAMP) }],
      unread: 0,
    });
  });

  it('finds no reply in a delivery status of a message we sent, nor in a picture', () => {
    const status = whatsAppEvent({ statuses: [{ id: 'wamid.3', status: 'delivered', timestamp: '1796008200', recipient_id: '6281234567890' }] });
    const picture = whatsAppEvent({ messages: [{ from: '6281234567890', id: 'wamid.4', timestamp: '1796008200', type: 'image', image: { id: 'media-1' } }] });
    expect(repliesIn(snsRecord(status))).toEqual({ replies: [], unread: 0 });
    expect(repliesIn(snsRecord(picture))).toEqual({ replies: [], unread: 0 });
  });

  it('counts what it cannot read instead of failing on it (a retry would read the same)', () => {
    expect(repliesIn(snsRecord('not json'))).toEqual({ replies: [], unread: 1 });
    expect(repliesIn(snsRecord({ whatsAppWebhookEntry: '{"changes":"?"}' }))).toEqual({ replies: [], unread: 1 });
  });
});

describe('replies function', () => {
  beforeEach(() => recordReply.mockClear());

  it('records every reply of the event, from either channel', async () => {
    const event: SNSEvent = { Records: [snsRecord(whatsAppText('6281234567890', 'BERHENTI')), snsRecord(smsReply('+6289876543210', 'STOP'))] };
    await handler(event, {} as never);
    expect(recordReply.mock.calls).toEqual([
      [{ ports: 'notification table' }, { from: '+6281234567890', text: 'BERHENTI', at: new Date('2026-11-30T03:10:00.000Z') }],
      [{ ports: 'notification table' }, { from: '+6289876543210', text: 'STOP', at: new Date(SNS_TIMESTAMP) }],
    ]);
  });

  it('fails the invocation when a reply cannot be recorded, so Lambda retries it and the alarm pages', async () => {
    recordReply.mockRejectedValueOnce(new Error('ProvisionedThroughputExceededException'));
    await expect(handler({ Records: [snsRecord(smsReply('+6281234567890', 'STOP'))] }, {} as never)).rejects.toThrow('ProvisionedThroughputExceededException');
  });
});
