import type { JobEvent, JobEventMessage } from '../../kernel/job-events.ts';
import type { JobParticulars } from '../../kernel/job-particulars.ts';
import { UnappliableJobEventError } from './follow-job.ts';

/**
 * A job event as the order follows it: the message, with what it leaves out read from dispatch
 * (the driver's first name; who received the goods; the reason of a failed delivery). Dispatch
 * records these in the same transaction that sends the event, so they are there when it arrives.
 */
export async function withParticulars(particulars: JobParticulars, message: JobEventMessage): Promise<JobEvent> {
  const { driver, ...rest } = message;
  let event: JobEvent = rest;
  if (driver) {
    const firstName = await particulars.driverFirstName(driver.driverId);
    if (firstName === undefined) throw new UnappliableJobEventError('INVALID_EVENT', `No driver ${driver.driverId} for job ${message.jobId}`);
    event = { ...event, driver: { ...driver, firstName } };
  }
  if (message.type === 'DELIVERED' || message.type === 'DELIVERY_FAILED') {
    const outcome = await particulars.outcome(message.jobId);
    if (outcome?.deliveredTo && message.type === 'DELIVERED') event = { ...event, recipientName: outcome.deliveredTo };
    if (outcome?.failureReason && message.type === 'DELIVERY_FAILED') event = { ...event, reason: outcome.failureReason };
  }
  return event;
}
