import type { OrderNotice, RecipientRole } from '../../kernel/order-notices.ts';
import { ChannelError, type OutgoingMessage } from '../ports/channels.ts';
import type { NotificationPorts } from '../ports/notification-ports.ts';
import { RATE_LIMIT } from '../domain/recipients.ts';
import { MissingTemplateValueError, NOTICES, render, TEMPLATES } from '../domain/templates.ts';

/** What became of one message of a notice. */
export type MessageOutcome =
  | 'SENT'
  /** A redelivered notice (or a retry after a partial batch): this message was settled before. */
  | 'ALREADY_SETTLED'
  | 'OPTED_OUT'
  | 'RATE_LIMITED'
  /** The channels will never take it (none configured, number on neither): recorded as skipped. */
  | 'NOT_SENDABLE'
  /** An earlier attempt died between claiming and settling: not sent again (see deliverOnce). */
  | 'UNCERTAIN'
  /** The order no longer has a value the text needs (its driver was released since): nothing sent. */
  | 'STALE';

export interface MessageResult {
  readonly ref: string;
  readonly role: RecipientRole;
  readonly template: string;
  readonly outcome: MessageOutcome;
  readonly channel?: string;
  readonly priceClass?: string;
  /** NOT_SENDABLE: the channel's reason. */
  readonly detail?: string;
}

/** The notice names an order its owner does not know: it cannot be told, a person looks (DLQ). */
export class UnknownNoticeOrderError extends Error {
  override readonly name = 'UnknownNoticeOrderError';
  readonly code = 'UNKNOWN_ORDER';
}

/** Another attempt holds one of the notice's messages right now: the record is retried later. */
export class MessageInFlightError extends Error {
  override readonly name = 'MessageInFlightError';
  readonly code = 'MESSAGE_IN_FLIGHT';
}

/**
 * One message per event per recipient: the key of the ledger. A second driver assigned (after the
 * first gave the job back) is another event: its occurrence goes into the ref.
 */
export const messageRef = (notice: Pick<OrderNotice, 'orderId' | 'event' | 'occurrence'>, role: RecipientRole): string =>
  `${notice.orderId}#${notice.event}${notice.occurrence > 1 ? `-${notice.occurrence}` : ''}#${role}`;

/**
 * Notify for this notice: each message its kind sends for the event (NOTICES), to each recipient
 * the order has a phone for, exactly once (see deliverOnce). Every message is tried even when one
 * fails; then the first failure is thrown, so the queue retries the notice and the messages
 * already settled are not sent again.
 */
export async function notifyForNotice(ports: NotificationPorts, notice: OrderNotice): Promise<MessageResult[]> {
  const particular = await ports.particulars.particularsFor(notice);
  if (!particular) throw new UnknownNoticeOrderError(`No ${notice.orderKind.toLowerCase()} order ${notice.orderId} for notice ${notice.messageId}`);

  const results: MessageResult[] = [];
  let failure: unknown;
  for (const row of NOTICES[notice.orderKind].filter((r) => r.event === notice.event)) {
    for (const recipient of particular.recipients.filter((r) => r.role === row.to)) {
      const ref = messageRef(notice, recipient.role);
      const base = { ref, role: recipient.role, template: row.template };
      let rendered;
      try {
        rendered = render(row.template, particular.values);
      } catch (error) {
        if (!(error instanceof MissingTemplateValueError)) throw error;
        results.push({ ...base, outcome: 'STALE' });
        continue;
      }
      try {
        const message: OutgoingMessage = { to: recipient.phone, ref, ...rendered };
        results.push({ ...base, ...(await deliverOnce(ports, message, TEMPLATES[row.template].essential === true)) });
      } catch (error) {
        failure ??= error;
      }
    }
  }
  if (failure !== undefined) throw failure;
  return results;
}

/**
 * Claim the ref in the ledger (conditional put), then check opt-out and the rate limit, then send,
 * then settle the ref as sent. A send that fails and says so releases the claim, and the error
 * goes to the queue, which retries the notice; after its receives, the DLQ and its alarm.
 *
 * The remaining window: an attempt that dies after the claim and before it settles (the function
 * times out or crashes during the send, or the write after it fails) leaves the claim in place.
 * The next attempt finds it ABANDONED once its lease is over and does not send again, since the
 * message may well have gone: it is recorded UNCERTAIN and logged for a person. So a crash there
 * can lose a message (if it died before the send went out), never doubles one.
 */
async function deliverOnce(ports: NotificationPorts, message: OutgoingMessage, essential: boolean): Promise<Omit<MessageResult, 'ref' | 'role' | 'template'>> {
  const { ledger } = ports;
  const at = ports.clock.now();
  const claim = await ledger.claim({ ref: message.ref, to: message.to, template: message.template }, at);
  if (claim === 'SETTLED') return { outcome: 'ALREADY_SETTLED' };
  if (claim === 'IN_FLIGHT') throw new MessageInFlightError(`Message ${message.ref} is being sent by another attempt`);
  if (claim === 'ABANDONED') {
    await ledger.settleUncertain(message.ref, at);
    return { outcome: 'UNCERTAIN' };
  }

  // The delivery code goes whatever the phone said or got this hour: without it nobody receives the package.
  if (!essential && (await ledger.isOptedOut(message.to))) {
    await ledger.settleSkipped(message.ref, 'OPTED_OUT', 'the recipient replied STOP', at);
    return { outcome: 'OPTED_OUT' };
  }
  if (!essential && !(await ledger.countTowardsLimit(message.to, at, RATE_LIMIT.messages))) {
    await ledger.settleSkipped(message.ref, 'RATE_LIMITED', `more than ${RATE_LIMIT.messages} messages this ${RATE_LIMIT.per}`, at);
    return { outcome: 'RATE_LIMITED' };
  }

  let sent;
  try {
    sent = await ports.channel.send(message);
  } catch (error) {
    // Nothing reached the phone: the limit counts messages received, so a retry does not count twice.
    if (!essential) await ledger.giveBackToLimit(message.to, at);
    if (error instanceof ChannelError && !error.retryable) {
      await ledger.settleSkipped(message.ref, 'NOT_SENDABLE', `${error.name}: ${error.message}`, at);
      return { outcome: 'NOT_SENDABLE', detail: `${error.name}: ${error.message}` };
    }
    await ledger.release(message.ref);
    throw error;
  }
  await ledger.settleSent(message.ref, sent, ports.clock.now());
  return { outcome: 'SENT', channel: sent.channel, priceClass: sent.priceClass };
}
