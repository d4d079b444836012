import {
  ConflictException,
  InternalServerException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException as SmsValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  AccessDeniedException,
  DependencyException,
  InvalidParametersException,
  ResourceNotFoundException,
  SendWhatsAppMessageCommand,
  SocialMessagingClient,
  ThrottledRequestException,
  ValidationException as WhatsAppValidationException,
} from '@aws-sdk/client-socialmessaging';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsChannels } from '../../../shared/notification/adapters/aws-channels.ts';
import { SmsChannel } from '../../../shared/notification/adapters/sms-channel.ts';
import { WhatsAppChannel } from '../../../shared/notification/adapters/whatsapp-channel.ts';
import { NotConfiguredError } from '../../../shared/notification/application/channel-choice.ts';
import { ChannelError, type OutgoingMessage } from '../../../shared/notification/ports/channels.ts';
import { logger } from '../../../shared/platform/logger.ts';

const whatsApp = mockClient(SocialMessagingClient);
const sms = mockClient(PinpointSMSVoiceV2Client);

const PHONE_NUMBER_ID = 'phone-number-id-0123456789abcdef0123456789abcdef';
const SENDER_ID = 'GANCANG';

const registered: OutgoingMessage = {
  to: '+6281234567890',
  template: 'gancang_medicine_registered',
  language: 'id',
  parameters: ['RSUD Blambangan', '482913', 'https://gancang.example/track/01JD'],
  text: 'Gancang: obat dari RSUD Blambangan sedang disiapkan. Kode serah terima 482913. Lacak: https://gancang.example/track/01JD',
  ref: '01JDMEDICINE#REGISTERED#PATIENT',
};

const configured = { GANCANG_WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID, GANCANG_SMS_ORIGINATION_IDENTITY: SENDER_ID };

/** What WhatsApp received: the Cloud API message object End User Messaging Social relays. */
const whatsAppRequests = () =>
  whatsApp.commandCalls(SendWhatsAppMessageCommand).map(({ args: [command] }) => ({
    ...command.input,
    message: JSON.parse(new TextDecoder().decode(command.input.message)) as unknown,
  }));
const smsRequests = () => sms.commandCalls(SendTextMessageCommand).map(({ args: [command] }) => command.input);

const caught = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);

