import type { NoticeParticulars } from '../../kernel/order-notices.ts';
import type { Clock } from '../../platform/time.ts';
import type { Channel } from './channels.ts';
import type { NotificationLedger } from './ledger.ts';

export interface NotificationPorts {
  /** Who is told and what the texts may show, from the order's owner (ordering). */
  readonly particulars: NoticeParticulars;
  readonly ledger: NotificationLedger;
  /** WhatsApp then SMS on AWS; the local outbox locally. */
  readonly channel: Channel;
  readonly clock: Clock;
}

/** What a reply needs: the ledger's opt-outs. */
export type ReplyPorts = Pick<NotificationPorts, 'ledger'>;
