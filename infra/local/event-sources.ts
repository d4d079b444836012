/**
 * Local stand-ins for the two non-HTTP ways functions are invoked: an SQS event source mapping
 * with ReportBatchItemFailures, and an EventBridge rate schedule.
 */
import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ScheduledEvent, SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import type { FunctionName } from '../declaration.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './lambda.ts';
import type { QueueAddress } from './sqs.ts';

type Invoke = (fn: FunctionName, event: unknown) => Promise<unknown>;

export interface QueuePollerOptions {
  readonly fn: FunctionName;
  readonly queue: QueueAddress;
  readonly batchSize: number;
  /** Batches processed at once, at most (the event source mapping's maximum concurrency). */
  readonly maxConcurrency: number;
  readonly client: SQSClient;
  readonly invoke: Invoke;
  /** Long-poll wait of each ReceiveMessage (1–20 s). */
  readonly waitSeconds: number;
  /**
   * Local-only: after a failed item, make it visible again after this many seconds instead of
   * the queue's visibility timeout, so that redrive to the DLQ can be watched in seconds.
   * Undefined leaves the message alone, as Lambda does.
   */
  readonly failedMessageVisibilitySeconds: number | undefined;
  readonly errorLog: (line: string) => void;
}

/**
 * Receives batches and invokes the consumer with a real SQSEvent. Successful records are
 * deleted; failed ones (the `batchItemFailures`, or the whole batch when the function throws or
 * answers nonsense) stay on the queue, so the queue's redrive policy moves a message that keeps
 * failing to its DLQ after maxReceiveCount receives.
 *
 * Like Lambda's pollers, it scales with the queue: while messages keep coming it receives the
 * next batch as soon as one arrives, so up to `maxConcurrency` batches are processed at once; an
 * empty queue leaves a single long poll waiting and nothing in flight.
 */
export class QueuePoller {
  private stopped = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: QueuePollerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops receiving; the batches being processed are finished first. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { client, queue, batchSize, waitSeconds, fn } = this.options;
    const maxConcurrency = Math.max(this.options.maxConcurrency, 1);
    while (!this.stopped) {
      if (this.inFlight.size >= maxConcurrency) {
        await Promise.race(this.inFlight);
        continue;
      }
      let messages: Message[];
      try {
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: Math.min(Math.max(batchSize, 1), 10),
            WaitTimeSeconds: waitSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (this.stopped) break;
        this.options.errorLog(`[sqs] receive from ${queue.url} for ${fn} failed: ${String(error)}; retrying in 1 s`);
        await this.pause(1000);
        continue;
      }
      if (messages.length > 0) {
        const batch: Promise<void> = this.process(messages)
          .catch((error: unknown) => this.options.errorLog(`[sqs] a batch of ${fn} failed unexpectedly: ${String(error)}`))
          .finally(() => this.inFlight.delete(batch));
        this.inFlight.add(batch);
      }
    }
    await Promise.all(this.inFlight);
  }

  private async process(messages: Message[]): Promise<void> {
    const { client, queue, fn, invoke, errorLog } = this.options;
    const records = messages.map((message) => toRecord(message, queue.arn));
    let failed: ReadonlySet<string>;
    try {
      failed = failedMessageIds(await invoke(fn, { Records: records } satisfies SQSEvent), records);
    } catch (error) {
      errorLog(`[sqs] ${fn} failed its batch of ${records.length}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      failed = new Set(records.map((r) => r.messageId));
    }

    const done = records.filter((r) => !failed.has(r.messageId));
    const retry = records.filter((r) => failed.has(r.messageId));
    try {
      if (done.length > 0) {
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
          }),
        );
      }
      const visibility = this.options.failedMessageVisibilitySeconds;
      if (retry.length > 0 && visibility !== undefined) {
        await client.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queue.url,
            Entries: retry.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle, VisibilityTimeout: visibility })),
          }),
        );
      }
    } catch (error) {
      // The messages become visible again after the timeout and are redelivered: at-least-once.
      errorLog(`[sqs] settling a batch of ${fn} on ${queue.url} failed: ${String(error)}`);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/**
 * Lambda's reading of a partial batch response: nothing, null or an empty list means all
 * succeeded; an identifier that is empty or not in the batch means the whole batch failed.
 */
export function failedMessageIds(result: unknown, records: readonly SQSRecord[]): ReadonlySet<string> {
  const all = new Set(records.map((r) => r.messageId));
  if (result === undefined || result === null || typeof result !== 'object') return new Set();
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return all;
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !all.has(id)) return all;
    ids.add(id);
  }
  return ids;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const system = message.Attributes ?? {};
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
    SentTimestamp: system.SentTimestamp ?? String(Date.now()),
    SenderId: system.SenderId ?? LOCAL_ACCOUNT_ID,
    ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  };
  for (const name of ['AWSTraceHeader', 'SequenceNumber', 'MessageGroupId', 'MessageDeduplicationId', 'DeadLetterQueueSourceArn'] as const) {
    const value = system[name];
    if (value !== undefined) attributes[name] = value;
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    messageAttributes: toRecordAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes && { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}

function toRecordAttributes(attributes: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = {
      ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
      ...(value.BinaryValue !== undefined && { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return out;
}

/** An EventBridge "Scheduled Event", as a rate rule delivers it. */
export function scheduledEvent(ruleName: string): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${ruleName}`],
    detail: {},
  };
}

/**
 * Runs a function every `everyMinutes`, skipping a tick while the previous run is still going.
 * `speed` above 1 runs it that many times as often (the simulation's faster clock).
 */
export class ScheduleTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly everyMinutes: number,
    private readonly run: () => Promise<unknown>,
    private readonly errorLog: (line: string) => void,
    private readonly label: string,
    private readonly speed = 1,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      if (this.running) return;
      this.running = this.run()
        .catch((error: unknown) => this.errorLog(`[schedule] ${this.label} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
        .finally(() => {
          this.running = undefined;
        });
    }, (this.everyMinutes * 60_000) / this.speed);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
