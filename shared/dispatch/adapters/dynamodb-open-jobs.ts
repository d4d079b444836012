import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../platform/errors.ts';
import { withoutKeys } from '../../platform/dynamodb-items.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.ts';
import { OPEN_JOB_STATUSES, type DispatchJob } from '../domain/dispatch-job.ts';
import type { OpenJobs } from '../ports/operations-ports.ts';

const statusPartition = (status: string): string => `JOBS#${status}`;
const KEY = ['pk', 'sk', 'gsi2pk', 'gsi2sk'] as const;

const invalidCursor = () =>
  new ValidationError('The cursor is not valid for this list', [{ path: 'cursor', message: 'use nextCursor from the previous page' }], 'INVALID_CURSOR');

/**
 * Where a page starts: a status partition of gsi2 and, inside it, the last key read. A cursor is
 * either a full gsi2 key (carry on inside its status) or only `gsi2pk` (start that status from
 * the top, when the previous page ended exactly at the end of the one before). Either way its
 * partition must be one of the open statuses: anything else is 400 INVALID_CURSOR.
 */
function decodeStart(cursor: string | undefined): { statusIndex: number; startKey?: Record<string, string> } {
  if (cursor === undefined) return { statusIndex: 0 };
  let key: Record<string, string> | undefined;
  let startKey: Record<string, string> | undefined;
  try {
    key = decodeCursor(cursor, ['gsi2pk'], {});
  } catch {
    startKey = decodeCursor(cursor, KEY, {});
    key = startKey;
  }
  const statusIndex = OPEN_JOB_STATUSES.findIndex((status) => statusPartition(status) === key?.gsi2pk);
  if (statusIndex < 0) throw invalidCursor();
  return startKey === undefined ? { statusIndex } : { statusIndex, startKey };
}

/**
 * The open jobs over the dispatch table's status index (gsi2 `JOBS#<status>` / `<readyAt>#<jobId>`),
 * one status partition after another in OPEN_JOB_STATUSES order, each oldest ready first. A page
 * reads at most `limit` items, in one query per status it touches.
 */
export class DynamoDbOpenJobs implements OpenJobs {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listOpenJobs(query: { limit: number; cursor?: string }): Promise<Page<DispatchJob>> {
    let { statusIndex, startKey } = decodeStart(query.cursor);
    const items: DispatchJob[] = [];
    while (statusIndex < OPEN_JOB_STATUSES.length) {
      const partition = statusPartition(OPEN_JOB_STATUSES[statusIndex]!);
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          Limit: query.limit - items.length,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      items.push(...(page.Items ?? []).map((item) => withoutKeys<DispatchJob>(item)));
      startKey = undefined;
      if (page.LastEvaluatedKey !== undefined) return { items, nextCursor: encodeCursor(page.LastEvaluatedKey) };
      statusIndex++;
      if (items.length >= query.limit) {
        const next = OPEN_JOB_STATUSES[statusIndex];
        return { items, nextCursor: next === undefined ? null : encodeCursor({ gsi2pk: statusPartition(next) }) };
      }
    }
    return { items, nextCursor: null };
  }
}
