import type { NoticeValues, OrderKind, OrderNoticeEvent, RecipientRole } from '../../kernel/order-notices.ts';

/**
 * The messages, as a table: one template per notice and recipient, its text in Bahasa Indonesia
 * (what is sent) with the English beside it (for the team, and for a later English choice), and
 * the values its {{1}}, {{2}}… take, in order. The same names are the WhatsApp templates to
 * register with Meta (category UTILITY, language `id`); SMS sends the rendered text.
 *
 * What a text may show is only what NoticeValues carries: no medicine or item names, categories,
 * diagnosis, NIK or address can reach a message, because the owner of the order never hands them
 * over (test/unit/notification/templates.test.ts checks it over random orders).
 */
export type TemplateName =
  | 'gancang_medicine_registered'
  | 'gancang_medicine_driver_assigned'
  | 'gancang_medicine_delivered'
  | 'gancang_medicine_delivery_failed'
  | 'gancang_food_new_order'
  | 'gancang_food_accepted'
  | 'gancang_food_on_the_way'
  | 'gancang_food_delivered'
  | 'gancang_ride_driver_assigned'
  | 'gancang_ride_no_driver';

/** What a template's parameters are made of, read from the order's NoticeValues. */
const VALUES = {
  facility: (v: NoticeValues) => v.facilityName,
  /** The pharmacy's phone, or its name when it registered none. */
  pharmacyContact: (v: NoticeValues) => v.facilityPhone ?? v.facilityName,
  trackingUrl: (v: NoticeValues) => v.trackingUrl,
  deliveryCode: (v: NoticeValues) => v.deliveryCode,
  driver: (v: NoticeValues) => v.driverFirstName,
  plate: (v: NoticeValues) => v.vehiclePlate,
  /** A partner taxi's company; every other ride is a Go-Jek driver's. */
  company: (v: NoticeValues) => v.companyName ?? 'Go-Jek',
  merchant: (v: NoticeValues) => v.merchantName,
  order: (v: NoticeValues) => v.orderRef,
} as const satisfies Record<string, (values: NoticeValues) => string | undefined>;
export type TemplateValue = keyof typeof VALUES;

export interface Template {
  readonly values: readonly TemplateValue[];
  readonly id: string;
  readonly en: string;
  /**
   * Goes whatever the recipient said (STOP) and however many messages the phone had this hour:
   * without it the delivery cannot finish (the code the driver asks for at the door).
   */
  readonly essential?: true;
}

export const TEMPLATES: Readonly<Record<TemplateName, Template>> = {
  gancang_medicine_registered: {
    values: ['facility', 'trackingUrl', 'deliveryCode'],
    id: 'Gancang Aron: paket Anda dari {{1}} akan diantar. Lacak di {{2}} . Kode serah terima: {{3}}. Berikan kode ini hanya kepada pengemudi saat paket tiba.',
    en: 'Gancang Aron: your package from {{1}} will be delivered. Track it at {{2}} . Handover code: {{3}}. Give this code only to the driver when the package arrives.',
    essential: true,
  },
  gancang_medicine_driver_assigned: {
    values: ['driver', 'plate', 'trackingUrl'],
    id: 'Gancang Aron: pengemudi {{1}} ({{2}}) akan mengantar paket Anda. Lacak di {{3}}',
    en: 'Gancang Aron: driver {{1}} ({{2}}) will deliver your package. Track it at {{3}}',
  },
  gancang_medicine_delivered: {
    values: ['facility'],
    id: 'Gancang Aron: paket dari {{1}} sudah diterima. Terima kasih.',
    en: 'Gancang Aron: the package from {{1}} has been received. Thank you.',
  },
  gancang_medicine_delivery_failed: {
    values: ['facility', 'pharmacyContact'],
    id: 'Gancang Aron: paket dari {{1}} belum dapat diantar dan kembali ke apotek. Silakan hubungi apotek: {{2}}.',
    en: 'Gancang Aron: the package from {{1}} could not be delivered and goes back to the pharmacy. Please contact the pharmacy: {{2}}.',
  },
  gancang_food_new_order: {
    values: ['order'],
    id: 'Pesta Kuliner: pesanan baru {{1}} menunggu konfirmasi Anda di aplikasi Gancang.',
    en: 'Pesta Kuliner: new order {{1}} is waiting for your confirmation in the Gancang app.',
  },
  gancang_food_accepted: {
    values: ['merchant', 'order'],
    id: 'Pesta Kuliner: {{1}} menerima pesanan {{2}} dan sedang menyiapkannya.',
    en: 'Pesta Kuliner: {{1}} accepted order {{2}} and is preparing it.',
  },
  gancang_food_on_the_way: {
    values: ['order', 'driver', 'plate'],
    id: 'Pesta Kuliner: pesanan {{1}} sedang diantar oleh {{2}} ({{3}}).',
    en: 'Pesta Kuliner: order {{1}} is on its way with {{2}} ({{3}}).',
  },
  gancang_food_delivered: {
    values: ['order'],
    id: 'Pesta Kuliner: pesanan {{1}} sudah diantar. Selamat menikmati!',
    en: 'Pesta Kuliner: order {{1}} has been delivered. Enjoy your meal!',
  },
  gancang_ride_driver_assigned: {
    values: ['driver', 'plate', 'company'],
    id: 'Gancang: pengemudi {{1}} ({{2}}, {{3}}) sedang menuju titik jemput Anda.',
    en: 'Gancang: driver {{1}} ({{2}}, {{3}}) is on the way to your pickup point.',
  },
  gancang_ride_no_driver: {
    values: [],
    id: 'Gancang: maaf, tidak ada pengemudi yang tersedia untuk perjalanan Anda. Silakan pesan lagi beberapa saat lagi.',
    en: 'Gancang: sorry, no driver is available for your ride. Please book again in a little while.',
  },
};