describe('AWS notification channels', () => {
  beforeEach(() => {
    whatsApp.reset();
    sms.reset();
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  describe('WhatsApp (End User Messaging Social)', () => {
    it('sends the template with its language and body parameters in order, as the Cloud API message', async () => {
      whatsApp.on(SendWhatsAppMessageCommand).resolves({ messageId: 'wa-0001' });
      const sent = await new WhatsAppChannel(new SocialMessagingClient({}), PHONE_NUMBER_ID).send(registered);
      expect(sent).toEqual({ channel: 'WHATSAPP', providerMessageId: 'wa-0001', priceClass: 'WHATSAPP_UTILITY' });
      expect(whatsAppRequests()).toEqual([
        {
          originationPhoneNumberId: PHONE_NUMBER_ID,
          metaApiVersion: 'v20.0',
          message: {
            messaging_product: 'whatsapp',
            to: '+6281234567890',
            type: 'template',
            template: {
              name: 'gancang_medicine_registered',
              language: { code: 'id' },
              components: [
                {
                  type: 'body',
                  parameters: [
                    { type: 'text', text: 'RSUD Blambangan' },
                    { type: 'text', text: '482913' },
                    { type: 'text', text: 'https://gancang.example/track/01JD' },
                  ],
                },
              ],
            },
          },
        },
      ]);
    });

    it('sends a template without variables with no body component, and in English when asked', async () => {
      whatsApp.on(SendWhatsAppMessageCommand).resolves({ messageId: 'wa-0002' });
      await new WhatsAppChannel(new SocialMessagingClient({}), PHONE_NUMBER_ID).send({
        ...registered,
        template: 'gancang_ride_no_driver',
        language: 'en',
        parameters: [],
      });
      expect(whatsAppRequests()[0]?.message).toEqual({
        messaging_product: 'whatsapp',
        to: '+6281234567890',
        type: 'template',
        template: { name: 'gancang_ride_no_driver', language: { code: 'en' } },
      });
    });

    it.each([
      ['throttled', new ThrottledRequestException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }), true],
      ['Meta failing behind AWS (502)', new DependencyException({ message: 'Meta error', $metadata: { httpStatusCode: 502 } }), true],
      ['no answer (a timeout)', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }), true],
      ['an unknown template', new InvalidParametersException({ message: '(#132001) Template name does not exist', $metadata: { httpStatusCode: 400 } }), false],
      ['a malformed request', new WhatsAppValidationException({ message: 'Invalid parameter', $metadata: { httpStatusCode: 400 } }), false],
      ['an unknown sending number', new ResourceNotFoundException({ message: 'Not found', $metadata: { httpStatusCode: 404 } }), false],
      ['a missing permission', new AccessDeniedException({ message: 'Access denied', $metadata: { httpStatusCode: 403 } }), false],
    ])('maps %s to a ChannelError that is retryable: %s', async (_what, failure, retryable) => {
      whatsApp.on(SendWhatsAppMessageCommand).rejects(failure);
      const error = await caught(new WhatsAppChannel(new SocialMessagingClient({}), PHONE_NUMBER_ID).send(registered));
      expect(error).toBeInstanceOf(ChannelError);
      expect(error).toMatchObject({ retryable, message: expect.stringContaining(failure.name) as unknown });
    });
  });

  describe('SMS (End User Messaging SMS)', () => {
    it('sends the rendered text as a transactional message from the origination identity', async () => {
      sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-0001' });
      const sent = await new SmsChannel(new PinpointSMSVoiceV2Client({}), { originationIdentity: SENDER_ID }).send(registered);
      expect(sent).toEqual({ channel: 'SMS', providerMessageId: 'sms-0001', priceClass: 'SMS_ID' });
      expect(smsRequests()).toEqual([
        { DestinationPhoneNumber: '+6281234567890', OriginationIdentity: SENDER_ID, MessageBody: registered.text, MessageType: 'TRANSACTIONAL' },
      ]);
    });

    it('names the configuration set when one is set, so delivery events reach it', async () => {
      sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-0002' });
      await new SmsChannel(new PinpointSMSVoiceV2Client({}), { originationIdentity: SENDER_ID, configurationSet: 'gancang-sms' }).send(registered);
      expect(smsRequests()[0]).toMatchObject({ ConfigurationSetName: 'gancang-sms' });
    });

    it.each([
      ['throttled', new ThrottlingException({ message: 'Slow down', $metadata: { httpStatusCode: 429 } }), true],
      ['an internal error', new InternalServerException({ message: 'Internal', $metadata: { httpStatusCode: 500 } }), true],
      ['an opted-out number', new ConflictException({ message: 'Opted out', $metadata: { httpStatusCode: 409 }, Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' }), false],
      ['a country it may not send to', new SmsValidationException({ message: 'Blocked', $metadata: { httpStatusCode: 400 }, Reason: 'DESTINATION_COUNTRY_BLOCKED' }), false],
      ['the month\'s spend limit', new ServiceQuotaExceededException({ message: 'Limit', $metadata: { httpStatusCode: 402 }, Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT' }), false],
    ])('maps %s to a ChannelError that is retryable: %s', async (_what, failure, retryable) => {
      sms.on(SendTextMessageCommand).rejects(failure);
      const error = await caught(new SmsChannel(new PinpointSMSVoiceV2Client({}), { originationIdentity: SENDER_ID }).send(registered));
      expect(error).toBeInstanceOf(ChannelError);
      expect(error).toMatchObject({ retryable });
    });

    it('says why it refused with the reason code, never with the provider\'s text (it may quote the number)', async () => {
      sms.on(SendTextMessageCommand).rejects(
        new SmsValidationException({ message: 'Cannot send to +6281234567890', $metadata: { httpStatusCode: 400 }, Reason: 'INVALID_PARAMETER' }),
      );
      const error = await caught(new SmsChannel(new PinpointSMSVoiceV2Client({}), { originationIdentity: SENDER_ID }).send(registered));
      expect((error as Error).message).toBe('SMS refused the message: ValidationException (INVALID_PARAMETER)');
    });
  });

  describe('awsChannels: WhatsApp first, SMS as the fallback', () => {
    it('sends on WhatsApp only, when WhatsApp takes the message', async () => {
      whatsApp.on(SendWhatsAppMessageCommand).resolves({ messageId: 'wa-0003' });
      await expect(awsChannels(configured).send(registered)).resolves.toEqual({
        channel: 'WHATSAPP',
        providerMessageId: 'wa-0003',
        priceClass: 'WHATSAPP_UTILITY',
      });
      expect(smsRequests()).toEqual([]);
    });

    it('sends the same message by SMS when WhatsApp refuses it for good, and logs the refusal', async () => {
      whatsApp.on(SendWhatsAppMessageCommand).rejects(
        new InvalidParametersException({ message: 'Template name does not exist in the translation', $metadata: { httpStatusCode: 400 } }),
      );
      sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-0003' });
      await expect(awsChannels(configured).send(registered)).resolves.toEqual({ channel: 'SMS', providerMessageId: 'sms-0003', priceClass: 'SMS_ID' });
      expect(whatsAppRequests()).toHaveLength(1);
      expect(smsRequests()).toEqual([
        { DestinationPhoneNumber: '+6281234567890', OriginationIdentity: SENDER_ID, MessageBody: registered.text, MessageType: 'TRANSACTIONAL' },
      ]);
      expect(logger.warn).toHaveBeenCalledWith(expect.any(String), {
        channel: 'WHATSAPP',
        reason: 'WhatsApp refused the message: InvalidParametersException',
      });
    });

    it('throws a retryable error when WhatsApp is only throttled, without an SMS, so the queue retries the message', async () => {
      whatsApp.on(SendWhatsAppMessageCommand).rejects(new ThrottledRequestException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }));
      const error = await caught(awsChannels(configured).send(registered));
      expect(error).toBeInstanceOf(ChannelError);
      expect(error).toMatchObject({ retryable: true });
      expect(smsRequests()).toEqual([]);
    });

    it('throws the retryable error of SMS after WhatsApp refused, so the queue retries', async () => {
      whatsApp.on(SendWhatsAppMessageCommand).rejects(new InvalidParametersException({ message: 'Unknown template', $metadata: { httpStatusCode: 400 } }));
      sms.on(SendTextMessageCommand).rejects(new ThrottlingException({ message: 'Slow down', $metadata: { httpStatusCode: 429 } }));
      await expect(caught(awsChannels(configured).send(registered))).resolves.toMatchObject({ retryable: true, message: 'SMS failed: ThrottlingException' });
    });

    it('gives up for good when both channels refuse, with the last refusal', async () => {
      whatsApp.on(SendWhatsAppMessageCommand).rejects(new InvalidParametersException({ message: 'Unknown template', $metadata: { httpStatusCode: 400 } }));
      sms.on(SendTextMessageCommand).rejects(
        new ConflictException({ message: 'Opted out', $metadata: { httpStatusCode: 409 }, Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' }),
      );
      await expect(caught(awsChannels(configured).send(registered))).resolves.toMatchObject({
        retryable: false,
        message: 'SMS refused the message: ConflictException (DESTINATION_PHONE_NUMBER_OPTED_OUT)',
      });
    });

    it('sends by SMS directly when WhatsApp is not configured (an empty setting is none)', async () => {
      sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-0004' });
      const channel = awsChannels({ GANCANG_WHATSAPP_PHONE_NUMBER_ID: '', GANCANG_SMS_ORIGINATION_IDENTITY: SENDER_ID, GANCANG_SMS_CONFIGURATION_SET: 'gancang-sms' });
      await expect(channel.send(registered)).resolves.toMatchObject({ channel: 'SMS' });
      expect(whatsApp.calls()).toHaveLength(0);
      expect(smsRequests()[0]).toMatchObject({ ConfigurationSetName: 'gancang-sms' });
    });

    it('throws the refusal for good when WhatsApp refuses and SMS is not configured', async () => {
      whatsApp.on(SendWhatsAppMessageCommand).rejects(new InvalidParametersException({ message: 'Unknown template', $metadata: { httpStatusCode: 400 } }));
      const error = await caught(awsChannels({ GANCANG_WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID }).send(registered));
      expect(error).toMatchObject({ retryable: false, message: 'WhatsApp refused the message: InvalidParametersException' });
      expect(error).not.toBeInstanceOf(NotConfiguredError);
    });

    it('sends a template under the name Meta approved it as, when the deploy maps it, and refuses a mapping of no template', async () => {
      whatsApp.on(SendWhatsAppMessageCommand).resolves({ messageId: 'wa-0009' });
      const names = JSON.stringify({ gancang_medicine_registered: 'bwi_obat_terdaftar' });
      await awsChannels({ ...configured, GANCANG_WHATSAPP_TEMPLATE_NAMES: names }).send(registered);
      await awsChannels({ ...configured, GANCANG_WHATSAPP_TEMPLATE_NAMES: names }).send({ ...registered, template: 'gancang_medicine_delivered', parameters: [] });
      expect(whatsAppRequests().map((request) => (request.message as { template: { name: string } }).template.name)).toEqual(['bwi_obat_terdaftar', 'gancang_medicine_delivered']);
      expect(() => awsChannels({ ...configured, GANCANG_WHATSAPP_TEMPLATE_NAMES: '{"gancang_no_such":"x"}' })).toThrow();
    });

    it('skips every message with NotConfiguredError when neither channel is configured, calling no provider', async () => {
      const error = await caught(awsChannels({ GANCANG_WHATSAPP_PHONE_NUMBER_ID: '', GANCANG_SMS_ORIGINATION_IDENTITY: ' ' }).send(registered));
      expect(error).toBeInstanceOf(NotConfiguredError);
      expect(error).toMatchObject({ retryable: false });
      expect(whatsApp.calls()).toHaveLength(0);
      expect(sms.calls()).toHaveLength(0);
    });
  });
});
