import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DispatchJob, DispatchJobStore } from './dispatch-job.ts';

/**
 * The dispatch table. Items and their keys:
 *   DispatchJob   pk JOB#<jobId>   sk JOB   gsi1 JOBS#<status> / <readyAt>#<jobId> (while waiting)
 */
const jobKey = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' });
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity'];

const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

export class DynamoDbDispatchJobStore implements DispatchJobStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createJob(job: DispatchJob): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...jobKey(job.jobId), entity: 'DispatchJob', gsi1pk: `JOBS#${job.status}`, gsi1sk: `${job.readyAt}#${job.jobId}`, ...job },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async cancelJob(jobId: string, orderId: string, at: string): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: jobKey(jobId),
          UpdateExpression:
            'SET #status = :cancelled, jobId = :jobId, orderId = :orderId, updatedAt = :at, entity = :entity, #version = if_not_exists(#version, :zero) + :one REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_not_exists(pk) OR #status <> :cancelled',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: {
            ':cancelled': 'CANCELLED',
            ':jobId': jobId,
            ':orderId': orderId,
            ':at': at,
            ':entity': 'DispatchJob',
            ':zero': 0,
            ':one': 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getJob(jobId: string): Promise<DispatchJob | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: jobKey(jobId), ConsistentRead: true }));
    if (!Item) return undefined;
    const job = { ...Item };
    for (const key of KEY_ATTRIBUTES) delete job[key];
    return job as DispatchJob;
  }
}
