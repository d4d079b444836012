/**
 * One DynamoDB Local (in memory) and one SQS emulator for the whole integration run: DynamoDB
 * Local takes seconds to start, so test files share it and keep apart by physical-name prefix.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { checkJava, javaInstallHelp } from '../../infra/local/java.ts';
import { freePort } from '../../infra/local/ports.ts';
import { startSqsEmulator } from '../../infra/local/sqs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const java = checkJava();
  if (!java.ok) throw new Error(`The integration tests run DynamoDB Local. ${javaInstallHelp(java.problem)}`);

  const sqs = await startSqsEmulator(0);
  let dynamo;
  try {
    dynamo = await startDynamoDbLocal({ port: await freePort() });
  } catch (error) {
    await sqs.stop();
    throw error;
  }
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sqsEndpoint', sqs.endpoint);

  const started = dynamo;
  return async () => {
    await Promise.all([sqs.stop(), started.stop()]);
  };
}
