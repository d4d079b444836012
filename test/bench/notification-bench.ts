/**
 * What notifications cost: messages per order of each kind, and their price in rupiah on each
 * channel, from the price table (shared/notification/domain/prices.ts) with its date. No runtime
 * needed: the counts are the notices each kind sends, the prices are the table's.
 */
import { IDR_PER_USD, PRICES, PRICES_AS_OF, rupiah, smsParts, type PriceClass } from '../../shared/notification/domain/prices.ts';

interface PricedOrder {
  readonly kind: string;
  readonly outcome: string;
  /** One entry per message; with its text, an SMS is billed by its parts, else as one part. */
  readonly messages: readonly { readonly what: string; readonly text?: string }[];
}

/**
 * The messages one order sends, by kind and outcome (issue #11). Our own count until notify's
 * NOTICES table (shared/notification/domain) lands; then this reads it from there, with the
 * rendered texts for the SMS parts.
 */
const ORDERS: readonly PricedOrder[] = [
  { kind: 'medicine', outcome: 'delivered', messages: [{ what: 'registered (link, code)' }, { what: 'driver assigned' }, { what: 'delivered' }] },
  { kind: 'medicine', outcome: 'delivery failed', messages: [{ what: 'registered (link, code)' }, { what: 'driver assigned' }, { what: 'delivery failed' }] },
  { kind: 'food', outcome: 'delivered', messages: [{ what: 'new order (merchant)' }, { what: 'accepted' }, { what: 'on the way' }, { what: 'delivered' }] },
  { kind: 'ride', outcome: 'driver assigned', messages: [{ what: 'driver assigned' }] },
  { kind: 'ride', outcome: 'no driver found', messages: [{ what: 'no driver found' }] },
];

const idr = (value: number): string => `Rp ${value.toLocaleString('id-ID')}`;
const partsOf = (message: PricedOrder['messages'][number]): number => (message.text === undefined ? 1 : smsParts(message.text));

export function benchNotifications(table: (headers: string[], rows: string[][]) => string): string {
  const rows = ORDERS.map(({ kind, outcome, messages }) => {
    const parts = messages.reduce((sum, message) => sum + partsOf(message), 0);
    return [kind, outcome, String(messages.length), idr(rupiah('WHATSAPP_UTILITY', messages.length)), String(parts), idr(rupiah('SMS_ID', parts))];
  });
  const prices = (['WHATSAPP_UTILITY', 'SMS_ID'] as const satisfies readonly PriceClass[]).map((priceClass) => {
    const price = PRICES[priceClass];
    return `  ${priceClass}: USD ${price.usd.toFixed(4)} = ${idr(rupiah(priceClass))}${price.confirmed ? '' : ' (TO CONFIRM)'}: ${price.what}. Source: ${price.source}`;
  });
  return [
    `Notifications per order and their cost (prices as of ${PRICES_AS_OF}, USD 1 = Rp ${IDR_PER_USD.toLocaleString('id-ID')})`,
    table(['kind', 'outcome', 'messages', 'all WhatsApp', 'SMS parts', 'all SMS'], rows),
    'WhatsApp bills each template message; SMS bills each part (160 GSM characters, 153 a part beyond).',
    'A recipient without WhatsApp gets SMS; an opted-out one gets only the delivery code (medicine, registered).',
    ...prices,
  ].join('\n');
}
