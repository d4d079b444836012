/**
 * PLACEHOLDER (channels' branch): notify owns this use case (issue #11 plan, item 4) and its
 * version replaces this file at the merge, with the same signature: `recordReply(ports, { from,
 * text, at })`, ports `{ ledger }`. Only here so that the AWS replies handler
 * (functions/notification/replies.ts) compiles and can be tested on this branch.
 */
export interface Reply {
  readonly from: string;
  readonly text: string;
  readonly at: Date;
}

export interface ReplyPorts {
  readonly ledger: { optOut(phone: string, at: Date): Promise<void> };
}

export async function recordReply(ports: ReplyPorts, reply: Reply): Promise<'OPTED_OUT' | 'IGNORED'> {
  if (!['STOP', 'BERHENTI'].includes(reply.text.trim().toUpperCase())) return 'IGNORED';
  await ports.ledger.optOut(reply.from, reply.at);
  return 'OPTED_OUT';
}
