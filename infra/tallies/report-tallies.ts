import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../shared/platform/dynamodb-items.ts';
import type { Page } from '../../shared/platform/pagination.ts';
import { systemClock } from '../../shared/platform/time.ts';
import { dayTallyItemsOfJobs, dayTallyPartition } from '../../shared/dispatch/adapters/dynamodb-day-tallies.ts';
import { DynamoDbJobsByDay } from '../../shared/dispatch/adapters/dynamodb-jobs-by-day.ts';
import { DynamoDbTaxiCompanyStore } from '../../shared/dispatch/adapters/dynamodb-taxi-company-store.ts';
import { jobsReadyOnDay } from '../../shared/dispatch/application/operations.ts';
import { DynamoDbFoodOrderStore, festivalTallyItem, festivalTallyPartition } from '../../shared/ordering/adapters/dynamodb-food-order-store.ts';
import { DynamoDbRideStore, settlementTallyItem, settlementTallyPartition } from '../../shared/ordering/adapters/dynamodb-ride-store.ts';
import { recomputeFestivalTallies } from '../../shared/ordering/application/food-order-use-cases.ts';
import { recomputeSettlementTallies } from '../../shared/ordering/application/ride-use-cases.ts';
import { festivalDays } from '../../shared/ordering/domain/festival-report.ts';
import { DynamoDbPromotionStore } from '../../shared/promotion/adapters/dynamodb-promotion-store.ts';
import type { TallyScope } from './rebuild-tallies.ts';

/**
 * The three reports' tallies as scopes to rebuild, over the WIB days `from` … `to`: each
 * festival's merchant-day tallies of those days (its orders are only placed within its window, so
 * festivals whose window misses the days are skipped), each taxi company's settlement days, and
 * each day's figures. What they should be comes from the recompute functions the aggregate test
 * checks the live tallies against, in the items the stores write.
 */
export interface ReportTables {
  readonly ordering: string;
  readonly dispatch: string;
  readonly promotion: string;
}

const PAGE = 100;

async function everyItem<T>(list: (page: { limit: number; cursor?: string }) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

/** The WIB days from `from` to `to`, both included. */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

const storedIn = (documents: DynamoDBDocumentClient, tableName: string, pk: string, sk?: { from: string; to: string }) => () =>
  queryAll(documents, {
    TableName: tableName,
    KeyConditionExpression: sk ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk, ...(sk ? { ':from': sk.from, ':to': sk.to } : {}) },
    ConsistentRead: true,
  });

export async function reportTallyScopes(documents: DynamoDBDocumentClient, tables: ReportTables, from: string, to: string): Promise<TallyScope[]> {
  const foodOrders = new DynamoDbFoodOrderStore(documents, tables.ordering, systemClock);
  const rides = new DynamoDbRideStore(documents, tables.ordering, systemClock);
  const jobsByDay = new DynamoDbJobsByDay(documents, tables.dispatch);
  const promotions = new DynamoDbPromotionStore(documents, tables.promotion);
  const companies = new DynamoDbTaxiCompanyStore(documents, tables.dispatch);
  const inDays = (day: string) => day >= from && day <= to;

  const festivals = (await everyItem((page) => promotions.listFestivals(page))).filter((festival) => festivalDays(festival).some(inDays));
  const festivalScopes = festivals.map(
    (festival): TallyScope => ({
      name: `festival ${festival.festivalId} (${festival.name})`,
      tableName: tables.ordering,
      // Sort keys are `<day>#<merchantId>`: '$' sorts just after '#', so `<to>$` is past the last day's last merchant.
      stored: storedIn(documents, tables.ordering, festivalTallyPartition(festival.festivalId), { from: `${from}#`, to: `${to}$` }),
      recomputed: async () =>
        (await recomputeFestivalTallies(foodOrders, festival.festivalId)).filter((tally) => inDays(tally.day)).map((tally) => festivalTallyItem(festival.festivalId, tally)),
    }),
  );

  const settlementScopes = (await everyItem((page) => companies.listCompanies(page))).map(
    (company): TallyScope => ({
      name: `settlement ${company.companyId} (${company.name})`,
      tableName: tables.ordering,
      stored: storedIn(documents, tables.ordering, settlementTallyPartition(company.companyId), { from, to }),
      recomputed: async () => (await recomputeSettlementTallies(rides, company.companyId, from, to)).map(settlementTallyItem),
    }),
  );

  const dayScopes = daysFrom(from, to).map(
    (day): TallyScope => ({
      name: `day ${day}`,
      tableName: tables.dispatch,
      stored: storedIn(documents, tables.dispatch, dayTallyPartition(day)),
      recomputed: async () => dayTallyItemsOfJobs(day, await jobsReadyOnDay(jobsByDay, day)),
    }),
  );

  return [...festivalScopes, ...settlementScopes, ...dayScopes];
}
