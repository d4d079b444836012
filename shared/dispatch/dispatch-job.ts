import type { JobReady } from './dispatch-messages.ts';

/**
 * A job dispatch has been asked to find a driver for. The dispatch engine (matching, offers,
 * assignment) moves it on from WAITING; a cancelled order's job becomes CANCELLED wherever it is.
 */
export const DISPATCH_JOB_STATUSES = ['WAITING', 'CANCELLED'] as const;
export type DispatchJobStatus = (typeof DISPATCH_JOB_STATUSES)[number];

export interface DispatchJob extends Omit<JobReady, 'type' | 'messageId' | 'occurredAt'> {
  readonly status: DispatchJobStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DispatchJobStore {
  /** Records a new job; false when the job already exists (a redelivery) or was cancelled first. */
  createJob(job: DispatchJob): Promise<boolean>;
  /**
   * Marks the job cancelled, or leaves a cancelled tombstone if its JOB_READY has not arrived yet
   * (SQS does not keep order), so that a late JOB_READY cannot revive it. False if already so.
   */
  cancelJob(jobId: string, orderId: string, at: string): Promise<boolean>;
  getJob(jobId: string): Promise<DispatchJob | undefined>;
}
