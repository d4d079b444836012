import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryIndexPage } from '../../platform/dynamodb-items.ts';
import type { Page } from '../../platform/pagination.ts';
import type { DayJob } from '../domain/day-figures.ts';
import type { JobsByDay } from '../ports/operations-ports.ts';
import { jobDayPartition } from './dynamodb-dispatch-store.ts';

/** The jobs of a WIB day over the dispatch table's gsi3 (`JOBDAY#<day>` / `<readyAt>#<jobId>`, written with every job write). */
export class DynamoDbJobsByDay implements JobsByDay {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  jobsReadyOn(day: string, page: { limit: number; cursor?: string }): Promise<Page<DayJob>> {
    return queryIndexPage<DayJob>({ documents: this.documents, tableName: this.tableName, index: 'gsi3', partition: jobDayPartition(day), limit: page.limit, cursor: page.cursor });
  }
}
