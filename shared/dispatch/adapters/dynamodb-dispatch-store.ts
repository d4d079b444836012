import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { outboxItem, type OutboxItem, type OutboxMessage } from '../../platform/outbox.ts';
import { wibDay, type Clock } from '../../platform/time.ts';
import type { DispatchAudit, DispatchJob, Offer } from '../domain/dispatch-job.ts';
import type { DispatchStore, JobChange, JobChangeOutcome } from '../ports/dispatch-ports.ts';
import { failedConditions, queryIndexPage, sendTransaction, withoutKeys } from '../../platform/dynamodb-items.ts';
import { dayTallyUpdates } from './dynamodb-day-tallies.ts';
import type { Page } from '../../platform/pagination.ts';

/**
 * The dispatch table (single-table design). Items and their keys:
 *   DispatchJob   pk JOB#<jobId>     sk JOB                    gsi2 JOBS#<status> / <readyAt>#<jobId>
 *                                                             gsi3 JOBDAY#<WIB day of readyAt> / <readyAt>#<jobId>
 *   audit record  pk JOB#<jobId>     sk AUDIT#<at>#<n>
 *   day tallies   pk DAYFIGURES#<WIB day> …                  (the day figures' counts and histograms: dynamodb-day-tallies.ts)
 *   Offer         pk OFFER#<offerId> sk OFFER
 *   Driver        pk DRIVER#<id>     sk DRIVER                 gsi1 CELL#<cell> / <driverId>   (driver-store)
 *   outbox        pk OUTBOX          sk <createdAt>#<messageId>
 */
const jobKey = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' });
const offerKey = (offerId: string) => ({ pk: `OFFER#${offerId}`, sk: 'OFFER' });
const driverKey = (driverId: string) => ({ pk: `DRIVER#${driverId}`, sk: 'DRIVER' });

const strip = withoutKeys;

/** The partition of gsi3 that holds the jobs whose goods became ready on a WIB day (the operations room's day figures). */
export const jobDayPartition = (day: string): string => `JOBDAY#${day}`;

/**
 * The day keys follow `readyAt`, so they move with it when a job is brought forward. A job that
 * never became ready (the cancellation tombstone, written before its JOB_READY arrived) has no
 * day, and a `readyAt` that is no instant cannot be put on one: neither carries the keys.
 */
function jobDayKeys(job: Pick<DispatchJob, 'jobId' | 'readyAt'>): Record<string, string> {
  const readyAt = new Date(job.readyAt);
  if (!Number.isFinite(readyAt.getTime())) return {};
  return { gsi3pk: jobDayPartition(wibDay(readyAt)), gsi3sk: `${job.readyAt}#${job.jobId}` };
}

/** Every write of a job goes through here, so its index keys always agree with its status and readyAt. */
export function jobItem(job: DispatchJob): Record<string, unknown> {
  return { ...jobKey(job.jobId), entity: 'DispatchJob', gsi2pk: `JOBS#${job.status}`, gsi2sk: `${job.readyAt}#${job.jobId}`, ...jobDayKeys(job), ...job };
}

