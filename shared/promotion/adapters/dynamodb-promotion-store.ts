import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.ts';
import {
  AlreadyEnrolledError,
  FestivalAlreadyExistsError,
  festivalNameKey,
  PromotionExistsError,
  windowsOverlap,
  type Enrolment,
  type Festival,
  type Promotion,
} from '../domain/festival.ts';
import { MerchantAlreadyRegisteredError, merchantIdentity, type HalalStatus, type Menu, type Merchant, type MerchantStatus } from '../domain/merchant.ts';
import type { PromotionStore, RedeemFailure, Redemption } from '../ports/promotion-ports.ts';
import { batchGetAll, createGuarded, failedConditions, withoutKeys } from '../../platform/dynamodb-items.ts';

/**
 * The promotion table (single-table design). Items and their keys:
 *   Merchant           pk MERCHANT#<id>        sk MERCHANT     gsi1 OWNER#<sub> / MERCHANT#<id>
 *                                                              gsi2 MERCHANTS#<status> / <id>
 *   Menu               pk MERCHANT#<id>        sk MENU
 *   Festival           pk FESTIVAL#<id>        sk FESTIVAL     gsi1 FESTIVALS / <startsAt>#<id>
 *   Enrolment          pk FESTIVAL#<id>        sk MERCHANT#<merchantId>
 *                                                              gsi1 FESTIVAL#<id>#CATALOG / <0 featured|1>#<name>#<merchantId>
 *   Promotion          pk FESTIVAL#<id>        sk PROMO#<CODE>
 *   customer's uses    pk FESTIVAL#<id>        sk PROMO#<CODE>#CUSTOMER#<sub>
 *   Redemption         pk REDEMPTION#<orderId> sk REDEMPTION   gsi1 REDEMPTIONS#HELD / <heldAt>#<orderId> (only while HELD)
 *   uniqueness guards  pk UNIQUE#MERCHANT_NIB#<nib>                  sk GUARD   (merchantId)
 *                      pk UNIQUE#MERCHANT_NAME#<kecamatan>#<desa>#<name> sk GUARD (merchantId)
 *                      pk UNIQUE#FESTIVAL_NAME#<name>              sk GUARD   (windows of the festivals so named, version)
 */

const strip = withoutKeys;

const merchantKey = (id: string) => ({ pk: `MERCHANT#${id}`, sk: 'MERCHANT' });
const menuKey = (id: string) => ({ pk: `MERCHANT#${id}`, sk: 'MENU' });
const festivalKey = (id: string) => ({ pk: `FESTIVAL#${id}`, sk: 'FESTIVAL' });
const enrolmentKey = (festivalId: string, merchantId: string) => ({ pk: `FESTIVAL#${festivalId}`, sk: `MERCHANT#${merchantId}` });
const promotionKey = (festivalId: string, code: string) => ({ pk: `FESTIVAL#${festivalId}`, sk: `PROMO#${code}` });
const customerKey = (festivalId: string, code: string, sub: string) => ({ pk: `FESTIVAL#${festivalId}`, sk: `PROMO#${code}#CUSTOMER#${sub}` });
const redemptionKey = (orderId: string) => ({ pk: `REDEMPTION#${orderId}`, sk: 'REDEMPTION' });
const HELD_INDEX = 'REDEMPTIONS#HELD';

/** The guards of a merchant's identity, NIB first (the order names the refusal's details). */
const merchantGuards = (merchant: Merchant): { what: 'nib' | 'name'; key: { pk: string; sk: string } }[] => {
  const identity = merchantIdentity(merchant);
  return [
    ...(identity.nib ? [{ what: 'nib' as const, key: { pk: `UNIQUE#MERCHANT_NIB#${identity.nib}`, sk: 'GUARD' } }] : []),
    { what: 'name' as const, key: { pk: `UNIQUE#MERCHANT_NAME#${identity.nameInDesa}`, sk: 'GUARD' } },
  ];
};
const festivalNameGuardKey = (name: string) => ({ pk: `UNIQUE#FESTIVAL_NAME#${festivalNameKey(name)}`, sk: 'GUARD' });
/** Creating festivals of one name is serialised on its guard; a create that lost the race reads again. */
const FESTIVAL_GUARD_ATTEMPTS = 5;

function merchantItem(merchant: Merchant): Record<string, unknown> {
  return {
    ...merchantKey(merchant.merchantId),
    entity: 'Merchant',
    gsi1pk: `OWNER#${merchant.ownerSub}`,
    gsi1sk: `MERCHANT#${merchant.merchantId}`,
    gsi2pk: `MERCHANTS#${merchant.status}`,
    gsi2sk: merchant.merchantId,
    ...merchant,
  };
}

