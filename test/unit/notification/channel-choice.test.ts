import { describe, expect, it } from 'vitest';
import { ChannelChoice, NotConfiguredError } from '../../../shared/notification/application/channel-choice.ts';
import { ChannelError, type Channel, type ChannelName, type OutgoingMessage } from '../../../shared/notification/ports/channels.ts';

const message: OutgoingMessage = {
  to: '+6281234567890',
  template: 'gancang_food_on_the_way',
  language: 'id',
  parameters: ['Warung Osing'],
  text: 'Gancang: pesanan dari Warung Osing sedang diantar.',
  ref: '01JDFOOD#ON_THE_WAY#CITIZEN',
};

/** A channel that answers with `outcome` and remembers what it was asked to send. */
function channel(name: ChannelName, outcome: Error | 'sent'): Channel & { readonly asked: OutgoingMessage[] } {
  const asked: OutgoingMessage[] = [];
  return {
    name,
    asked,
    send: async (m) => {
      asked.push(m);
      if (outcome !== 'sent') throw outcome;
      return { channel: name, providerMessageId: `${name}-1`, priceClass: name };
    },
  };
}

describe('channel choice', () => {
  it('tries the channels in order and stops at the first that takes the message', async () => {
    const whatsApp = channel('WHATSAPP', 'sent');
    const sms = channel('SMS', 'sent');
    await expect(new ChannelChoice([whatsApp, sms]).send(message)).resolves.toMatchObject({ channel: 'WHATSAPP' });
    expect(sms.asked).toEqual([]);
  });

  it('hands a message refused for good to the next channel, and tells who refused', async () => {
    const refusal = new ChannelError('WhatsApp refused the message: InvalidParametersException', false);
    const refused: [ChannelName, ChannelError][] = [];
    const sms = channel('SMS', 'sent');
    const choice = new ChannelChoice([channel('WHATSAPP', refusal), sms], (name, error) => refused.push([name, error]));
    await expect(choice.send(message)).resolves.toMatchObject({ channel: 'SMS' });
    expect(sms.asked).toEqual([message]);
    expect(refused).toEqual([['WHATSAPP', refusal]]);
  });

  it('lets an error that is not a refusal (a bug, a passing failure) through without trying the next channel', async () => {
    const sms = channel('SMS', 'sent');
    await expect(new ChannelChoice([channel('WHATSAPP', new TypeError('boom')), sms]).send(message)).rejects.toThrow(TypeError);
    await expect(new ChannelChoice([channel('WHATSAPP', new ChannelError('WhatsApp failed: ThrottledRequestException', true)), sms]).send(message)).rejects.toMatchObject({ retryable: true });
    expect(sms.asked).toEqual([]);
  });

  it('throws NotConfiguredError, not retryable, when no channel is configured', async () => {
    const error = await new ChannelChoice([]).send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotConfiguredError);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ retryable: false, name: 'NotConfiguredError' });
  });
});
