import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryIndexPage } from '../../platform/dynamodb-items.ts';
import type { Page } from '../../platform/pagination.ts';
import type { KindDayTally, StoredDayJob } from '../domain/day-figures.ts';
import type { JobsByDay } from '../ports/operations-ports.ts';
import { readDayTallies } from './dynamodb-day-tallies.ts';
import { jobDayPartition } from './dynamodb-dispatch-store.ts';

/**
 * A WIB day's figures on the dispatch table: its tallies (`DAYFIGURES#<day>`, moved with every job
 * write, see dynamodb-day-tallies.ts), and its jobs over gsi3 (`JOBDAY#<day>` / `<readyAt>#<jobId>`)
 * to recompute them.
 */
export class DynamoDbJobsByDay implements JobsByDay {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  dayTallies(day: string): Promise<KindDayTally[]> {
    return readDayTallies(this.documents, this.tableName, day);
  }

  jobsReadyOn(day: string, page: { limit: number; cursor?: string }): Promise<Page<StoredDayJob>> {
    return queryIndexPage<StoredDayJob>({ documents: this.documents, tableName: this.tableName, index: 'gsi3', partition: jobDayPartition(day), limit: page.limit, cursor: page.cursor });
  }
}
