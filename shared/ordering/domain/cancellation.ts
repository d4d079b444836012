import { jobIdFor, type DispatchMessage, type JOB_KINDS } from '../../kernel/dispatch-messages.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { OutboxMessage } from '../../platform/outbox.ts';

/**
 * Cancelling an order whose job is in dispatch is a request that dispatch confirms or refuses,
 * never a decision ordering takes alone: ordering's view may be stale (the driver may have picked
 * the goods up a moment ago). The order keeps following its job with a pending `cancellation`;
 * dispatch answers JOB_WITHDRAWN (the order becomes CANCELLED, releasing what a cancel releases)
 * or CANCEL_REFUSED (the pending cancellation is cleared and the delivery goes on). An order not
 * yet handed to dispatch is cancelled at once.
 *
 * Each kind's transition table says which: `CANCELLED: 'dispatch'` marks the statuses where only
 * dispatch's answer may cancel the order.
 */
export type Canceller = 'pharmacy' | 'citizen' | 'merchant' | 'admin';

export interface PendingCancellation {
  readonly requestedAt: string;
  readonly reason: string;
  /** The role that asked (not the person: the merchant must not learn the citizen's subject). */
  readonly by: Canceller;
}

/** Dispatch's refusal of the last cancellation request: `reason` is the job's status then (e.g. PICKED_UP). */
export interface CancelRefusal {
  readonly at: string;
  readonly reason: string;
}

/** Where ordering's messages to dispatch go (the declared queue name). */
export const DISPATCH_QUEUE = 'dispatch';

/** The JOB_CANCELLED request that travels, in the outbox, with the pending cancellation. */
export function cancelRequest(ids: IdGenerator, kind: (typeof JOB_KINDS)[number], orderId: string, at: string): OutboxMessage {
  const body: DispatchMessage = {
    type: 'JOB_CANCELLED',
    messageId: ids.next('msg'),
    jobId: jobIdFor(orderId),
    kind,
    orderId,
    reason: 'ORDER_CANCELLED',
    occurredAt: at,
  };
  return { messageId: body.messageId, queue: DISPATCH_QUEUE, body };
}
