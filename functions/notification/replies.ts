import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SNSEvent } from 'aws-lambda';
import { logger } from '#platform/logger';
import { repliesIn } from '../../shared/notification/adapters/inbound-replies.ts';
import { recordReply } from '../../shared/notification/application/replies.ts';
import { replyPorts } from '../../shared/wiring/notification-wiring.ts';

/**
 * Replies to notifications, from the inbound SNS topic that WhatsApp (End User Messaging Social)
 * and two-way SMS (End User Messaging SMS) publish to: each is recorded (STOP / BERHENTI opts the
 * number out). A failure is thrown: Lambda retries the event twice, and the errors alarm pages,
 * since a lost STOP is a person messaged against their wish. Logs carry counts, never the number
 * or the text.
 */
export const handler = middy(async (event: SNSEvent): Promise<void> => {
  for (const record of event.Records) {
    const { replies, unread } = repliesIn(record);
    for (const reply of replies) await recordReply(replyPorts(), reply);
    logger.info('Inbound notification event handled', { snsMessageId: record.Sns.MessageId, replies: replies.length, unread });
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
