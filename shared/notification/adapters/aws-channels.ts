import { ChannelError, type Channel } from '../ports/channels.ts';

/**
 * PLACEHOLDER until the channels branch lands (issue #11, item 2): it replaces this file with
 * WhatsApp (End User Messaging Social) then SMS (End User Messaging SMS), configured from
 * GANCANG_WHATSAPP_PHONE_NUMBER_ID, GANCANG_SMS_ORIGINATION_IDENTITY and
 * GANCANG_SMS_CONFIGURATION_SET. Until then no channel is configured on AWS: every message is
 * recorded as skipped (NOT_SENDABLE), and the deploy works.
 */
export class NotConfiguredError extends ChannelError {
  constructor() {
    super('No notification channel is configured (WhatsApp or SMS)', false);
    this.name = 'NotConfiguredError';
  }
}

export function awsChannels(_env: NodeJS.ProcessEnv): Channel {
  return {
    name: 'WHATSAPP',
    send: async () => {
      throw new NotConfiguredError();
    },
  };
}
