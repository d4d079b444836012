import type { ReplyPorts } from '../notification/application/replies.ts';

/**
 * PLACEHOLDER (channels' branch): notify's notification-wiring.ts replaces this file at the
 * merge, with the same `replyPorts()` over the notification table (the ledger and its keys are
 * notify's). Until then an inbound reply fails loudly rather than pretend an opt-out was recorded.
 */
export const replyPorts = (): ReplyPorts => ({
  ledger: {
    optOut: async () => {
      throw new Error('Opt-outs are not wired yet: replyPorts() awaits the notification ledger');
    },
  },
});
