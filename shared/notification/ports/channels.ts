export type ChannelName = 'WHATSAPP' | 'SMS' | 'LOCAL';
export interface OutgoingMessage {
  readonly to: string;                 // E.164, e.g. +6281234567890
  readonly template: string;           // template name, e.g. 'gancang_medicine_registered'
  readonly language: 'id' | 'en';
  readonly parameters: readonly string[]; // the template's {{1}}, {{2}}… in order (WhatsApp template parameters)
  readonly text: string;               // the same message rendered in full (SMS, the local outbox)
  readonly ref: string;                // <orderId>#<event>#<recipient role>: one message per event per recipient
}
export interface Sent { readonly channel: ChannelName; readonly providerMessageId: string; readonly priceClass: string }
/** Thrown by a channel: `retryable` false means this channel will never take it (not configured, number not on WhatsApp…). */
export class ChannelError extends Error { constructor(message: string, readonly retryable: boolean) { super(message); this.name = 'ChannelError'; } }
export interface Channel { readonly name: ChannelName; send(message: OutgoingMessage): Promise<Sent>; }
