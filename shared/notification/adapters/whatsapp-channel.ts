import { SendWhatsAppMessageCommand, type SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import type { Channel, OutgoingMessage, Sent } from '../ports/channels.ts';
import { channelErrorFrom } from './provider-errors.ts';

/**
 * The WhatsApp Cloud API version End User Messaging Social relays the message to (the one its
 * documentation sends with); the template message below is written in that version's format.
 */
export const META_API_VERSION = 'v20.0';

/**
 * WhatsApp through AWS End User Messaging Social. Outside a conversation the recipient started,
 * WhatsApp delivers only approved templates, so every message is one: its name and language, and
 * the body's {{1}}, {{2}}… in order. The templates are registered with Meta under these names (or
 * the names the deploy maps them to) in both languages (`id`, `en`), category UTILITY.
 *
 * A number that is not on WhatsApp is not refused here: the send succeeds and the failure arrives
 * later as a status event on the inbound topic.
 */
export class WhatsAppChannel implements Channel {
  readonly name = 'WHATSAPP' as const;

  constructor(
    private readonly client: SocialMessagingClient,
    /** The sending number's id in End User Messaging Social (`phone-number-id-…`) or its ARN. */
    private readonly originationPhoneNumberId: string,
    /** The names Meta approved the templates under, where they differ from Gancang's own (a deploy setting). */
    private readonly templateNames: Readonly<Record<string, string>> = {},
  ) {}

  async send(message: OutgoingMessage): Promise<Sent> {
    let messageId: string | undefined;
    try {
      ({ messageId } = await this.client.send(
        new SendWhatsAppMessageCommand({
          originationPhoneNumberId: this.originationPhoneNumberId,
          metaApiVersion: META_API_VERSION,
          message: new TextEncoder().encode(JSON.stringify(templateMessage(message, this.templateNames[message.template]))),
        }),
      ));
    } catch (error) {
      throw channelErrorFrom('WhatsApp', error);
    }
    return { channel: this.name, providerMessageId: messageId ?? '', priceClass: 'WHATSAPP_UTILITY' };
  }
}

/** The WhatsApp Cloud API message object for a template message. */
export function templateMessage(message: OutgoingMessage, approvedName = message.template): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    to: message.to,
    type: 'template',
    template: {
      name: approvedName,
      language: { code: message.language },
      // A template without variables takes no body component (WhatsApp refuses an empty one).
      ...(message.parameters.length > 0 && {
        components: [{ type: 'body', parameters: message.parameters.map((text) => ({ type: 'text', text })) }],
      }),
    },
  };
}
