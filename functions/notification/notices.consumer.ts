import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '#platform/logger';
import { queueUrl } from '#platform/env';
import { retryLater } from '#platform/sqs-client';
import { parseOrderNotice, type OrderNotice } from '#kernel/order-notices';
import { notifyForNotice } from '#notification/application/notify';
import { notificationPorts } from '#wiring/notification-wiring';

/**
 * Consumes the notifications queue: each ORDER_NOTICE becomes its messages, once each (see
 * notification/application/notify.ts). A record that fails (not a notice, an unknown order, a
 * send that failed and may succeed later) is reported in batchItemFailures, so only it goes back
 * to the queue, after a wait that grows with each receive (RETRY_BACKOFF), and after
 * maxReceiveCount receives to the DLQ, whose alarm fires. Messages not
 * sent on purpose (opted out, over the rate limit, no channel configured) are recorded and logged
 * as skipped. Logs carry refs, templates and outcomes: never phones or texts.
 */
const processor = new BatchProcessor(EventType.SQS);
const NOTIFICATIONS_QUEUE = 'notifications';

const handleRecord = async (record: SQSRecord): Promise<void> => {
  let notice: OrderNotice | undefined;
  try {
    notice = parseOrderNotice(record.body);
    const results = await notifyForNotice(notificationPorts(), notice);
    for (const result of results) {
      const skipped = result.outcome !== 'SENT' && result.outcome !== 'ALREADY_SETTLED';
      const log = result.outcome === 'UNCERTAIN' ? logger.warn.bind(logger) : logger.info.bind(logger);
      log(skipped ? 'Notification skipped' : 'Notification handled', { ...ids(record, notice), ...result });
    }
    if (results.length === 0) logger.info('Notice has nobody to tell (no phone on the order)', ids(record, notice));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    // A provider that failed now is asked again after a growing wait, not the queue's fixed 3 minutes.
    const retryInSeconds = await retryLater(queueUrl(NOTIFICATIONS_QUEUE), record.receiptHandle, Number(record.attributes.ApproximateReceiveCount));
    logger.warn('Notice not handled; it goes back to the queue', { ...ids(record, notice), errorCode: code, retryInSeconds, error });
    throw error;
  }
};

const ids = (record: SQSRecord, notice: OrderNotice | undefined) => ({
  sqsMessageId: record.messageId,
  receiveCount: record.attributes.ApproximateReceiveCount,
  ...(notice && { messageId: notice.messageId, orderKind: notice.orderKind, orderId: notice.orderId, event: notice.event }),
});

export const handler = middy(
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // In arrival order: two notices of one order (assigned, then picked up) then reach the phone in that order.
    processPartialResponse(event, handleRecord, processor, { context, processInParallel: false }),
).use(injectLambdaContext(logger, { resetKeys: true }));
