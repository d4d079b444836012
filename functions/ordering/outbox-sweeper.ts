import { outboxSweeper } from '#platform/outbox-sweeper';
import { orderingOutboxRelay } from '#ordering/adapters/ordering-adapters';

/** Every minute: sends what ordering's outbox still holds (JOB_READY, JOB_CANCELLED, ORDER_NOTICE). */
export const handler = outboxSweeper(orderingOutboxRelay);
