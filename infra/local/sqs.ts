/**
 * The SQS emulator (fauxqs, in memory, in this process) and the plan's queues on it: each with
 * its DLQ, the declared visibility timeout and a redrive policy with the declared
 * maxReceiveCount, so the emulator itself moves poison messages to the DLQ.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { LOCAL_REGION } from './lambda.ts';
import type { LocalQueue } from './plan.ts';

export interface SqsEmulator {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startSqsEmulator(port: number): Promise<SqsEmulator> {
  let server;
  try {
    server = await startFauxqs({ port, logger: false, defaultRegion: LOCAL_REGION });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    server = await startFauxqs({ port: 0, logger: false, defaultRegion: LOCAL_REGION });
  }
  const running = server;
  return { endpoint: `http://127.0.0.1:${running.port}`, port: running.port, stop: () => running.stop() };
}

/**
 * A client for the runtime's own calls. The explicit endpoint matters: without it the SDK would
 * send each call to the host inside the queue URL (`sqs.<region>.localhost`).
 */
export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
}

export interface QueueAddress {
  readonly url: string;
  readonly arn: string;
}

/** Creates (idempotently) every queue and its DLQ; returns their addresses by physical name. */
export async function ensureQueues(client: SQSClient, queues: readonly LocalQueue[]): Promise<Map<string, QueueAddress>> {
  const addresses = new Map<string, QueueAddress>();
  for (const queue of queues) {
    const dlq = await createQueue(client, queue.dlqPhysicalName, {});
    addresses.set(queue.dlqPhysicalName, dlq);
    const main = await createQueue(client, queue.physicalName, {
      VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: queue.maxReceiveCount }),
    });
    addresses.set(queue.physicalName, main);
  }
  return addresses;
}

async function createQueue(client: SQSClient, name: string, attributes: Record<string, string>): Promise<QueueAddress> {
  const { QueueUrl: url } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!url) throw new Error(`The SQS emulator returned no URL for queue ${name}`);
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`The SQS emulator returned no ARN for queue ${name}`);
  return { url, arn };
}
