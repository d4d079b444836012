import type { OutboxItem } from '../platform/outbox.ts';

/**
 * Sends outbox items that a transaction has just written, right away, so a message need not
 * wait for the outbox sweeper. Every context that writes an outbox uses it; what is not sent
 * here (a crash, a queue outage) the sweeper sends later.
 */
export interface MessageRelay {
  publish(items: readonly OutboxItem[]): Promise<unknown>;
}
