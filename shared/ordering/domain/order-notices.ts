import { NOTIFICATIONS_QUEUE, type OrderKind, type OrderNotice, type OrderNoticeEvent } from '../../kernel/order-notices.ts';
import type { OutboxMessage } from '../../platform/outbox.ts';

/**
 * Which steps of an order its people hear about, as a table: the status an order enters → the
 * notice's event. `once`: only the first time the order enters it (a food order goes back to
 * ACCEPTED when its courier gives the job back; the merchant accepted it only once). Without
 * `once` every entry is its own notice: a second driver assigned is news to the patient.
 */
interface NoticeRow {
  readonly event: OrderNoticeEvent;
  readonly once?: true;
}

export const NOTIFYING_STEPS: Readonly<Record<OrderKind, Readonly<Record<string, NoticeRow>>>> = {
  MEDICINE: {
    REGISTERED: { event: 'REGISTERED', once: true },
    COURIER_ASSIGNED: { event: 'DRIVER_ASSIGNED' },
    DELIVERED: { event: 'DELIVERED', once: true },
    DELIVERY_FAILED: { event: 'DELIVERY_FAILED', once: true },
  },
  FOOD: {
    PLACED: { event: 'PLACED', once: true },
    ACCEPTED: { event: 'ACCEPTED', once: true },
    PICKED_UP: { event: 'ON_THE_WAY', once: true },
    DELIVERED: { event: 'DELIVERED', once: true },
  },
  RIDE: {
    DRIVER_ASSIGNED: { event: 'DRIVER_ASSIGNED' },
    NO_DRIVER_FOUND: { event: 'NO_DRIVER_FOUND', once: true },
  },
};

/**
 * The notice to write with a step, in the same transaction: none when the status did not change
 * (`from` is the status read; undefined for a new order) or the step is not one people hear
 * about. Its message id is derived from the order, the event and the occurrence, so the same
 * step always gives the same notice.
 */
export function noticesFor(
  kind: OrderKind,
  from: string | undefined,
  next: { readonly status: string; readonly timeline: readonly { readonly status: string }[] },
  orderId: string,
  occurredAt: string,
): OutboxMessage[] {
  if (from === next.status) return [];
  const row = NOTIFYING_STEPS[kind][next.status];
  if (!row) return [];
  const occurrence = Math.max(1, next.timeline.filter((step) => step.status === next.status).length);
  if (row.once && occurrence > 1) return [];
  const body: OrderNotice = {
    type: 'ORDER_NOTICE',
    messageId: `ntc_${orderId}_${row.event}_${occurrence}`,
    orderKind: kind,
    orderId,
    event: row.event,
    occurrence,
    occurredAt,
  };
  return [{ messageId: body.messageId, queue: NOTIFICATIONS_QUEUE, body }];
}
