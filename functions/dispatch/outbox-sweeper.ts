import { outboxSweeper } from '#platform/outbox-sweeper';
import { dispatchOutboxRelay } from '#dispatch/adapters/dispatch-adapters';

/** Every minute: sends what dispatch's outbox still holds (offer checks, retries, job events). */
export const handler = outboxSweeper(dispatchOutboxRelay);