type Transact = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export class DynamoDbDispatchStore implements DispatchStore {
  private auditSequence = 0;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  /** The job and its day's tally in one transaction: a redelivered JOB_READY fails the condition and counts nothing. */
  async createJob(job: DispatchJob): Promise<boolean> {
    try {
      await sendTransaction(this.documents, {
        TransactItems: [
          { Put: { TableName: this.tableName, Item: jobItem(job), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...dayTallyUpdates(this.tableName, undefined, job),
        ],
      });
      return true;
    } catch (error) {
      if (failedConditions(error).includes(0)) return false;
      throw error;
    }
  }

  async getJob(jobId: string): Promise<DispatchJob | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: jobKey(jobId), ConsistentRead: true }));
    return Item ? strip<DispatchJob>(Item) : undefined;
  }

  async getOffer(offerId: string): Promise<Offer | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: offerKey(offerId), ConsistentRead: true }));
    return Item ? strip<Offer>(Item) : undefined;
  }

  async cancelUnknownJob(job: Pick<DispatchJob, 'jobId' | 'kind' | 'orderId'>, at: string, messages: readonly OutboxMessage[]): Promise<OutboxItem[] | undefined> {
    const outbox = messages.map((message) => outboxItem(message, this.clock.now()));
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...jobKey(job.jobId), entity: 'DispatchJob', ...job, status: 'CANCELLED', version: 1, updatedAt: at, tombstone: true },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...outbox.map((item) => ({ Put: { TableName: this.tableName, Item: { ...item } } })),
          ],
        }),
      );
      return outbox;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return undefined;
      throw error;
    }
  }

  async changeJob(change: JobChange): Promise<JobChangeOutcome> {
    const now = this.clock.now();
    const outbox = change.messages.map((message) => outboxItem(message, now));
    const items: { item: Transact; part: 'JOB' | 'OFFER' | 'DRIVER' | 'OTHER' }[] = [
      {
        part: 'JOB',
        item: {
          Put: {
            TableName: this.tableName,
            Item: jobItem(change.next),
            ...(change.creating
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: '#version = :version',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':version': change.previous.version },
                }),
          },
        },
      },
    ];
    if (change.putOffer) {
      items.push({
        part: 'OFFER',
        item: {
          Put: {
            TableName: this.tableName,
            Item: { ...offerKey(change.putOffer.offerId), entity: 'Offer', ...change.putOffer },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      });
    }
    if (change.offer) {
      const notExpired = change.offer.notExpiredAtMs !== undefined;
      items.push({
        part: 'OFFER',
        item: {
          Update: {
            TableName: this.tableName,
            Key: offerKey(change.offer.offerId),
            UpdateExpression: 'SET #status = :to, updatedAt = :at',
            ConditionExpression: `#status = :from AND driverId = :driver${notExpired ? ' AND expiresAtMs > :now' : ''}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':to': change.offer.to,
              ':from': change.offer.from,
              ':driver': change.offer.driverId,
              ':at': change.next.updatedAt,
              ...(notExpired ? { ':now': change.offer.notExpiredAtMs } : {}),
            },
          },
        },
      });
    }
    if (change.reserveDriver) {
      items.push({
        part: 'DRIVER',
        item: {
          Update: {
            TableName: this.tableName,
            Key: driverKey(change.reserveDriver.driverId),
            UpdateExpression: 'SET currentOfferId = :offer, currentJobId = :job',
            ConditionExpression:
              'attribute_exists(pk) AND available = :true AND attribute_not_exists(currentOfferId) AND attribute_not_exists(currentJobId)',
            ExpressionAttributeValues: { ':offer': change.reserveDriver.offerId, ':job': change.next.jobId, ':true': true },
          },
        },
      });
    }
    if (change.confirmDriver) {
      items.push({
        part: 'DRIVER',
        item: {
          Update: {
            TableName: this.tableName,
            Key: driverKey(change.confirmDriver.driverId),
            UpdateExpression: 'REMOVE currentOfferId',
            ConditionExpression: 'currentOfferId = :offer AND currentJobId = :job',
            ExpressionAttributeValues: { ':offer': change.confirmDriver.offerId, ':job': change.next.jobId },
          },
        },
      });
    }
    if (change.releaseDriver) {
      items.push({
        part: 'DRIVER',
        item: {
          Update: {
            TableName: this.tableName,
            Key: driverKey(change.releaseDriver.driverId),
            UpdateExpression: 'REMOVE currentOfferId, currentJobId',
            ConditionExpression: 'currentJobId = :job',
            ExpressionAttributeValues: { ':job': change.next.jobId },
          },
        },
      });
    }
    for (const item of outbox) items.push({ part: 'OTHER', item: { Put: { TableName: this.tableName, Item: { ...item } } } });
    if (change.audit) items.push({ part: 'OTHER', item: { Put: { TableName: this.tableName, Item: this.auditItem(change.audit) } } });
    for (const update of dayTallyUpdates(this.tableName, change.creating ? undefined : change.previous, change.next)) items.push({ part: 'OTHER', item: update });

    try {
      await sendTransaction(this.documents, { TransactItems: items.map((i) => i.item) });
      return { ok: true, outbox };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedIndex = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      if (failedIndex < 0) throw error; // a conflict with another transaction or throttling: let it retry
      const part = items[failedIndex]?.part;
      return { ok: false, failed: part === 'OFFER' || part === 'DRIVER' ? part : 'JOB' };
    }
  }

  async jobsInStatus(status: 'WAITING' | 'OFFERED', page: { limit: number; cursor?: string }): Promise<Page<DispatchJob>> {
    return queryIndexPage<DispatchJob>({ documents: this.documents, tableName: this.tableName, index: 'gsi2', partition: `JOBS#${status}`, limit: page.limit, cursor: page.cursor });
  }

  async recordAudit(audit: DispatchAudit): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: this.auditItem(audit) }));
  }

  async auditOf(jobId: string): Promise<DispatchAudit[]> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': `JOB#${jobId}`, ':audit': 'AUDIT#' },
        ConsistentRead: true,
      }),
    );
    return (page.Items ?? []).map((item) => strip<DispatchAudit>(item));
  }

  private auditItem(audit: DispatchAudit): Record<string, unknown> {
    this.auditSequence = (this.auditSequence + 1) % 1_000_000;
    const sequence = `${process.pid}-${this.auditSequence}-${Math.random().toString(36).slice(2, 8)}`;
    return { pk: `JOB#${audit.jobId}`, sk: `AUDIT#${audit.at}#${sequence}`, entity: 'DispatchAudit', ...audit };
  }
}
