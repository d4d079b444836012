import type { DriverPositions } from '../../kernel/driver-positions.ts';
import type { MessageRelay } from '../../kernel/message-relay.ts';
import type { Clock } from '../../platform/time.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { OutboxItem, OutboxMessage } from '../../platform/outbox.ts';
import type { Page } from '../../platform/pagination.ts';
import type { Facility } from '../domain/facility.ts';
import type { MedicineOrder, MedicineOrderStatus } from '../domain/medicine-order.ts';

/** What the ordering use cases need from the outside world; adapters live beside them. */
export interface OrderingStore {
  createFacility(facility: Facility): Promise<void>;
  getFacility(facilityId: string): Promise<Facility | undefined>;
  listFacilities(query: { staffSub?: string; limit: number; cursor?: string }): Promise<Page<Facility>>;

  /** With its outbox messages, in one transaction; returns them to publish. */
  createMedicineOrder(order: MedicineOrder, messages: readonly OutboxMessage[]): Promise<OutboxItem[]>;
  getMedicineOrder(orderId: string): Promise<MedicineOrder | undefined>;
  listMedicineOrders(query: {
    facilityId: string;
    status?: MedicineOrderStatus;
    limit: number;
    cursor?: string;
  }): Promise<Page<MedicineOrder>>;
  findMedicineOrderByTrackingToken(trackingToken: string): Promise<MedicineOrder | undefined>;
  /**
   * Writes `next` only if the stored order still has `expected` status and version, together with
   * the outbox messages, in one transaction; returns the outbox items to publish.
   */
  saveMedicineOrderTransition(
    next: MedicineOrder,
    expected: { status: MedicineOrderStatus; version: number },
    messages: readonly OutboxMessage[],
  ): Promise<OutboxItem[]>;
}

export interface OrderingPorts {
  readonly store: OrderingStore;
  readonly relay: MessageRelay;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly secrets: { trackingToken(): string; deliveryCode(): string };
}

/** What the facility use cases need: no messages, no secrets. */
export type FacilityPorts = Pick<OrderingPorts, 'store' | 'clock' | 'ids'>;

/** What the public tracking link needs: the order and its facility, read only, and dispatch's driver positions. */
export interface TrackingPorts {
  readonly store: Pick<OrderingStore, 'findMedicineOrderByTrackingToken' | 'getFacility'>;
  readonly positions: DriverPositions;
}
