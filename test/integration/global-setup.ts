/**
 * One DynamoDB Local (in memory) and one SQS emulator for the whole integration run: DynamoDB
 * Local takes seconds to start, so test files share it and keep apart by physical-name prefix.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { checkJava, javaInstallHelp } from '../../infra/local/java.ts';
import { freePort } from '../../infra/local/ports.ts';
import { startSqsEmulator } from '../../infra/local/sqs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
    /** Where each test file leaves its tally of responses checked against the contract. */
    contractTallyDir: string;
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
  const tallyDir = mkdtempSync(join(tmpdir(), 'gancang-contract-'));
  project.provide('contractTallyDir', tallyDir);

  const started = dynamo;
  return async () => {
    await Promise.all([sqs.stop(), started.stop()]);
    reportContractTally(tallyDir);
  };
}

/** Prints how many responses the suites had checked against the contract, over how many operations. */
function reportContractTally(dir: string): void {
  let responses = 0;
  let unrouted = 0;
  const operations = new Set<string>();
  for (const file of readdirSync(dir)) {
    const tally = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { responses: number; unrouted: number; operations: string[] };
    responses += tally.responses;
    unrouted += tally.unrouted;
    for (const operation of tally.operations) operations.add(operation);
  }
  rmSync(dir, { recursive: true, force: true });
  const document = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const all = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
  const unseen = all.filter((operation) => !operations.has(operation));
  console.log(
    `Contract: ${responses} responses matched the OpenAPI document, over ${operations.size} of its ${all.length} operations` +
      `${unrouted > 0 ? ` (and ${unrouted} gateway 404s for paths no operation serves)` : ''}.` +
      `${unseen.length > 0 ? ` Not exercised: ${unseen.join(', ')}.` : ''}`,
  );
}
