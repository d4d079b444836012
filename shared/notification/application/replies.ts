import type { ReplyPorts } from '../ports/notification-ports.ts';
import { e164, isOptOut } from '../domain/recipients.ts';

export interface Reply {
  /** The phone the reply came from, as the channel gives it (628…, +628…). */
  readonly from: string;
  readonly text: string;
  readonly at: Date;
}

/**
 * A recipient's reply. STOP or BERHENTI opts the phone out: it gets no more messages, except the
 * delivery code of a medicine order (templates.ts, `essential`). Anything else is no command, and
 * nobody reads replies here: ignored.
 */
export async function recordReply(ports: ReplyPorts, reply: Reply): Promise<'OPTED_OUT' | 'IGNORED'> {
  if (!isOptOut(reply.text)) return 'IGNORED';
  await ports.ledger.optOut(e164(reply.from), reply.at);
  return 'OPTED_OUT';
}
