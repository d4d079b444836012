/**
 * What one message costs, per price class (each send records its class), for the figures of
 * `npm run bench`. Prices change: this table carries the date it was written and where each
 * figure comes from, and says which ones are still to be confirmed against the provider's page.
 */
export type PriceClass = 'WHATSAPP_UTILITY' | 'SMS_ID' | 'LOCAL';

export interface Price {
  /** USD per message delivered to an Indonesian (+62) number. */
  readonly usd: number;
  readonly what: string;
  readonly source: string;
  /** False when the figure is an estimate that nobody has yet read off the source. */
  readonly confirmed: boolean;
}

export const PRICES_AS_OF = '2026-11-30';

/** A round rate for estimates, not a quote: the bench's rupiah are USD × this. */
export const IDR_PER_USD = 16_500;

export const PRICES: Readonly<Record<PriceClass, Price>> = {
  WHATSAPP_UTILITY: {
    // Meta charges per delivered template message since 2025-07-01; a utility template sent
    // outside a conversation the recipient opened is charged, and ours always are.
    usd: 0.02 + 0.005,
    what: 'WhatsApp utility template to +62: Meta USD 0.0200 (lowest volume tier) + AWS End User Messaging Social USD 0.005 per message',
    source:
      'Meta WhatsApp Business Platform rate card (developers.facebook.com/docs/whatsapp/pricing), Indonesia, Utility, as published ' +
      'for 2024-2025; AWS fee from aws.amazon.com/end-user-messaging/pricing. Not re-read on the date above',
    confirmed: false,
  },
  SMS_ID: {
    usd: 0.3,
    what: 'SMS to +62 from a registered sender id, one part (160 GSM-7 characters), transactional',
    source: 'aws.amazon.com/end-user-messaging/pricing, Indonesia: ESTIMATE, to be read off the page before budgeting',
    confirmed: false,
  },
  LOCAL: { usd: 0, what: 'The local outbox (never deployed)', source: 'no provider', confirmed: true },
};

/** The GSM 7-bit alphabet, and its extension table whose characters take two septets each. */
const GSM_7_EXTENSION = new Set([...'{}[]~\\|^€']);
const GSM_7 = new Set([
  ...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ...GSM_7_EXTENSION,
]);

/**
 * The parts an SMS of this text is billed as: 160 septets of the GSM 7-bit alphabet in one part,
 * 153 per part once concatenated; any other character (an emoji, a curly quote, "…") makes the
 * whole text UCS-2: 70 UTF-16 units, then 67 per part. Indonesian in Latin letters stays GSM.
 */
export function smsParts(text: string): number {
  const characters = [...text];
  if (characters.every((c) => GSM_7.has(c))) {
    const septets = characters.reduce((n, c) => n + (GSM_7_EXTENSION.has(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}

/** Rupiah for `messages` messages of a class, rounded to the rupiah. */
export function rupiah(priceClass: PriceClass, messages = 1): number {
  return Math.round(PRICES[priceClass].usd * IDR_PER_USD * messages);
}
