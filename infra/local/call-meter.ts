/**
 * Counts what AWS would bill for the calls the local runtime makes on the functions' behalf:
 * Lambda invocations and their duration, HTTP API requests, DynamoDB capacity units and SQS
 * requests. Off unless the runtime is given a meter (`LocalRuntimeOptions.meter`): then each
 * hook is one `meter?.` check, and the SDK clients get their middleware only when metering.
 *
 * DynamoDB's units are the ones the service reports: every call asks for
 * ReturnConsumedCapacity=INDEXES, so a write that also updates a GSI counts that index's units.
 * DynamoDB Local answers it, index by index, so nothing is computed from item sizes here; its
 * figures are the emulator's, not necessarily the service's to the unit.
 * A call whose answer carries none (a refused condition, or an emulator that does not report)
 * is counted as `unreported`, so the figures say how much of them is measured.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionName } from '../declaration.ts';
import { apiRequestUnits, sqsRequestUnits } from '../cost/aws-cost.ts';

export interface MeteredInvocation {
  readonly fn: FunctionName;
  readonly memoryMb: number;
  readonly durationMs: number;
}

export interface MeteredCalls {
  readonly invocations: readonly MeteredInvocation[];
  /** HTTP API requests, in 512 KB units as the HTTP API bills them. */
  readonly apiRequests: number;
  readonly dynamoCalls: Readonly<Record<string, number>>;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** DynamoDB calls whose answer carried no ConsumedCapacity (refused conditions, errors). */
  readonly unreportedDynamoCalls: number;
  /** SQS requests with a payload or a message (64 KB chunks each), by API. */
  readonly sqsRequests: Readonly<Record<string, number>>;
  /** ReceiveMessage calls that came back empty: the pollers' idle cost, not any order's. */
  readonly emptyReceives: number;
}

interface Counts {
  invocations: MeteredInvocation[];
  apiRequests: number;
  dynamoCalls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  unreportedDynamoCalls: number;
  sqsRequests: Record<string, number>;
  emptyReceives: number;
}

const empty = (): Counts => ({
  invocations: [],
  apiRequests: 0,
  dynamoCalls: {},
  readUnits: 0,
  writeUnits: 0,
  unreportedDynamoCalls: 0,
  sqsRequests: {},
  emptyReceives: 0,
});

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
const DATA_PLANE = new Set([...READS, 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

interface Capacity {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

/**
 * The local outbox stands in for WhatsApp and SMS (notification/adapters/local-outbox-channel.ts)
 * and is never on AWS: its writes are the messages' cost, priced apart, not DynamoDB's.
 */
function isLocalOutboxWrite(input: unknown): boolean {
  const pk = (input as { Item?: { pk?: { S?: string } } }).Item?.pk?.S;
  return pk?.startsWith('LOCAL_OUTBOX#') ?? false;
}

export class CallMeter {
  private counts = empty();

  /** Starts a new count (e.g. per order). */
  reset(): void {
    this.counts = empty();
  }

  snapshot(): MeteredCalls {
    const c = this.counts;
    return { ...c, invocations: [...c.invocations], dynamoCalls: { ...c.dynamoCalls }, sqsRequests: { ...c.sqsRequests } };
  }

  lambdaInvoked(fn: FunctionName, memoryMb: number, durationMs: number): void {
    this.counts.invocations.push({ fn, memoryMb, durationMs });
  }

  apiRequest(payloadBytes: number): void {
    this.counts.apiRequests += apiRequestUnits(payloadBytes);
  }

  /**
   * Asks every data-plane call for its consumed capacity and adds it up. On the base client's
   * stack, so that the document client's commands (which share it) are counted too.
   */
  meterDynamoDb(client: DynamoDBClient): void {
    // Asked for before the request is written…
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (DATA_PLANE.has(String(context.commandName))) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
        return next(args);
      },
      { step: 'initialize', name: 'gancangConsumedCapacity', override: true },
    );
    // …and counted once built: by then the document client has marshalled the input, so keys
    // read the same whichever client sent the call.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName);
        if (!DATA_PLANE.has(command) || isLocalOutboxWrite(args.input)) return next(args);
        this.counts.dynamoCalls[command] = (this.counts.dynamoCalls[command] ?? 0) + 1;
        try {
          const result = await next(args);
          this.consumed(command, (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
          return result;
        } catch (error) {
          this.counts.unreportedDynamoCalls += 1;
          throw error;
        }
      },
      { step: 'build', name: 'gancangCallMeter', override: true },
    );
  }

  /** Counts each SQS call as billed: 64 KB chunks of its messages, empty receives apart. */
  meterSqs(client: SQSClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName);
        const result = await next(args);
        const input = args.input as { MessageBody?: string; Entries?: { MessageBody?: string }[] };
        const output = result.output as { Messages?: { Body?: string }[] };
        let bytes = 0;
        if (command === 'ReceiveMessageCommand') {
          if (!output.Messages?.length) {
            this.counts.emptyReceives += 1;
            return result;
          }
          bytes = output.Messages.reduce((sum, m) => sum + Buffer.byteLength(m.Body ?? ''), 0);
        } else {
          bytes = Buffer.byteLength(input.MessageBody ?? '') + (input.Entries ?? []).reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? ''), 0);
        }
        this.counts.sqsRequests[command] = (this.counts.sqsRequests[command] ?? 0) + sqsRequestUnits(bytes);
        return result;
      },
      { step: 'initialize', name: 'gancangCallMeter', override: true },
    );
  }

  private consumed(command: string, capacity: Capacity | Capacity[] | undefined): void {
    const all = capacity === undefined ? [] : Array.isArray(capacity) ? capacity : [capacity];
    if (all.length === 0) {
      this.counts.unreportedDynamoCalls += 1;
      return;
    }
    for (const c of all) {
      // The split is reported for some calls only; otherwise the API's kind says which it is.
      if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
        this.counts.readUnits += c.ReadCapacityUnits ?? 0;
        this.counts.writeUnits += c.WriteCapacityUnits ?? 0;
      } else if (READS.has(command)) this.counts.readUnits += c.CapacityUnits ?? 0;
      else this.counts.writeUnits += c.CapacityUnits ?? 0;
    }
  }
}
