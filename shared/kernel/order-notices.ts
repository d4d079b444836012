import * as z from 'zod';
import { parseMessage } from '../platform/messages.ts';
import { JOB_KINDS } from './dispatch-messages.ts';

/**
 * The contract of the notifications queue: ordering tells the notification context that an
 * order reached a step its people hear about. Written to ordering's outbox in the same
 * transaction as the step itself, so a step is never notified without having happened, nor
 * happened without being notified. Ids, codes and times only: who is told, their phones and
 * what the text may show are read from ordering in process, through NoticeParticulars below,
 * when the message is sent.
 */
export const NOTIFICATIONS_QUEUE = 'notifications';

export type OrderKind = (typeof JOB_KINDS)[number];

/** The steps each kind of order notifies, by the name the notice gives them. */
export const ORDER_NOTICE_EVENTS = {
  MEDICINE: ['REGISTERED', 'DRIVER_ASSIGNED', 'DELIVERED', 'DELIVERY_FAILED'],
  FOOD: ['PLACED', 'ACCEPTED', 'ON_THE_WAY', 'DELIVERED'],
  RIDE: ['DRIVER_ASSIGNED', 'NO_DRIVER_FOUND'],
} as const satisfies Record<OrderKind, readonly string[]>;

export type OrderNoticeEvent = (typeof ORDER_NOTICE_EVENTS)[OrderKind][number];
const EVENTS = [...new Set(Object.values(ORDER_NOTICE_EVENTS).flat())] as [OrderNoticeEvent, ...OrderNoticeEvent[]];

export const orderNoticeSchema = z
  .object({
    type: z.literal('ORDER_NOTICE'),
    messageId: z.string().min(1).max(160),
    orderKind: z.enum(JOB_KINDS),
    orderId: z.string().min(1).max(128),
    event: z.enum(EVENTS),
    /**
     * How many times the order has reached this step, this one included: a driver who gives the
     * job back and another who takes it are two assignments, each told once.
     */
    occurrence: z.number().int().min(1).max(1000),
    occurredAt: z.string(),
  })
  .refine((notice) => (ORDER_NOTICE_EVENTS[notice.orderKind] as readonly string[]).includes(notice.event), {
    message: 'this kind of order does not notify this event',
    path: ['event'],
  });

export type OrderNotice = z.infer<typeof orderNoticeSchema>;

export class InvalidOrderNoticeError extends Error {
  override readonly name = 'InvalidOrderNoticeError';
}

export const parseOrderNotice = (body: string): OrderNotice => parseMessage(orderNoticeSchema, body, 'Order notice', InvalidOrderNoticeError);

/** Who is told: the roles a recipient has towards an order. */
export type RecipientRole = 'PATIENT' | 'CUSTOMER' | 'MERCHANT' | 'PASSENGER';

/**
 * What a notice's texts may show, as the order's owner gives it. Nothing else can reach a
 * message: there is no field here for medicines, their categories, a NIK or an address.
 */
export interface NoticeValues {
  /** The public tracking link (medicine orders). */
  readonly trackingUrl?: string;
  /** The code the recipient tells the driver at the door. */
  readonly deliveryCode?: string;
  readonly driverFirstName?: string;
  readonly vehiclePlate?: string;
  /** A partner taxi's company. */
  readonly companyName?: string;
  /** The pharmacy (hospital or puskesmas) and, when it has one, its phone. */
  readonly facilityName?: string;
  readonly facilityPhone?: string;
  readonly merchantName?: string;
  /** A short form of the order's id the recipient can quote ("…7QX2"). */
  readonly orderRef: string;
}

export interface NoticeParticular {
  /** Everyone with a phone on the order who hears about its steps (absent phones: nobody to tell). */
  readonly recipients: readonly { readonly role: RecipientRole; readonly phone: string }[];
  readonly values: NoticeValues;
}

/** The port; ordering implements it (shared/ordering/application/notice-particulars.ts). */
export interface NoticeParticulars {
  /** Undefined when the order is unknown. */
  particularsFor(notice: Pick<OrderNotice, 'orderKind' | 'orderId'>): Promise<NoticeParticular | undefined>;
}

/** A merchant's phone, which promotion keeps (ordering copies the merchant without it). */
export interface MerchantPhones {
  phoneOf(merchantId: string): Promise<string | undefined>;
}
