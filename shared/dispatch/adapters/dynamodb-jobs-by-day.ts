import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, queryIndexPage } from '../../platform/dynamodb-items.ts';
import type { Page } from '../../platform/pagination.ts';
import { JOB_KINDS } from '../../kernel/dispatch-messages.ts';
import type { DayJob, JobKind, KindDayTally } from '../domain/day-figures.ts';
import type { JobsByDay } from '../ports/operations-ports.ts';
import { dayTallyPartition, HISTOGRAM_PREFIX, jobDayPartition } from './dynamodb-dispatch-store.ts';

const COUNTS = ['orders', 'open', 'delivered', 'failed', 'cancelled'] as const;

/** A stored tally back into its counts and histograms (bins named `a<seconds>` / `d<seconds>`, see the dispatch store). */
function tallyOf(item: Record<string, unknown>): KindDayTally | undefined {
  const kind = item.kind as JobKind;
  if (!JOB_KINDS.includes(kind)) return undefined;
  const toAssigned: Record<number, number> = {};
  const toDelivered: Record<number, number> = {};
  for (const [name, value] of Object.entries(item)) {
    const bin = /^([ad])(\d+)$/.exec(name);
    if (!bin || typeof value !== 'number') continue;
    (bin[1] === HISTOGRAM_PREFIX.toAssigned ? toAssigned : toDelivered)[Number(bin[2])] = value;
  }
  const count = (column: (typeof COUNTS)[number]) => (typeof item[column] === 'number' ? (item[column] as number) : 0);
  return { kind, orders: count('orders'), open: count('open'), delivered: count('delivered'), failed: count('failed'), cancelled: count('cancelled'), toAssigned, toDelivered };
}

/**
 * A WIB day's figures on the dispatch table: its tallies (`DAYFIGURES#<day>`, kinds × shards items,
 * moved with every job write), and its jobs over gsi3 (`JOBDAY#<day>` / `<readyAt>#<jobId>`) to
 * recompute them.
 */
export class DynamoDbJobsByDay implements JobsByDay {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async dayTallies(day: string): Promise<KindDayTally[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': dayTallyPartition(day) },
      ConsistentRead: true,
    });
    return items.flatMap((item) => tallyOf(item) ?? []);
  }

  jobsReadyOn(day: string, page: { limit: number; cursor?: string }): Promise<Page<DayJob>> {
    return queryIndexPage<DayJob>({ documents: this.documents, tableName: this.tableName, index: 'gsi3', partition: jobDayPartition(day), limit: page.limit, cursor: page.cursor });
  }
}
