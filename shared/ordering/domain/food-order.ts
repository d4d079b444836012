import * as z from 'zod';
import { InvalidTransitionError } from '../../platform/errors.ts';
import { hasRole, type Caller } from '../../platform/http/caller.ts';
import { addressSchema, boundedText, idSchema, locationSchema, nameSchema, phoneSchema } from '../../platform/schemas.ts';
import { prepMinutesSchema, type PricedMerchant } from '../../kernel/festival-catalog.ts';
import type { ATTENTION_CODES } from '../../kernel/job-events.ts';
import type { DriverPosition } from '../../kernel/driver-positions.ts';
import type { CancelRefusal, PendingCancellation } from './cancellation.ts';
import { DRIVER_POSITION_SHOWN_WHILE, driverPositionView } from './driver-on-the-way.ts';
import type { AssignedDriver } from './medicine-order.ts';

/** Pesta Kuliner Go-Food: a citizen's order from one festival merchant, delivered by a Go-Jek motorbike. */
export const FOOD_ORDER_STATUSES = [
  'PLACED',
  'ACCEPTED',
  'READY',
  'COURIER_ASSIGNED',
  'PICKED_UP',
  'DELIVERED',
  'DELIVERY_FAILED',
  'REJECTED',
  'CANCELLED',
] as const;
export type FoodOrderStatus = (typeof FOOD_ORDER_STATUSES)[number];

type Actor = 'merchant' | 'citizen' | 'dispatch';

/**
 * The lifecycle as a table: from → to → who may do it; anything else is a 409. Dispatch starts
 * when the merchant accepts, timed so that the driver arrives as the food is ready, so a courier
 * may be assigned before the merchant marks the food READY (the merchant's READY then only
 * stamps `foodReadyAt`), and a released courier puts the order back where the kitchen is.
 */
export const FOOD_ORDER_TRANSITIONS: Readonly<Record<FoodOrderStatus, Readonly<Partial<Record<FoodOrderStatus, Actor>>>>> = {
  PLACED: { ACCEPTED: 'merchant', REJECTED: 'merchant', CANCELLED: 'citizen' },
  // Once accepted the order is in dispatch: the merchant or an admin may ask to cancel it before
  // pickup, and dispatch's JOB_WITHDRAWN cancels it (see cancellation.ts).
  ACCEPTED: { READY: 'merchant', COURIER_ASSIGNED: 'dispatch', CANCELLED: 'dispatch' },
  READY: { COURIER_ASSIGNED: 'dispatch', CANCELLED: 'dispatch' },
  COURIER_ASSIGNED: { PICKED_UP: 'dispatch', ACCEPTED: 'dispatch', READY: 'dispatch', CANCELLED: 'dispatch' },
  PICKED_UP: { DELIVERED: 'dispatch', DELIVERY_FAILED: 'dispatch' },
  DELIVERED: {},
  DELIVERY_FAILED: {},
  REJECTED: {},
  CANCELLED: {},
};

export function assertFoodTransition(from: FoodOrderStatus, to: FoodOrderStatus, actor: Actor): void {
  if (FOOD_ORDER_TRANSITIONS[from][to] !== actor) throw new InvalidTransitionError('The food order', from, to);
}

/** An order that never reached its customer's hands through the merchant: its promotion use is given back. */
export const ENDED_UNSOLD: ReadonlySet<FoodOrderStatus> = new Set(['REJECTED', 'CANCELLED']);

/**
 * Orders that count in the government report: the merchant accepted them and they were not
 * rejected or cancelled (an accepted order cancelled before pickup never reached its customer).
 * A failed delivery still counts: the merchant cooked and handed over the food.
 */
export const COUNTED_IN_REPORT: ReadonlySet<FoodOrderStatus> = new Set(['ACCEPTED', 'READY', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED', 'DELIVERY_FAILED']);

export const MAX_ORDER_LINES = 30;

export const placeFoodOrderSchema = z.strictObject({
  festivalId: idSchema,
  merchantId: idSchema,
  items: z
    .array(z.strictObject({ itemId: idSchema, quantity: z.number().int().positive().max(50) }))
    .min(1)
    .max(MAX_ORDER_LINES)
    .refine((items) => new Set(items.map((item) => item.itemId)).size === items.length, 'list each item once, with its quantity'),
  promoCode: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -').optional(),
  dropoff: z.strictObject({ location: locationSchema, address: addressSchema }),
  /** Who the driver hands the food to; the driver sees it only once assigned. */
  recipient: z.strictObject({ name: nameSchema, phone: phoneSchema }).optional(),
  notes: boundedText(300, { multiline: true }).optional(),
});
export type PlaceFoodOrder = z.infer<typeof placeFoodOrderSchema>;

/** Kitchens quote between 1 minute and 3 hours; without minutes, accepting takes the merchant's usual time. */
export const changeFoodStatusSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('ACCEPTED'), prepMinutes: prepMinutesSchema.optional() }),
  z.strictObject({ status: z.literal('READY') }),
  z.strictObject({ status: z.literal('REJECTED'), reason: boundedText(300) }),
]);
export type ChangeFoodStatus = z.infer<typeof changeFoodStatusSchema>;

