/**
 * What notifications cost: messages per order of each kind, and their price in rupiah on each
 * channel, from the price table (shared/notification/domain/prices.ts) with its date. No runtime
 * needed: the counts are the notices each kind sends, the prices are the table's.
 */
import type { NoticeValues, OrderKind } from '../../shared/kernel/order-notices.ts';
import { NOTICES, UNHAPPY_ENDINGS, render } from '../../shared/notification/domain/templates.ts';
import { IDR_PER_USD, PRICES, PRICES_AS_OF, rupiah, smsParts, type PriceClass } from '../../shared/notification/domain/prices.ts';

interface PricedOrder {
  readonly kind: string;
  readonly outcome: string;
  /** One entry per message; with its text, an SMS is billed by its parts, else as one part. */
  readonly messages: readonly { readonly what: string; readonly text?: string }[];
}

/** What the sample messages say: a full-length link and names as long as real ones, so SMS parts are counted honestly. */
const SAMPLE: NoticeValues = {
  trackingUrl: 'https://d111111abcdef8.cloudfront.net/track/q3Xv9_kL-2bNq3Xv9_kL',
  deliveryCode: '048213',
  driverFirstName: 'Bagus',
  vehiclePlate: 'P 4821 UX',
  companyName: 'Taksi Blambangan',
  facilityName: 'RSUD Blambangan',
  facilityPhone: '+6233342111',
  merchantName: 'Warung Osing Bu Sri',
  orderRef: '7QX2A9',
};

/**
 * The messages one order sends, by kind and outcome, read from the notification context's own
 * table (NOTICES): all the way, and each unhappy ending in place of the last happy step.
 */
const ORDERS: readonly PricedOrder[] = (Object.keys(NOTICES) as OrderKind[]).flatMap((kind) => {
  const all = NOTICES[kind];
  const happy = all.filter((m) => !UNHAPPY_ENDINGS.has(m.event));
  const endings = [{ outcome: 'all the way', messages: happy }];
  for (const unhappy of all.filter((m) => UNHAPPY_ENDINGS.has(m.event))) {
    endings.push({ outcome: unhappy.event.toLowerCase().replaceAll('_', ' '), messages: [...happy.slice(0, -1), unhappy] });
  }
  return endings.map(({ outcome, messages }) => ({
    kind: kind.toLowerCase(),
    outcome,
    messages: messages.map((m) => ({ what: m.template, text: render(m.template, SAMPLE).text })),
  }));
});

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
