import type { Sent } from './channels.ts';

/** Why a message was not sent, as the ledger records it. */
export type SkipReason = 'OPTED_OUT' | 'RATE_LIMITED' | 'NOT_SENDABLE';

/** What claiming a message's ref found. */
export type Claim =
  /** Nobody had it: this attempt sends it. */
  | 'CLAIMED'
  /** Sent, skipped or settled before: a redelivery, nothing to do. */
  | 'SETTLED'
  /** Another attempt holds it now (the same notice delivered twice at once): try again later. */
  | 'IN_FLIGHT'
  /** An attempt claimed it and died before it settled (a crash, a timeout): sent or not, nobody knows. */
  | 'ABANDONED';

export interface MessageRecord {
  readonly ref: string;
  readonly to: string;
  readonly template: string;
}

/**
 * The record of what was sent to whom, keyed on each message's ref (order, event, recipient):
 * what makes a message go once however often its notice arrives.
 */
export interface NotificationLedger {
  /** Conditional on the ref being new (or its claim released); `at` starts the claim's lease. */
  claim(message: MessageRecord, at: Date): Promise<Claim>;
  settleSent(ref: string, sent: Sent, at: Date): Promise<void>;
  settleSkipped(ref: string, reason: SkipReason, detail: string, at: Date): Promise<void>;
  /** An ABANDONED claim, recorded so that no attempt sends it again and a person can look. */
  settleUncertain(ref: string, at: Date): Promise<void>;
  /** The send failed and said so: the claim goes, so the next attempt (the queue's retry) sends it. */
  release(ref: string): Promise<void>;

  isOptedOut(phone: string): Promise<boolean>;
  /** The phone's choice as of `at`; a choice older than the one recorded changes nothing. */
  optOut(phone: string, at: Date): Promise<void>;
  optIn(phone: string, at: Date): Promise<void>;
  /** Counts one message to `phone` in `at`'s window; false (and not counted) when the window is full. */
  countTowardsLimit(phone: string, at: Date, limit: number): Promise<boolean>;
  /** Takes back one count of `at`'s window (a send that failed), never below zero. */
  giveBackToLimit(phone: string, at: Date): Promise<void>;
}