export const cancelFoodOrderSchema = z.strictObject({ reason: boundedText(300).optional() });

export interface FoodOrderLine {
  readonly itemId: string;
  readonly name: string;
  readonly priceIdr: number;
  readonly quantity: number;
  readonly lineTotalIdr: number;
}

export interface FoodTimelineEntry {
  readonly status: FoodOrderStatus;
  readonly at: string;
}

export interface FoodOrder {
  readonly orderId: string;
  readonly festivalId: string;
  readonly festivalName: string;
  /** Copied when the order is placed: the report and the access checks need no other context. */
  /** Its usual preparation time may be absent on orders placed before merchants had one. */
  readonly merchant: Omit<PricedMerchant, 'prepMinutes'> & { readonly prepMinutes?: number };
  readonly citizenSub: string;
  readonly status: FoodOrderStatus;
  readonly version: number;
  readonly items: readonly FoodOrderLine[];
  readonly subtotalIdr: number;
  readonly discountIdr: number;
  readonly deliveryFeeIdr: number;
  readonly totalIdr: number;
  readonly deliveryDistanceKm: number;
  readonly promo?: { readonly code: string; readonly discountIdr: number };
  readonly dropoff: PlaceFoodOrder['dropoff'];
  readonly recipient?: { readonly name: string; readonly phone: string };
  readonly notes?: string;
  readonly timeline: readonly FoodTimelineEntry[];
  readonly prepMinutes?: number;
  /** When the merchant said the food will be ready (accepted + prep minutes): dispatch times the driver to it. */
  readonly readyAt?: string;
  /** When the merchant marked the food ready. */
  readonly foodReadyAt?: string;
  readonly rejectReason?: string;
  readonly cancelReason?: string;
  /** A cancellation asked of dispatch and not yet answered (see cancellation.ts). */
  readonly cancellation?: PendingCancellation;
  readonly cancelRefused?: CancelRefusal;
  readonly driver?: AssignedDriver;
  readonly attention?: { readonly code: (typeof ATTENTION_CODES)[number]; readonly since: string };
  readonly deliveredTo?: string;
  readonly failureReason?: string;
  readonly lastJobEventAt?: string;
  readonly placedAt: string;
  readonly updatedAt: string;
}

/** Who may read an order: its citizen, its merchant's owner, admins. Others get 404, not a hint. */
export function mayReadFoodOrder(caller: Caller, order: FoodOrder): boolean {
  if (hasRole(caller, 'admin')) return true;
  if (hasRole(caller, 'citizen') && order.citizenSub === caller.sub) return true;
  return hasRole(caller, 'merchant') && order.merchant.ownerSub === caller.sub;
}

/**
 * The citizen's own page of the order in the web app. Absolute on the app's origin when the
 * deployment names it (`appUrl`, from GANCANG_APP_URL), else relative to the origin that served
 * the response, as a medicine order's tracking link is (medicine-order.ts).
 */
export const foodOrderUrl = (orderId: string, appUrl: string | undefined): string => `${appUrl ?? ''}/food-orders/${orderId}`;

/**
 * What a caller sees. The citizen and admins see the whole order; the merchant sees what to
 * cook and for how much, and where it goes (kecamatan), not the customer's address or phone.
 */
export function foodOrderView(order: FoodOrder, caller: Caller, appUrl: string | undefined) {
  const { version: _version, lastJobEventAt: _last, citizenSub: _citizen, merchant, ...rest } = order;
  const { ownerSub: _owner, ...merchantView } = merchant;
  const view = { ...rest, merchant: merchantView, trackingUrl: foodOrderUrl(order.orderId, appUrl) };
  if (hasRole(caller, 'admin') || order.citizenSub === caller.sub) return view;
  const { dropoff, recipient: _recipient, ...forMerchant } = view;
  return { ...forMerchant, dropoff: { kecamatan: dropoff.address.kecamatan } };
}

/** One order as its page follows it: with its driver's last position while the food is on its way. */
export interface FollowedFoodOrder {
  readonly order: FoodOrder;
  /** The assigned driver's last reported position, while the driver holds this order's job and it is on its way. */
  readonly driverPosition?: DriverPosition;
}

export function followedFoodOrderView({ order, driverPosition }: FollowedFoodOrder, caller: Caller, appUrl: string | undefined, now: Date) {
  return {
    ...foodOrderView(order, caller, appUrl),
    driverPosition: DRIVER_POSITION_SHOWN_WHILE.FOOD.has(order.status) ? driverPositionView(driverPosition, now) : null,
  };
}
