import type { DeliveryContact, DeliveryContacts } from '../../kernel/delivery-contacts.ts';
import type { FoodOrderStore } from '../ports/food-order-ports.ts';
import type { OrderingStore } from '../ports/ordering-ports.ts';
import type { RideStore } from './ride-use-cases.ts';

export interface DeliveryContactStores {
  readonly medicine: Pick<OrderingStore, 'getMedicineOrder'>;
  readonly food: Pick<FoodOrderStore, 'getFoodOrder'>;
  readonly rides: Pick<RideStore, 'getRide'>;
}

/**
 * Ordering's side of the DeliveryContacts port: from the order itself, what the assigned driver
 * needs at the door, and nothing more (no NIK, no medicine list, no items, no notes). Dispatch
 * decides who may see it and for how long.
 */
export function deliveryContacts(stores: DeliveryContactStores): DeliveryContacts {
  const byKind: Record<'MEDICINE' | 'FOOD' | 'RIDE', (orderId: string) => Promise<DeliveryContact | undefined>> = {
    MEDICINE: async (orderId) => {
      const order = await stores.medicine.getMedicineOrder(orderId);
      if (!order) return undefined;
      const { name, phone, address } = order.patient;
      return { recipient: { name, phone }, address, pickupName: order.facilityName };
    },
    FOOD: async (orderId) => {
      const order = await stores.food.getFoodOrder(orderId);
      if (!order) return undefined;
      return {
        ...(order.recipient ? { recipient: { name: order.recipient.name, phone: order.recipient.phone } } : {}),
        address: order.dropoff.address,
        pickupName: order.merchant.name,
      };
    },
    // The driver meets the passenger at the pickup.
    RIDE: async (rideId) => {
      const ride = await stores.rides.getRide(rideId);
      if (!ride) return undefined;
      return { ...(ride.passenger ? { recipient: { name: ride.passenger.name, phone: ride.passenger.phone } } : {}), address: ride.pickup.address };
    },
  };
  return { contactFor: ({ kind, orderId }) => byKind[kind](orderId) };
}
