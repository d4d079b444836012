/**
 * PLACEHOLDER (channels' branch): notify owns this use case (issue #11 plan, item 4) and its
 * version replaces this file at the merge. Same signature: `recordReply(ports, { from, text, at })`.
 * Only here so that the AWS inbound handler (functions/notification/replies.ts) compiles.
 */
export interface Reply {
  readonly from: string;
  readonly text: string;
  readonly at: string;
}

export interface ReplyPorts {
  readonly optOuts: { optOut(phone: string, at: string): Promise<void> };
}

const STOP_WORDS = new Set(['STOP', 'BERHENTI']);

export async function recordReply(ports: ReplyPorts, { from, text, at }: Reply): Promise<void> {
  if (STOP_WORDS.has(text.trim().toUpperCase())) await ports.optOuts.optOut(from, at);
}
