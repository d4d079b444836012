import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError, ConflictError } from '../../platform/errors.ts';
import { failedConditions, putStateChange, queryAll, queryIndexPage, tallyFigures, TALLY_REVISION, withoutKeys } from '../../platform/dynamodb-items.ts';
import { outboxItem, type OutboxItem, type OutboxMessage } from '../../platform/outbox.ts';
import type { Page } from '../../platform/pagination.ts';
import type { Clock } from '../../platform/time.ts';
import { awaitingDriverKeys } from '../domain/awaiting-driver.ts';
import type { Ride, RideStatus } from '../domain/ride.ts';
import type { CompletedRide, RideStore } from '../application/ride-use-cases.ts';
import { settlementShareAdded, type CompanyDayTally } from '../domain/settlement.ts';

/**
 * Rides in the ordering table, beside the items of dynamodb-ordering-store.ts (no key collides):
 *   Ride  pk RIDE#<id>  sk RIDE   gsi1 CITIZEN#<sub>#RIDES / <rideId>                (the citizen's rides)
 *                               gsi2 COMPANY#<companyId>#RIDES / <completedAt>#<rideId>  (COMPLETED taxi rides only: the settlement report)
 *                               gsi4 AWAITING_DRIVER#RIDE / <handedAt>#<rideId>         (SEARCHING only)
 *   settlement tally  pk COMPANY#<companyId>#SETTLEMENT  sk <WIB day>   (see settlement.ts)
 *   outbox message  pk OUTBOX  sk <createdAt>#<messageId>   (shared with the medicine orders' relay)
 *
 * completedAt is WIB ISO-8601 (+07:00 throughout), so the gsi2 sort key orders by instant and a
 * WIB day is a key range.
 */
const rideKey = (rideId: string) => ({ pk: `RIDE#${rideId}`, sk: 'RIDE' });
const citizenPartition = (sub: string) => `CITIZEN#${sub}#RIDES`;
export const companyRidesPartition = (companyId: string) => `COMPANY#${companyId}#RIDES`;

const strip = (item: Record<string, unknown>): Ride => withoutKeys<Ride>(item);

export function rideItem(ride: Ride): Record<string, unknown> {
  const reported = ride.status === 'COMPLETED' && ride.companyId !== undefined && ride.completedAt !== undefined;
  return {
    ...rideKey(ride.rideId),
    entity: 'Ride',
    gsi1pk: citizenPartition(ride.citizenSub),
    gsi1sk: ride.rideId,
    ...(reported ? { gsi2pk: companyRidesPartition(ride.companyId!), gsi2sk: `${ride.completedAt}#${ride.rideId}` } : {}),
    ...awaitingDriverKeys('RIDE', ride, ride.rideId),
    ...ride,
  };
}

export const settlementTallyPartition = (companyId: string): string => `COMPANY#${companyId}#SETTLEMENT`;
const tallyKey = (companyId: string, day: string) => ({ pk: settlementTallyPartition(companyId), sk: day });

/** A day tally as stored (the bench writes these beside rides it seeds in bulk). */
export function settlementTallyItem(tally: CompanyDayTally): Record<string, unknown> {
  return { ...tallyKey(tally.companyId, tally.day), entity: 'SettlementTally', ...tally };
}

/**
 * A completed ride's share, added in the same transaction as the ride's COMPLETED: a redelivered
 * DELIVERED event fails the ride's condition (or finds it completed already) and adds nothing.
 */
function tallyUpdate(tableName: string, share: CompanyDayTally) {
  return {
    Update: {
      TableName: tableName,
      Key: tallyKey(share.companyId, share.day),
      UpdateExpression: 'SET entity = :entity, companyId = :companyId, #day = :day ADD rides :rides, tenths :tenths, revenueIdr :revenue, #rev :one',
      ExpressionAttributeNames: { '#day': 'day', '#rev': TALLY_REVISION },
      ExpressionAttributeValues: { ':entity': 'SettlementTally', ':companyId': share.companyId, ':day': share.day, ':rides': share.rides, ':tenths': share.tenths, ':revenue': share.revenueIdr, ':one': 1 },
    },
  };
}

const conditionFailedAt = (error: unknown, index: number): boolean => failedConditions(error).includes(index);

export class DynamoDbRideStore implements RideStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async createRide(ride: Ride, messages: readonly OutboxMessage[]): Promise<OutboxItem[]> {
    const outbox = messages.map((message) => outboxItem(message, this.clock.now()));
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: rideItem(ride), ConditionExpression: 'attribute_not_exists(pk)' } },
            ...outbox.map((item) => ({ Put: { TableName: this.tableName, Item: { ...item } } })),
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) throw new ConflictError('RIDE_EXISTS', 'A ride with this id already exists');
      throw error;
    }
    return outbox;
  }

  async getRide(rideId: string): Promise<Ride | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: rideKey(rideId), ConsistentRead: true }));
    return Item ? strip(Item) : undefined;
  }

  async listRidesOfCitizen(query: { citizenSub: string; limit: number; cursor?: string }): Promise<Page<Ride>> {
    const partition = citizenPartition(query.citizenSub);
    return queryIndexPage<Ride>({ documents: this.documents, tableName: this.tableName, index: 'gsi1', partition, limit: query.limit, cursor: query.cursor, newestFirst: true });
  }

  async saveRideTransition(next: Ride, expected: { status: RideStatus; version: number }, messages: readonly OutboxMessage[]): Promise<OutboxItem[]> {
    const share = settlementShareAdded(expected.status, next);
    const extra = share ? [tallyUpdate(this.tableName, share)] : [];
    const outbox = await putStateChange({ documents: this.documents, tableName: this.tableName, item: rideItem(next), expected, messages, now: this.clock.now(), extra });
    if (outbox === 'CONFLICT') throw new ConcurrentUpdateError('The ride');
    return outbox;
  }

  async settlementTallies(companyId: string, fromDay: string, toDay: string): Promise<CompanyDayTally[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': tallyKey(companyId, fromDay).pk, ':from': fromDay, ':to': toDay },
      ConsistentRead: true,
    });
    return items.map((item) => tallyFigures<CompanyDayTally>(item));
  }

  async completedRidesOfCompany(companyId: string, fromIso: string, toIso: string): Promise<CompletedRide[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      // BETWEEN is inclusive, but no key equals `toIso` itself: every key continues with `#<rideId>`.
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': companyRidesPartition(companyId), ':from': fromIso, ':to': toIso },
      ProjectionExpression: 'rideId, completedAt, distanceKm, fareIdr',
    });
    return items as unknown as CompletedRide[];
  }
}
