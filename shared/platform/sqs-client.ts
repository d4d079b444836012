import { SQSClient } from '@aws-sdk/client-sqs';
import { endpointFromEnv } from './clients.ts';

/** The SQS emulator needs an explicit endpoint; otherwise the SDK sends to the queue URL's host. */
export const sqsClient = new SQSClient({ ...endpointFromEnv('AWS_ENDPOINT_URL_SQS') });
