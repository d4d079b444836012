import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * One client of each kind per execution environment, created at module scope and reused across
 * invocations. In AWS the endpoints come from the region; locally the runtime sets
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS and we pass them explicitly (the SQS emulator
 * needs an explicit endpoint, otherwise the SDK sends to the host inside the queue URL).
 */
const endpoint = (name: string): { endpoint?: string } => {
  const value = process.env[name];
  return value ? { endpoint: value } : {};
};

export const dynamoClient = new DynamoDBClient({ ...endpoint('AWS_ENDPOINT_URL_DYNAMODB') });

export const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const sqsClient = new SQSClient({ ...endpoint('AWS_ENDPOINT_URL_SQS') });
