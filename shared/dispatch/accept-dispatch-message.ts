import { logger } from '../platform/logger.ts';
import type { Clock } from '../platform/time.ts';
import { toWibIso } from '../platform/time.ts';
import type { DispatchJobStore } from './dispatch-job.ts';
import type { DispatchMessage } from './dispatch-messages.ts';

export interface DispatchPorts {
  readonly jobs: DispatchJobStore;
  readonly clock: Clock;
}

/**
 * Takes one message from the dispatch queue. Idempotent: a redelivered JOB_READY finds its job
 * already recorded, a repeated JOB_CANCELLED finds it already cancelled; both are no-ops.
 */
export async function acceptDispatchMessage(ports: DispatchPorts, message: DispatchMessage): Promise<void> {
  const now = toWibIso(ports.clock.now());
  if (message.type === 'JOB_READY') {
    const { type: _type, messageId: _messageId, occurredAt: _occurredAt, ...job } = message;
    const created = await ports.jobs.createJob({ ...job, status: 'WAITING', version: 1, createdAt: now, updatedAt: now });
    logger.info(created ? 'Dispatch job recorded' : 'Dispatch job already known', { jobId: message.jobId, kind: message.kind });
    return;
  }
  const cancelled = await ports.jobs.cancelJob(message.jobId, message.orderId, now);
  logger.info(cancelled ? 'Dispatch job cancelled' : 'Dispatch job already cancelled', { jobId: message.jobId });
}
