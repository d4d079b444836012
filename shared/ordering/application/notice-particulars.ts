import type { MerchantPhones, NoticeParticular, NoticeParticulars, OrderKind } from '../../kernel/order-notices.ts';
import { trackingUrl } from '../domain/medicine-order.ts';
import type { FoodOrderStore } from '../ports/food-order-ports.ts';
import type { OrderingStore } from '../ports/ordering-ports.ts';
import type { RideStore } from './ride-use-cases.ts';

export interface NoticeParticularStores {
  readonly medicine: Pick<OrderingStore, 'getMedicineOrder' | 'getFacility'>;
  readonly food: Pick<FoodOrderStore, 'getFoodOrder'>;
  readonly rides: Pick<RideStore, 'getRide'>;
  /** Promotion keeps the merchants' phones. */
  readonly merchants: MerchantPhones;
  /** The web app's origin, for the tracking link (GANCANG_APP_URL). */
  readonly appUrl: () => string | undefined;
}

/** What a recipient can quote of an order: the end of its id, where its ULID is random. */
export const orderRef = (orderId: string): string => orderId.slice(-6).toUpperCase();

/**
 * Ordering's side of the NoticeParticulars port: who hears about an order and the few values its
 * messages may show, read from the order as it is now. Never its medicines or items, their
 * categories, the NIK, the address or notes: NoticeValues has no field for them.
 */
export function noticeParticulars(stores: NoticeParticularStores): NoticeParticulars {
  const byKind: Record<OrderKind, (orderId: string) => Promise<NoticeParticular | undefined>> = {
    MEDICINE: async (orderId) => {
      const order = await stores.medicine.getMedicineOrder(orderId);
      if (!order) return undefined;
      const facility = await stores.medicine.getFacility(order.facilityId);
      return {
        recipients: [{ role: 'PATIENT', phone: order.patient.phone }],
        values: {
          orderRef: orderRef(orderId),
          facilityName: order.facilityName,
          ...(facility?.phone && { facilityPhone: facility.phone }),
          trackingUrl: trackingUrl(order.trackingToken, stores.appUrl()),
          deliveryCode: order.deliveryCode,
          ...(order.driver && { driverFirstName: order.driver.firstName, vehiclePlate: order.driver.vehiclePlate }),
        },
      };
    },
    FOOD: async (orderId) => {
      const order = await stores.food.getFoodOrder(orderId);
      if (!order) return undefined;
      const merchantPhone = await stores.merchants.phoneOf(order.merchant.merchantId);
      return {
        recipients: [
          ...(merchantPhone ? [{ role: 'MERCHANT' as const, phone: merchantPhone }] : []),
          // The citizen's own phone is not on the order: the recipient's, when the citizen gave one.
          ...(order.recipient ? [{ role: 'CUSTOMER' as const, phone: order.recipient.phone }] : []),
        ],
        values: {
          orderRef: orderRef(orderId),
          merchantName: order.merchant.name,
          ...(order.driver && { driverFirstName: order.driver.firstName, vehiclePlate: order.driver.vehiclePlate }),
        },
      };
    },
    RIDE: async (rideId) => {
      const ride = await stores.rides.getRide(rideId);
      if (!ride) return undefined;
      // A partner taxi's driver carries the company's name (follow-job.ts); a Go-Jek driver none.
      const companyName = ride.driver?.companyName;
      return {
        recipients: ride.passenger ? [{ role: 'PASSENGER', phone: ride.passenger.phone }] : [],
        values: {
          orderRef: orderRef(rideId),
          ...(ride.driver && { driverFirstName: ride.driver.firstName, vehiclePlate: ride.driver.vehiclePlate }),
          ...(companyName && { companyName }),
        },
      };
    },
  };
  return { particularsFor: ({ orderKind, orderId }) => byKind[orderKind](orderId) };
}
