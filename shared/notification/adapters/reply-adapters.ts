import type { ReplyPorts } from '../application/replies.ts';

/**
 * PLACEHOLDER (channels' branch): the ports of recordReply over the notification table are
 * notify's (the ledger's keys are theirs); the merge wires notify's adapter here. Until then an
 * inbound reply fails loudly rather than pretend an opt-out was recorded.
 */
export function replyPorts(): ReplyPorts {
  return {
    optOuts: {
      optOut: async () => {
        throw new Error('Opt-outs are not wired yet: replyPorts() awaits the notification ledger adapter');
      },
    },
  };
}
