import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dayTallyItemsOfJobs, readDayTallies } from '#dispatch/adapters/dynamodb-day-tallies';
import { dayFigures, dayFiguresFromTallies, type DayJob } from '#dispatch/domain/day-figures';
import type { DispatchJobStatus } from '#dispatch/domain/dispatch-job';

const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const DAY = '2026-11-30';
const READY_MS = Date.parse(`${DAY}T08:00:00.000+07:00`);
const at = (ms: number) => new Date(ms).toISOString();

/** A day of jobs whose durations spread over hours: many distinct seconds, in many minutes. */
function jobsOfTheDay(n: number): (DayJob & { jobId: string })[] {
  let seed = 11;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const kinds = ['MEDICINE', 'FOOD', 'RIDE'] as const;
  return Array.from({ length: n }, (_, i) => {
    const readyMs = READY_MS + Math.floor(next() * 36_000_000);
    const assignedMs = readyMs + Math.floor(next() * 900_000);
    const endMs = assignedMs + Math.floor(next() * 6_000_000);
    const status: DispatchJobStatus = (['DELIVERED', 'DELIVERED', 'FAILED', 'CANCELLED', 'WAITING'] as const)[i % 5]!;
    const assigned = status !== 'CANCELLED' && status !== 'WAITING';
    const timeline = [{ status: 'WAITING' as const, at: at(readyMs) }, ...(assigned ? [{ status: 'ASSIGNED' as const, at: at(assignedMs) }, { status, at: at(endMs) }] : [])];
    return { jobId: `job_${i}`, kind: kinds[i % 3]!, status, readyAt: at(readyMs), timeline };
  });
}

let items: Map<string, Record<string, unknown>>;
beforeEach(() => {
  documents.reset();
  documents.on(QueryCommand).callsFake(() => ({ Items: [...items.values()].filter((item) => String(item.sk).startsWith('T#')) }));
  documents.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { sk: string }[] }> }) => ({
    Responses: { dispatch: input.RequestItems.dispatch!.Keys.flatMap((key) => items.get(key.sk) ?? []) },
  }));
});

function store(jobs: readonly (DayJob & { jobId: string })[]): void {
  items = new Map(dayTallyItemsOfJobs(DAY, jobs).map((item) => [String(item.sk), item]));
}

describe('reading a day’s tallies (minutes first, then the seconds of the minutes that hold a median or a p90)', () => {
  it('gives exactly the figures of the jobs themselves, medians and p90s to the second', async () => {
    for (const n of [1, 7, 300, 3_000]) {
      const jobs = jobsOfTheDay(n);
      store(jobs);
      const figures = dayFiguresFromTallies(DAY, 'now', await readDayTallies(client, 'dispatch', DAY));
      expect(figures, `${n} jobs`).toEqual(dayFigures(DAY, 'now', jobs));
    }
  });

  it('reads the same few items for 300 jobs as for 3 000: the counts, and the seconds of at most 8 minutes per measure and kind', async () => {
    const asked: number[] = [];
    for (const n of [300, 3_000]) {
      documents.resetHistory();
      store(jobsOfTheDay(n));
      await readDayTallies(client, 'dispatch', DAY);
      const keys = documents.commandCalls(BatchGetCommand).flatMap((call) => call.args[0].input.RequestItems!.dispatch!.Keys!);
      asked.push(keys.length);
      // The minutes of 4 medians and 4 p90s (3 kinds and the total), for 2 measures, of 3 kinds.
      expect(keys.length).toBeLessThanOrEqual(8 * 2 * 3);
      expect(documents.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :counts)' });
    }
    expect(items.size).toBeGreaterThan(10 * asked[1]!);
  });
});
