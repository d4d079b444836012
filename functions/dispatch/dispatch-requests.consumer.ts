import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '#platform/logger';
import { handleDispatchMessage } from '#dispatch/application/dispatch-engine';
import { dispatchPorts } from '#dispatch/adapters/dispatch-adapters';
import { parseDispatchMessage } from '#kernel/dispatch-messages';

/**
 * Consumes the dispatch queue: jobs ready or cancelled (from the owners of orders), and
 * dispatch's own delayed messages (offer checks, retries). A record that fails (not a valid
 * message, or a write that throws) is reported in batchItemFailures, so only it goes back to the
 * queue, and after maxReceiveCount receives to the DLQ, where an alarm fires. Redeliveries are
 * harmless: every step is conditional on the job's state and version.
 */
const processor = new BatchProcessor(EventType.SQS);

const handleRecord = async (record: SQSRecord): Promise<void> => {
  await handleDispatchMessage(dispatchPorts(), parseDispatchMessage(record.body));
};

export const handler = middy(
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, processor, { context }),
).use(injectLambdaContext(logger, { resetKeys: true }));
