/**
 * What notifications cost: messages per order of each kind, and their price in rupiah on each
 * channel, from the price table (shared/notification/domain/prices.ts) with its date. No runtime
 * needed: the counts are the notices each kind sends, the prices are the table's.
 */
import { IDR_PER_USD, PRICES, PRICES_AS_OF, rupiah, type PriceClass } from '../../shared/notification/domain/prices.ts';

/**
 * The messages one order sends, by kind and outcome (issue #11). Our own count until notify's
 * NOTICES table (shared/notification/domain) lands; then this reads it from there.
 */
const ORDERS: readonly { readonly kind: string; readonly outcome: string; readonly messages: readonly string[] }[] = [
  { kind: 'medicine', outcome: 'delivered', messages: ['registered (link, code) → patient', 'driver assigned → patient', 'delivered → patient'] },
  { kind: 'medicine', outcome: 'delivery failed', messages: ['registered (link, code) → patient', 'driver assigned → patient', 'delivery failed → patient'] },
  { kind: 'food', outcome: 'delivered', messages: ['new order → merchant', 'accepted → citizen', 'on the way → citizen', 'delivered → citizen'] },
  { kind: 'ride', outcome: 'driver assigned', messages: ['driver assigned → passenger'] },
  { kind: 'ride', outcome: 'no driver found', messages: ['no driver found → passenger'] },
];

const CHANNELS: readonly { readonly name: string; readonly priceClass: PriceClass }[] = [
  { name: 'all WhatsApp', priceClass: 'WHATSAPP_UTILITY' },
  { name: 'all SMS', priceClass: 'SMS_ID' },
];

const idr = (value: number): string => `Rp ${value.toLocaleString('id-ID')}`;

export function benchNotifications(table: (headers: string[], rows: string[][]) => string): string {
  const rows = ORDERS.map(({ kind, outcome, messages }) => [
    kind,
    outcome,
    String(messages.length),
    ...CHANNELS.map(({ priceClass }) => idr(rupiah(priceClass, messages.length))),
  ]);
  const prices = (Object.keys(PRICES) as PriceClass[])
    .filter((priceClass) => priceClass !== 'LOCAL')
    .map((priceClass) => {
      const price = PRICES[priceClass];
      return `  ${priceClass}: USD ${price.usd.toFixed(4)} = ${idr(rupiah(priceClass))}${price.confirmed ? '' : ' (TO CONFIRM)'}: ${price.what}. Source: ${price.source}`;
    });
  return [
    `Notifications per order and their cost (prices as of ${PRICES_AS_OF}, USD 1 = Rp ${IDR_PER_USD.toLocaleString('id-ID')})`,
    table(['kind', 'outcome', 'messages', ...CHANNELS.map((c) => c.name)], rows),
    'A recipient without WhatsApp gets SMS; an opted-out one gets only the delivery code (medicine, registered).',
    ...prices,
  ].join('\n');
}
