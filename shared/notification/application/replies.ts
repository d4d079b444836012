import type { ReplyPorts } from '../ports/notification-ports.ts';
import { e164, isOptIn, isOptOut } from '../domain/recipients.ts';

export interface Reply {
  /** The phone the reply came from, as the channel gives it (628…, +628…). */
  readonly from: string;
  readonly text: string;
  readonly at: Date;
}

/**
 * A recipient's reply. STOP or BERHENTI opts the phone out: it gets no more messages, except the
 * delivery code of a medicine order (templates.ts, `essential`); START or MULAI opts it back in.
 * Anything else is no command, and nobody reads replies here: ignored.
 */
export async function recordReply(ports: ReplyPorts, reply: Reply): Promise<'OPTED_OUT' | 'OPTED_IN' | 'IGNORED'> {
  if (isOptOut(reply.text)) {
    await ports.ledger.optOut(e164(reply.from), reply.at);
    return 'OPTED_OUT';
  }
  if (isOptIn(reply.text)) {
    await ports.ledger.optIn(e164(reply.from), reply.at);
    return 'OPTED_IN';
  }
  return 'IGNORED';
}
