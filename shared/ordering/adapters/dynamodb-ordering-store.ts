import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError, ConflictError } from '../../platform/errors.ts';
import { batchGetAll, createGuarded, failedConditions, putStateChange, queryIndexPage, withoutKeys } from '../../platform/dynamodb-items.ts';
import { outboxItem, type OutboxItem, type OutboxMessage } from '../../platform/outbox.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.ts';
import type { Clock } from '../../platform/time.ts';
import { awaitingDriverKeys } from '../domain/awaiting-driver.ts';
import { needsAttentionKeys } from '../domain/needs-attention.ts';
import type { Facility } from '../domain/facility.ts';
import { DuplicatePrescriptionError, type MedicineOrder, type MedicineOrderStatus } from '../domain/medicine-order.ts';
import type { OrderingStore } from '../ports/ordering-ports.ts';
import { comparableName } from '../../platform/schemas.ts';

/**
 * The ordering table (single-table design). Items and their keys:
 *   Facility            pk FACILITY#<id>          sk FACILITY     gsi1 FACILITIES / <name>#<id>
 *   facility name guard pk FACILITY_NAME#<name>   sk GUARD
 *   staff membership    pk STAFF#<sub>            sk FACILITY#<id>
 *   MedicineOrder       pk MO#<id>                sk MO           gsi1 FACILITY#<id>#MO / <id>
 *                                                                 gsi2 FACILITY#<id>#MO#<status> / <id>
 *                                                                 gsi3 TRACK#<token> / MO
 *                                                                 gsi4 AWAITING_DRIVER#MEDICINE / <handedAt>#<id>  (READY_FOR_PICKUP only)
 *                                                                 gsi5 ATTENTION / <since>#<id>  (while flagged)
 *   prescription guard  pk FACILITY#<id>          sk RX#<prescriptionNo>   (while the order is live)
 *   outbox message      pk OUTBOX                 sk <createdAt>#<messageId>
 */
const strip = withoutKeys;

const facilityKey = (id: string) => ({ pk: `FACILITY#${id}`, sk: 'FACILITY' });
const orderKey = (id: string) => ({ pk: `MO#${id}`, sk: 'MO' });
const prescriptionGuardKey = (order: Pick<MedicineOrder, 'facilityId' | 'prescriptionNo'>) => ({
  pk: `FACILITY#${order.facilityId}`,
  sk: `RX#${order.prescriptionNo.toUpperCase()}`,
});

function orderItem(order: MedicineOrder): Record<string, unknown> {
  return {
    ...orderKey(order.orderId),
    entity: 'MedicineOrder',
    gsi1pk: `FACILITY#${order.facilityId}#MO`,
    gsi1sk: order.orderId,
    gsi2pk: `FACILITY#${order.facilityId}#MO#${order.status}`,
    gsi2sk: order.orderId,
    gsi3pk: `TRACK#${order.trackingToken}`,
    gsi3sk: 'MO',
    ...awaitingDriverKeys('MEDICINE', order, order.orderId),
    ...needsAttentionKeys(order, order.orderId),
    ...order,
  };
}

class FacilityNameTakenError extends ConflictError {
  constructor() {
    super('FACILITY_EXISTS', 'A facility with this name is already registered', [{ path: 'name', message: 'already registered' }]);
  }
}


/**
 * Facilities are read on every pharmacy request (who acts for it, where is its pickup point) and
 * change rarely, so a warm function keeps them for a short while: one round trip less on the
 * order path. The cost is that a change to a facility (e.g. its staff) reaches a warm function
 * within this many seconds.
 */
export const FACILITY_CACHE_SECONDS = 30;