const catalogSortKey = (enrolment: Pick<Enrolment, 'featured' | 'name' | 'merchantId'>) =>
  `${enrolment.featured ? '0' : '1'}#${enrolment.name.toLowerCase().slice(0, 100)}#${enrolment.merchantId}`;

/** A transaction that lost to another one on the same items (not to a condition): worth retrying. */
function isTransactionConflict(error: unknown): boolean {
  if (error instanceof Error && error.name === 'TransactionConflictException') return true;
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}

/**
 * Busy promotions (a festival's headline code) see many redemptions at once; DynamoDB cancels
 * transactions that touch the same item at the same moment. They are retried with jittered
 * backoff; nothing is written by a cancelled transaction, so a retry is always safe.
 */
const TRANSACTION_ATTEMPTS = 12;

async function withConflictRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= TRANSACTION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(400, 20 * 2 ** attempt)));
    }
  }
}

/** Pages of a filtered query are filled up to `limit` by reading on: an empty page with a cursor helps nobody. */
const MAX_QUERY_ROUNDS = 10;

export class DynamoDbPromotionStore implements PromotionStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The merchant and a guard item per identity key (NIB; name in its desa) in one transaction,
   * each guard written only if absent: of two registrations of one business, however close in
   * time, exactly one is written.
   */
  async createMerchant(merchant: Merchant): Promise<void> {
    const guards = merchantGuards(merchant);
    const taken = await createGuarded({
      documents: this.documents,
      tableName: this.tableName,
      item: merchantItem(merchant),
      guards: guards.map(({ key }) => ({ key, owner: { merchantId: merchant.merchantId } })),
      registry: 'The merchant registry',
    });
    if (taken.length > 0) throw new MerchantAlreadyRegisteredError(taken.map((index) => guards[index]!.what));
  }

  async getMerchant(merchantId: string): Promise<Merchant | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: merchantKey(merchantId), ConsistentRead: true }));
    return Item ? strip<Merchant>(Item) : undefined;
  }

  /**
   * A rejected registration gives its NIB and name back in the same write, so that the business
   * can register again with its details put right. A guard is deleted only if it is this
   * merchant's (or absent: merchants registered before guards existed have none).
   */
  async saveMerchant(next: Merchant, expectedVersion: number): Promise<void> {
    const put = {
      TableName: this.tableName,
      Item: merchantItem(next),
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': expectedVersion },
    };
    try {
      if (next.status !== 'REJECTED') {
        await this.documents.send(new PutCommand(put));
        return;
      }
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: put },
            ...merchantGuards(next).map(({ key }) => ({
              Delete: {
                TableName: this.tableName,
                Key: key,
                ConditionExpression: 'attribute_not_exists(pk) OR merchantId = :merchantId',
                ExpressionAttributeValues: { ':merchantId': next.merchantId },
              },
            })),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw new ConcurrentUpdateError('The merchant');
      if (failedConditions(error).length > 0) throw new ConcurrentUpdateError('The merchant');
      throw error;
    }
  }

  async listMerchants(query: { status?: MerchantStatus; ownerSub?: string; limit: number; cursor?: string }): Promise<Page<Merchant>> {
    const [index, partition] = query.ownerSub !== undefined ? (['gsi1', `OWNER#${query.ownerSub}`] as const) : (['gsi2', `MERCHANTS#${query.status ?? 'PENDING_REVIEW'}`] as const);
    const filter = query.ownerSub !== undefined && query.status !== undefined;
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ...(filter ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: { ':pk': partition, ...(filter ? { ':status': query.status } : {}) },
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk', `${index}pk`, `${index}sk`], { [`${index}pk`]: partition }),
      }),
    );
    return { items: (page.Items ?? []).map((item) => strip<Merchant>(item)), nextCursor: encodeCursor(page.LastEvaluatedKey) };
  }

  async getMenu(merchantId: string): Promise<Menu | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: menuKey(merchantId), ConsistentRead: true }));
    return Item ? strip<Menu>(Item) : undefined;
  }

  async getMenus(merchantIds: readonly string[]): Promise<Map<string, Menu>> {
    const items = await batchGetAll(this.documents, this.tableName, merchantIds.map(menuKey));
    return new Map(items.map((item) => strip<Menu>(item)).map((menu) => [menu.merchantId, menu]));
  }

  async saveMenu(menu: Menu, expectedVersion: number): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...menuKey(menu.merchantId), entity: 'Menu', ...menu },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': expectedVersion },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw new ConcurrentUpdateError('The menu');
      throw error;
    }
  }

  /**
   * Overlap is no key DynamoDB can hold unique, so the festivals of one name keep their windows
   * on one guard item: a create reads it, refuses an overlapping window, and writes the festival
   * with the guard (version-checked) in one transaction. Two creates of the same name are thus
   * serialised; the one that lost the race reads the guard again and decides anew.
   */
  async createFestival(festival: Festival): Promise<void> {
    const guardKey = festivalNameGuardKey(festival.name);
    for (let attempt = 1; ; attempt++) {
      const { Item: guard } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: guardKey, ConsistentRead: true }));
      const windows = (guard?.windows ?? []) as Pick<Festival, 'festivalId' | 'startsAt' | 'endsAt'>[];
      const clash = windows.find((window) => windowsOverlap(window, festival));
      if (clash) throw new FestivalAlreadyExistsError(clash);
      const version = (guard?.version as number | undefined) ?? 0;
      try {
        await this.documents.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...festivalKey(festival.festivalId), entity: 'Festival', gsi1pk: 'FESTIVALS', gsi1sk: `${festival.startsAt}#${festival.festivalId}`, ...festival },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...guardKey, entity: 'Guard', version: version + 1, windows: [...windows, { festivalId: festival.festivalId, startsAt: festival.startsAt, endsAt: festival.endsAt }] },
                  ConditionExpression: guard ? '#version = :version' : 'attribute_not_exists(pk)',
                  ...(guard ? { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': version } } : {}),
                },
              },
            ],
          }),
        );
        return;
      } catch (error) {
        const lostRace = failedConditions(error).includes(1) || isTransactionConflict(error);
        if (!lostRace) throw error;
        if (attempt >= FESTIVAL_GUARD_ATTEMPTS) throw new ConcurrentUpdateError('The festival');
      }
    }
  }

  async getFestival(festivalId: string): Promise<Festival | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: festivalKey(festivalId) }));
    return Item ? strip<Festival>(Item) : undefined;
  }

  async listFestivals(query: { limit: number; cursor?: string }): Promise<Page<Festival>> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'FESTIVALS' },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], { gsi1pk: 'FESTIVALS' }),
      }),
    );
    return { items: (page.Items ?? []).map((item) => strip<Festival>(item)), nextCursor: encodeCursor(page.LastEvaluatedKey) };
  }

  async enrol(enrolment: Enrolment): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...enrolmentKey(enrolment.festivalId, enrolment.merchantId),
            entity: 'Enrolment',
            gsi1pk: `FESTIVAL#${enrolment.festivalId}#CATALOG`,
            gsi1sk: catalogSortKey(enrolment),
            ...enrolment,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw new AlreadyEnrolledError();
      throw error;
    }
  }

  async getEnrolment(festivalId: string, merchantId: string): Promise<Enrolment | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: enrolmentKey(festivalId, merchantId) }));
    return Item ? strip<Enrolment>(Item) : undefined;
  }

  async listEnrolments(query: { festivalId: string; kecamatan?: string; halal?: HalalStatus; limit: number; cursor?: string }): Promise<Page<Enrolment>> {
    const partition = `FESTIVAL#${query.festivalId}#CATALOG`;
    const filters: string[] = [];
    const values: Record<string, unknown> = { ':pk': partition };
    if (query.kecamatan !== undefined) {
      filters.push('kecamatan = :kecamatan');
      values[':kecamatan'] = query.kecamatan;
    }
    if (query.halal !== undefined) {
      filters.push('halalStatus = :halal');
      values[':halal'] = query.halal;
    }
    const items: Enrolment[] = [];
    let startKey: Record<string, unknown> | undefined = decodeCursor(query.cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], { gsi1pk: partition });
    for (let round = 0; round < MAX_QUERY_ROUNDS; round++) {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeValues: values,
          // Never read past the page's end: the last key read is then the cursor of the next page.
          Limit: query.limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []).map((item) => strip<Enrolment>(item)));
      startKey = page.LastEvaluatedKey;
      if (!startKey || items.length >= query.limit) break;
    }
    return { items, nextCursor: encodeCursor(startKey) };
  }

  async createPromotion(promotion: Promotion): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...promotionKey(promotion.festivalId, promotion.code), entity: 'Promotion', ...promotion },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw new PromotionExistsError();
      throw error;
    }
  }

  async getPromotion(festivalId: string, code: string): Promise<Promotion | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: promotionKey(festivalId, code), ConsistentRead: true }),
    );
    return Item && Item.entity === 'Promotion' ? strip<Promotion>(Item) : undefined;
  }

  async listPromotions(festivalId: string): Promise<Promotion[]> {
    const promotions: Promotion[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :promo)',
          FilterExpression: 'entity = :entity',
          ExpressionAttributeValues: { ':pk': `FESTIVAL#${festivalId}`, ':promo': 'PROMO#', ':entity': 'Promotion' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      promotions.push(...(page.Items ?? []).map((item) => strip<Promotion>(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return promotions;
  }

  async customerRedemptions(festivalId: string, code: string, customerSub: string): Promise<number> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: customerKey(festivalId, code, customerSub), ConsistentRead: true }),
    );
    return typeof Item?.redemptions === 'number' ? Item.redemptions : 0;
  }

  async redeem(redemption: Redemption, promotion: Pick<Promotion, 'budgetIdr' | 'perCustomerLimit'>): Promise<RedeemFailure | undefined> {
    const budget = promotion.budgetIdr !== undefined;
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...redemptionKey(redemption.orderId),
              entity: 'Redemption',
              gsi1pk: HELD_INDEX,
              gsi1sk: `${redemption.heldAt}#${redemption.orderId}`,
              ...redemption,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          // Counters and limits compared in the same write that moves them: under any
          // concurrency the quota and the budget hold. DynamoDB conditions cannot add, so the
          // budget is checked as spentIdr ≤ budget − discount (the budget never changes).
          Update: {
            TableName: this.tableName,
            Key: promotionKey(redemption.festivalId, redemption.code),
            UpdateExpression: 'SET redeemedCount = redeemedCount + :one, spentIdr = spentIdr + :discount',
            ConditionExpression: `entity = :promotion AND redeemedCount < quota${budget ? ' AND spentIdr <= :maxSpent' : ''}`,
            ExpressionAttributeValues: {
              ':one': 1,
              ':discount': redemption.discountIdr,
              ':promotion': 'Promotion',
              ...(budget ? { ':maxSpent': (promotion.budgetIdr ?? 0) - redemption.discountIdr } : {}),
            },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: customerKey(redemption.festivalId, redemption.code, redemption.customerSub),
            UpdateExpression: 'SET entity = :entity ADD redemptions :one',
            ConditionExpression: 'attribute_not_exists(redemptions) OR redemptions < :limit',
            ExpressionAttributeValues: { ':entity': 'CustomerRedemptions', ':one': 1, ':limit': promotion.perCustomerLimit },
          },
        },
      ],
    });
    try {
      await withConflictRetries(() => this.documents.send(command));
      return undefined;
    } catch (error) {
      const failed = failedConditions(error);
      if (failed.includes(0)) return 'DUPLICATE';
      if (failed.includes(1)) return 'PROMOTION';
      if (failed.includes(2)) return 'CUSTOMER_LIMIT';
      if (isTransactionConflict(error)) throw new ConcurrentUpdateError('The promotion');
      throw error;
    }
  }

  async getRedemption(orderId: string): Promise<Redemption | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: redemptionKey(orderId), ConsistentRead: true }));
    return Item ? strip<Redemption>(Item) : undefined;
  }

  async moveRedemption(orderId: string, from: 'HELD' | 'CONFIRMED', to: 'HELD' | 'CONFIRMED', at: string): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: redemptionKey(orderId),
          UpdateExpression:
            to === 'HELD'
              ? 'SET #status = :to, updatedAt = :at, heldAt = :at, gsi1pk = :held, gsi1sk = :heldKey'
              : 'SET #status = :to, updatedAt = :at REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':from': from,
            ':to': to,
            ':at': at,
            ...(to === 'HELD' ? { ':held': HELD_INDEX, ':heldKey': `${at}#${orderId}` } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async releaseRedemption(redemption: Redemption, at: string): Promise<boolean> {
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: redemptionKey(redemption.orderId),
            UpdateExpression: 'SET #status = :released, updatedAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: '#status IN (:held, :confirmed)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':released': 'RELEASED', ':held': 'HELD', ':confirmed': 'CONFIRMED', ':at': at },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: promotionKey(redemption.festivalId, redemption.code),
            UpdateExpression: 'SET redeemedCount = redeemedCount - :one, spentIdr = spentIdr - :discount',
            ExpressionAttributeValues: { ':one': 1, ':discount': redemption.discountIdr },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: customerKey(redemption.festivalId, redemption.code, redemption.customerSub),
            UpdateExpression: 'ADD redemptions :minusOne',
            ExpressionAttributeValues: { ':minusOne': -1 },
          },
        },
      ],
    });
    try {
      await withConflictRetries(() => this.documents.send(command));
      return true;
    } catch (error) {
      if (failedConditions(error).includes(0)) return false;
      if (isTransactionConflict(error)) throw new ConcurrentUpdateError('The promotion');
      throw error;
    }
  }

  async listHeldRedemptions(cutoff: string, limit: number): Promise<Redemption[]> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :cutoff',
        ExpressionAttributeValues: { ':pk': HELD_INDEX, ':cutoff': cutoff },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => strip<Redemption>(item));
  }
}
