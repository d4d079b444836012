import { SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { Channel, OutgoingMessage, Sent } from '../ports/channels.ts';
import { channelErrorFrom } from './provider-errors.ts';

export interface SmsSettings {
  /** A sender id, phone number id, pool id or one of their ARNs, registered for Indonesia. */
  readonly originationIdentity: string;
  /** Where End User Messaging SMS sends the delivery events; optional. */
  readonly configurationSet?: string;
}

/**
 * SMS through AWS End User Messaging SMS: the full rendered text (no templates on SMS), sent as
 * TRANSACTIONAL, the type for messages a person is waiting for (carriers route it ahead of
 * promotions and it is not filtered by marketing hours).
 */
export class SmsChannel implements Channel {
  readonly name = 'SMS' as const;

  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly settings: SmsSettings,
  ) {}

  async send(message: OutgoingMessage): Promise<Sent> {
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: message.to,
          OriginationIdentity: this.settings.originationIdentity,
          MessageBody: message.text,
          MessageType: 'TRANSACTIONAL',
          ...(this.settings.configurationSet && { ConfigurationSetName: this.settings.configurationSet }),
        }),
      ));
    } catch (error) {
      throw channelErrorFrom('SMS', error);
    }
    return { channel: this.name, providerMessageId: messageId ?? '', priceClass: 'SMS_ID' };
  }
}
