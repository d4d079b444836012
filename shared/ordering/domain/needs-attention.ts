import type { ATTENTION_CODES } from '../../kernel/job-events.ts';

type AttentionCode = (typeof ATTENTION_CODES)[number];

/**
 * Orders that need someone to look at them (dispatch flagged NO_DRIVER_YET or
 * DELIVERY_CODE_LOCKED), across every facility and merchant, for the operations room.
 *
 * A sparse index of the ordering table: an order item carries its keys exactly while it has an
 * `attention`, and since every write of an order puts the whole item, setting the flag files the
 * order and clearing it (the order moves on) takes it out. The sort key starts with when the flag
 * was raised, so the newest come first read backwards. An order flagged before the index existed
 * appears only once it is written again (its flag is then cleared or re-raised).
 */
export const NEEDS_ATTENTION_INDEX = 'gsi5';
export const NEEDS_ATTENTION_PARTITION = 'ATTENTION';

export function needsAttentionKeys(order: { attention?: { readonly since: string } }, orderId: string): { gsi5pk?: string; gsi5sk?: string } {
  if (order.attention === undefined) return {};
  return { gsi5pk: NEEDS_ATTENTION_PARTITION, gsi5sk: `${order.attention.since}#${orderId}` };
}

/** What the attention list shows of an order: which one, whose, where it stands and what is wrong. */
export interface OrderNeedingAttention {
  readonly kind: 'MEDICINE' | 'FOOD';
  readonly orderId: string;
  /** MEDICINE: the pharmacy's facility. */
  readonly facilityId?: string;
  /** FOOD: the festival merchant. */
  readonly merchantId?: string;
  readonly status: string;
  readonly attention: { readonly code: AttentionCode; readonly since: string };
}
