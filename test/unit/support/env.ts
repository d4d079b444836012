import { resetEnvCache } from '#platform/env';

/** The environment a deployed function gets from the declaration, with test names. */
export function useTestEnvironment(): void {
  process.env.AWS_REGION = 'ap-southeast-3';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  process.env.ORDERING_TABLE_NAME = 'ordering';
  process.env.DISPATCH_TABLE_NAME = 'dispatch';
  process.env.IDEMPOTENCY_TABLE_NAME = 'idempotency';
  process.env.NOTIFICATION_TABLE_NAME = 'notification';
  process.env.PROMOTION_TABLE_NAME = 'promotion';
  process.env.DISPATCH_QUEUE_URL = 'https://sqs.ap-southeast-3.amazonaws.com/123456789012/dispatch';
  process.env.JOB_EVENTS_QUEUE_URL = 'https://sqs.ap-southeast-3.amazonaws.com/123456789012/job-events';
  process.env.NOTIFICATIONS_QUEUE_URL = 'https://sqs.ap-southeast-3.amazonaws.com/123456789012/notifications';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  resetEnvCache();
}
