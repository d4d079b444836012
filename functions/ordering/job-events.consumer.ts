import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '#platform/logger';
import { parseJobEvent, type JobEventMessage } from '#kernel/job-events';
import { withParticulars } from '#ordering/application/job-event-particulars';
import { followJob } from '#ordering/application/follow-job';
import { followJobPorts } from '#wiring/follow-job-wiring';
import { dispatchJobParticulars } from '#wiring/job-particulars-wiring';

/**
 * Consumes the jobEvents queue: each order follows its dispatch job (see follow-job.ts). A record that fails
 * (not a valid event, an event ahead of its order, a write that throws) is reported in
 * batchItemFailures, so only it goes back to the queue, and after maxReceiveCount receives to the
 * DLQ, where an alarm fires. Nothing is swallowed. Logs carry ids and codes, never names. The
 * words the events leave out (the driver's first name, who received, why it failed) are read
 * from dispatch's table, granted read-only, through the JobParticulars port.
 */
const processor = new BatchProcessor(EventType.SQS);

const handleRecord = async (record: SQSRecord): Promise<void> => {
  let event: JobEventMessage | undefined;
  try {
    event = parseJobEvent(record.body);
    const followed = await withParticulars(dispatchJobParticulars(), event);
    const result = await followJob(followJobPorts(), followed);
    logger.info('Job event handled', { ...ids(record, event), ...result });
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    logger.warn('Job event not applied; it goes back to the queue', { ...ids(record, event), errorCode: code, error });
    throw error;
  }
};

const ids = (record: SQSRecord, event: JobEventMessage | undefined) => ({
  sqsMessageId: record.messageId,
  receiveCount: record.attributes.ApproximateReceiveCount,
  ...(event && { messageId: event.messageId, type: event.type, kind: event.kind, jobId: event.jobId, orderId: event.orderId }),
  ...(event?.attention && { attention: event.attention }),
});

export const handler = middy(
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // In arrival order, not in parallel: a batch often holds consecutive events of one job
    // (assigned, then picked up), which would otherwise race for the same order.
    processPartialResponse(event, handleRecord, processor, { context, processInParallel: false }),
).use(injectLambdaContext(logger, { resetKeys: true }));
