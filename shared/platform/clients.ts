import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One DynamoDB client per execution environment, created at module scope and reused across
 * invocations. In AWS the endpoint comes from the region; locally the runtime sets
 * AWS_ENDPOINT_URL_DYNAMODB and we pass it explicitly. The SQS client lives in its own module
 * (sqs-client.ts) so that functions which never send pay nothing for it at cold start.
 */
export const endpointFromEnv = (name: string): { endpoint?: string } => {
  const value = process.env[name];
  return value ? { endpoint: value } : {};
};

export const dynamoClient = new DynamoDBClient({ ...endpointFromEnv('AWS_ENDPOINT_URL_DYNAMODB') });

export const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
