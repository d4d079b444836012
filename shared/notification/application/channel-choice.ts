import { ChannelError, type Channel, type ChannelName, type OutgoingMessage, type Sent } from '../ports/channels.ts';

/**
 * No channel is configured for this deploy (no WhatsApp sender, no SMS origination identity):
 * the message is not sent, which the consumer logs as skipped and records. Not retryable, since
 * no retry will configure one.
 */
export class NotConfiguredError extends ChannelError {
  constructor() {
    super('No notification channel is configured (neither WhatsApp nor SMS): the message was skipped', false);
    this.name = 'NotConfiguredError';
  }
}

/**
 * The channel per recipient: the first of the configured channels (WhatsApp, then SMS) that takes
 * the message. A channel that refuses it for good (a number WhatsApp does not know, a template it
 * lacks: a non-retryable ChannelError) hands it to the next one. A passing failure (throttled, the
 * provider down) is thrown as it is: the queue retries the message later with the same channel,
 * rather than paying for an SMS the recipient would also get on WhatsApp a minute later.
 */
export class ChannelChoice implements Channel {
  /** The preferred channel; the one that took a message is in its `Sent`. */
  readonly name: ChannelName;

  /**
   * `channels` in order of preference, only the configured ones; `onRefused` hears of each
   * refusal for good, also one that a later channel made good.
   */
  constructor(
    private readonly channels: readonly Channel[],
    private readonly onRefused: (channel: ChannelName, error: ChannelError) => void = () => {},
  ) {
    this.name = channels[0]?.name ?? 'WHATSAPP';
  }

  async send(message: OutgoingMessage): Promise<Sent> {
    let refused: ChannelError = new NotConfiguredError();
    for (const channel of this.channels) {
      try {
        return await channel.send(message);
      } catch (error) {
        if (!(error instanceof ChannelError) || error.retryable) throw error;
        refused = error;
        this.onRefused(channel.name, error);
      }
    }
    // Every channel refused it for good (the last refusal says why), or there is none.
    throw refused;
  }
}
