import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import * as z from 'zod';
import { logger } from '../../platform/logger.ts';
import { ChannelChoice } from '../application/channel-choice.ts';
import { TEMPLATES, type TemplateName } from '../domain/templates.ts';

// Also here for whoever imported it from this module's placeholder.
export { NotConfiguredError } from '../application/channel-choice.ts';
import type { Channel } from '../ports/channels.ts';
import { SmsChannel } from './sms-channel.ts';
import { WhatsAppChannel } from './whatsapp-channel.ts';

/**
 * The deploy settings of the channels, as the sender's environment (infra/constructs/
 * notification-channels.ts sets them from the CDK context). Empty or unset means not configured.
 */
export const CHANNEL_ENVIRONMENT = {
  whatsAppPhoneNumberId: 'GANCANG_WHATSAPP_PHONE_NUMBER_ID',
  smsOriginationIdentity: 'GANCANG_SMS_ORIGINATION_IDENTITY',
  smsConfigurationSet: 'GANCANG_SMS_CONFIGURATION_SET',
  /** JSON: Gancang's template name → the name Meta approved it under, for those that differ. */
  whatsAppTemplateNames: 'GANCANG_WHATSAPP_TEMPLATE_NAMES',
} as const;

/** Meta's rule for template names: lower-case letters, digits and underscores. */
const approvedTemplateName = z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and underscores');

/**
 * The approved names, keyed by Gancang's own template names (an unknown key is a typo: refused,
 * at synth by the construct and here at the first cold start).
 */
export const templateNamesSchema = z.partialRecord(z.enum(Object.keys(TEMPLATES) as [TemplateName, ...TemplateName[]]), approvedTemplateName);

const templateNamesSetting = z
  .string()
  .trim()
  .optional()
  .transform((value, context) => {
    if (!value) return {};
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON object' });
      return z.NEVER;
    }
  })
  .pipe(templateNamesSchema);

const setting = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const channelSettings = z.object({
  [CHANNEL_ENVIRONMENT.whatsAppPhoneNumberId]: setting,
  [CHANNEL_ENVIRONMENT.smsOriginationIdentity]: setting,
  [CHANNEL_ENVIRONMENT.smsConfigurationSet]: setting,
  [CHANNEL_ENVIRONMENT.whatsAppTemplateNames]: templateNamesSetting,
});

/**
 * The channels on AWS: WhatsApp, then SMS, each only when configured; with neither, every send
 * throws NotConfiguredError (the deploy works, the messages are skipped). The SDK clients are
 * made here, once per execution environment, and only for the configured channels.
 */
export function awsChannels(env: NodeJS.ProcessEnv): Channel {
  const settings = channelSettings.parse(env);
  const whatsApp = settings[CHANNEL_ENVIRONMENT.whatsAppPhoneNumberId];
  const sms = settings[CHANNEL_ENVIRONMENT.smsOriginationIdentity];
  const configurationSet = settings[CHANNEL_ENVIRONMENT.smsConfigurationSet];
  const channels: Channel[] = [];
  if (whatsApp) channels.push(new WhatsAppChannel(new SocialMessagingClient({}), whatsApp, settings[CHANNEL_ENVIRONMENT.whatsAppTemplateNames]));
  if (sms) channels.push(new SmsChannel(new PinpointSMSVoiceV2Client({}), { originationIdentity: sms, configurationSet }));
  return new ChannelChoice(channels, (channel, error) =>
    // WhatsApp refusing is worth seeing: SMS costs more, and a refusal of every message means a
    // template or permission is missing, not a recipient without WhatsApp.
    logger.warn('A notification channel refused the message for good', { channel, reason: error.message }),
  );
}
