import { ConcurrentUpdateError, ConflictError } from '#platform/errors';
import { outboxItem, type OutboxItem, type OutboxMessage } from '#platform/outbox';
import type { Page } from '#platform/pagination';
import type { Facility } from '#ordering/domain/facility';
import { DuplicatePrescriptionError, type MedicineOrder, type MedicineOrderStatus } from '#ordering/domain/medicine-order';
import type { OrderingPorts, OrderingStore } from '#ordering/ports/ordering-ports';

/**
 * The ordering store port kept in memory, for tests of the use cases' rules. The DynamoDB adapter
 * is exercised against DynamoDB Local in test/integration.
 */
export class InMemoryOrderingStore implements OrderingStore {
  readonly facilities = new Map<string, Facility>();
  readonly orders = new Map<string, MedicineOrder>();
  readonly outbox: OutboxItem[] = [];

  async createFacility(facility: Facility): Promise<void> {
    if ([...this.facilities.values()].some((f) => f.name.toLowerCase() === facility.name.toLowerCase())) {
      throw new ConflictError('FACILITY_EXISTS', 'exists');
    }
    this.facilities.set(facility.facilityId, facility);
  }
  async getFacility(id: string) {
    return this.facilities.get(id);
  }
  async listFacilities(query: { staffSub?: string; limit: number }): Promise<Page<Facility>> {
    const all = [...this.facilities.values()].filter((f) => !query.staffSub || f.staff.includes(query.staffSub));
    return { items: all.slice(0, query.limit), nextCursor: null };
  }
  async createMedicineOrder(order: MedicineOrder, messages: readonly OutboxMessage[] = []): Promise<OutboxItem[]> {
    const live = [...this.orders.values()].some(
      (o) => o.facilityId === order.facilityId && o.prescriptionNo.toUpperCase() === order.prescriptionNo.toUpperCase() && o.status !== 'CANCELLED',
    );
    if (live) throw new DuplicatePrescriptionError();
    this.orders.set(order.orderId, order);
    const items = messages.map((m) => outboxItem(m, new Date()));
    this.outbox.push(...items);
    return items;
  }
  async getMedicineOrder(id: string) {
    return this.orders.get(id);
  }
  async listMedicineOrders(query: { facilityId: string; status?: MedicineOrderStatus; limit: number }): Promise<Page<MedicineOrder>> {
    const all = [...this.orders.values()]
      .filter((o) => o.facilityId === query.facilityId && (!query.status || o.status === query.status))
      .sort((a, b) => b.orderId.localeCompare(a.orderId));
    return { items: all.slice(0, query.limit), nextCursor: null };
  }
  async findMedicineOrderByTrackingToken(token: string) {
    return [...this.orders.values()].find((o) => o.trackingToken === token);
  }
  async saveMedicineOrderTransition(
    next: MedicineOrder,
    expected: { status: MedicineOrderStatus; version: number },
    messages: readonly OutboxMessage[],
  ): Promise<OutboxItem[]> {
    const current = this.orders.get(next.orderId);
    if (!current || current.status !== expected.status || current.version !== expected.version) {
      throw new ConcurrentUpdateError('The medicine order');
    }
    this.orders.set(next.orderId, next);
    const items = messages.map((m) => outboxItem(m, new Date()));
    this.outbox.push(...items);
    return items;
  }
}

export function inMemoryPorts(now = new Date('2026-11-28T03:00:00Z')) {
  const store = new InMemoryOrderingStore();
  /** What was published to dispatch; the order notices (notifications queue) apart, in `notices`. */
  const published: OutboxItem[] = [];
  const notices: OutboxItem[] = [];
  let counter = 0;
  const ports: OrderingPorts = {
    store,
    relay: { publish: async (items) => void items.forEach((item) => (item.queue === 'notifications' ? notices : published).push(item)) },
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}_${String(++counter).padStart(6, '0')}` },
    secrets: { trackingToken: () => `track-token-${counter}-xxxxxxxx`, deliveryCode: () => '123456' },
  };
  return { ports, store, published, notices };
}