export interface NoticeMessage {
  readonly event: OrderNoticeEvent;
  readonly to: RecipientRole;
  readonly template: TemplateName;
}

/**
 * Which messages each kind of order sends, and to whom: one row per message of a delivery that
 * goes all the way (the figures of messages per delivery are counted from it).
 */
export const NOTICES: Readonly<Record<OrderKind, readonly NoticeMessage[]>> = {
  MEDICINE: [
    { event: 'REGISTERED', to: 'PATIENT', template: 'gancang_medicine_registered' },
    { event: 'DRIVER_ASSIGNED', to: 'PATIENT', template: 'gancang_medicine_driver_assigned' },
    { event: 'DELIVERED', to: 'PATIENT', template: 'gancang_medicine_delivered' },
    { event: 'DELIVERY_FAILED', to: 'PATIENT', template: 'gancang_medicine_delivery_failed' },
  ],
  FOOD: [
    { event: 'PLACED', to: 'MERCHANT', template: 'gancang_food_new_order' },
    { event: 'ACCEPTED', to: 'CUSTOMER', template: 'gancang_food_accepted' },
    { event: 'ON_THE_WAY', to: 'CUSTOMER', template: 'gancang_food_on_the_way' },
    { event: 'DELIVERED', to: 'CUSTOMER', template: 'gancang_food_delivered' },
  ],
  RIDE: [
    { event: 'DRIVER_ASSIGNED', to: 'PASSENGER', template: 'gancang_ride_driver_assigned' },
    { event: 'NO_DRIVER_FOUND', to: 'PASSENGER', template: 'gancang_ride_no_driver' },
  ],
};

/** The events after which a delivery or ride is over without going all the way (not counted per delivery). */
export const UNHAPPY_ENDINGS: ReadonlySet<OrderNoticeEvent> = new Set(['DELIVERY_FAILED', 'NO_DRIVER_FOUND']);

/** The template lacks a value the order no longer has (a driver since released): nothing to send. */
export class MissingTemplateValueError extends Error {
  override readonly name = 'MissingTemplateValueError';
  readonly code = 'MISSING_TEMPLATE_VALUE';
}

/** WhatsApp refuses a parameter with a newline or a tab, or more than four spaces in a row; and a value is never a paragraph. */
const MAX_PARAMETER_LENGTH = 80;
const parameterText = (value: string): string => value.replace(/\s+/g, ' ').trim().slice(0, MAX_PARAMETER_LENGTH);

export interface Rendered {
  readonly template: TemplateName;
  readonly language: 'id';
  readonly parameters: readonly string[];
  readonly text: string;
}

export function render(name: TemplateName, values: NoticeValues): Rendered {
  const template = TEMPLATES[name];
  const parameters = template.values.map((key) => {
    const value = VALUES[key](values);
    const text = value === undefined ? '' : parameterText(value);
    if (text === '') throw new MissingTemplateValueError(`${name} needs ${key}, which the order does not have now`);
    return text;
  });
  return { template: name, language: 'id', parameters, text: fill(template.id, parameters) };
}

/** The template's text with its {{n}} replaced, as the recipient reads it. */
export const fill = (text: string, parameters: readonly string[]): string =>
  text.replace(/\{\{(\d+)\}\}/g, (placeholder, n: string) => parameters[Number(n) - 1] ?? placeholder);