export class DynamoDbOrderingStore implements OrderingStore {
  private readonly facilityCache = new Map<string, { facility: Facility; until: number }>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly facilityCacheSeconds = FACILITY_CACHE_SECONDS,
  ) {}

  async createFacility(facility: Facility): Promise<void> {
    const nameKey = comparableName(facility.name);
    const taken = await createGuarded({
      documents: this.documents,
      tableName: this.tableName,
      item: { ...facilityKey(facility.facilityId), entity: 'Facility', gsi1pk: 'FACILITIES', gsi1sk: `${nameKey}#${facility.facilityId}`, ...facility },
      guards: [{ key: { pk: `FACILITY_NAME#${nameKey}`, sk: 'GUARD' }, owner: { facilityId: facility.facilityId } }],
      also: facility.staff.map((sub) => ({
        Put: { TableName: this.tableName, Item: { pk: `STAFF#${sub}`, sk: `FACILITY#${facility.facilityId}`, facilityId: facility.facilityId } },
      })),
      registry: 'The facility registry',
    });
    if (taken.length > 0) throw new FacilityNameTakenError();
  }

  async getFacility(facilityId: string): Promise<Facility | undefined> {
    const now = this.clock.now().getTime();
    const cached = this.facilityCache.get(facilityId);
    if (cached && cached.until > now) return cached.facility;
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: facilityKey(facilityId) }));
    if (!Item) return undefined;
    const facility = strip<Facility>(Item);
    if (this.facilityCacheSeconds > 0) {
      if (this.facilityCache.size > 1000) this.facilityCache.clear();
      this.facilityCache.set(facilityId, { facility, until: now + this.facilityCacheSeconds * 1000 });
    }
    return facility;
  }

  async listFacilities(query: { staffSub?: string; limit: number; cursor?: string }): Promise<Page<Facility>> {
    if (query.staffSub === undefined) {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'FACILITIES' },
          Limit: query.limit,
          ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], { gsi1pk: 'FACILITIES' }),
        }),
      );
      return { items: (page.Items ?? []).map((item) => strip<Facility>(item)), nextCursor: encodeCursor(page.LastEvaluatedKey) };
    }
    const pk = `STAFF#${query.staffSub}`;
    const memberships = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :facility)',
        ExpressionAttributeValues: { ':pk': pk, ':facility': 'FACILITY#' },
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk'], { pk }),
      }),
    );
    const ids = (memberships.Items ?? []).map((item) => String(item.facilityId));
    const facilities = ids.length === 0 ? [] : await this.batchGetFacilities(ids);
    return { items: facilities, nextCursor: encodeCursor(memberships.LastEvaluatedKey) };
  }

  private async batchGetFacilities(ids: string[]): Promise<Facility[]> {
    const items = await batchGetAll(this.documents, this.tableName, ids.map(facilityKey));
    const found = new Map(items.map((item) => strip<Facility>(item)).map((facility) => [facility.facilityId, facility]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async createMedicineOrder(order: MedicineOrder, messages: readonly OutboxMessage[]): Promise<OutboxItem[]> {
    const outbox = messages.map((message) => outboxItem(message, this.clock.now()));
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: orderItem(order), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...prescriptionGuardKey(order), orderId: order.orderId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...outbox.map((item) => ({ Put: { TableName: this.tableName, Item: { ...item } } })),
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error).includes(1)) throw new DuplicatePrescriptionError();
      throw error;
    }
    return outbox;
  }

  async getMedicineOrder(orderId: string): Promise<MedicineOrder | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return Item ? strip<MedicineOrder>(Item) : undefined;
  }

  async listMedicineOrders(query: {
    facilityId: string;
    status?: MedicineOrderStatus;
    limit: number;
    cursor?: string;
  }): Promise<Page<MedicineOrder>> {
    const [index, partition] = query.status
      ? (['gsi2', `FACILITY#${query.facilityId}#MO#${query.status}`] as const)
      : (['gsi1', `FACILITY#${query.facilityId}#MO`] as const);
    return queryIndexPage<MedicineOrder>({ documents: this.documents, tableName: this.tableName, index, partition, limit: query.limit, cursor: query.cursor, newestFirst: true });
  }

  async findMedicineOrderByTrackingToken(trackingToken: string): Promise<MedicineOrder | undefined> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': `TRACK#${trackingToken}` },
        Limit: 1,
      }),
    );
    const item = page.Items?.[0];
    return item ? strip<MedicineOrder>(item) : undefined;
  }

  async saveMedicineOrderTransition(
    next: MedicineOrder,
    expected: { status: MedicineOrderStatus; version: number },
    messages: readonly OutboxMessage[],
  ): Promise<OutboxItem[]> {
    const outbox = await putStateChange({
      documents: this.documents,
      tableName: this.tableName,
      item: orderItem(next),
      expected,
      messages,
      now: this.clock.now(),
      // A cancelled prescription may be registered again (e.g. with a corrected address).
      extra: next.status === 'CANCELLED' ? [{ Delete: { TableName: this.tableName, Key: prescriptionGuardKey(next) } }] : [],
    });
    if (outbox === 'CONFLICT') throw new ConcurrentUpdateError('The medicine order');
    return outbox;
  }
}
