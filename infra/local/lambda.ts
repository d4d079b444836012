/**
 * In-process stand-in for the Lambda service: loads a function's declared entry on first use,
 * gives each invocation a Lambda-shaped context and the function's own environment, and fails
 * it the way Lambda does when it outlives the declared timeout.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Context } from 'aws-lambda';
import type { FunctionName } from '../declaration.ts';
import type { CallMeter } from './call-meter.ts';
import type { LocalPlan } from './plan.ts';

export const LOCAL_REGION = 'ap-southeast-3';
export const LOCAL_ACCOUNT_ID = '000000000000';

export type LambdaHandler = (event: never, context: Context) => unknown;

export class FunctionTimeoutError extends Error {
  constructor(seconds: number) {
    super(`Task timed out after ${seconds.toFixed(2)} seconds`);
    this.name = 'FunctionTimeoutError';
  }
}

export class LocalFunctions {
  private readonly loaded = new Map<FunctionName, Promise<LambdaHandler>>();

  constructor(
    private readonly plan: LocalPlan,
    private readonly prefix: string,
    private readonly repoRoot: string,
    private readonly overrides: Partial<Record<FunctionName, LambdaHandler>> = {},
    /** Counts each invocation and its duration (the cost bench); absent, nothing is measured. */
    private readonly meter?: CallMeter,
  ) {}

  physicalName(fn: FunctionName): string {
    return `${this.prefix}${fn}`;
  }

  /** Invokes `fn` like Lambda's synchronous invoke: resolves with its result, rejects with its error. */
  async invoke(fn: FunctionName, event: unknown): Promise<unknown> {
    const handler = await this.handler(fn);
    const { timeoutSeconds, memoryMb } = this.plan.limits[fn];
    const deadline = Date.now() + timeoutSeconds * 1000;
    // One process hosts every function, so give this one its own variables for the duration of
    // the call; the table and queue variables are identical across functions by construction.
    Object.assign(process.env, this.plan.environment[fn], {
      AWS_LAMBDA_FUNCTION_NAME: this.physicalName(fn),
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    });
    const context = this.context(fn, memoryMb, deadline);

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FunctionTimeoutError(timeoutSeconds)), timeoutSeconds * 1000);
    });
    const started = this.meter ? performance.now() : 0;
    try {
      return await Promise.race([Promise.resolve().then(() => handler(event as never, context)), timeout]);
    } finally {
      clearTimeout(timer);
      this.meter?.lambdaInvoked(fn, memoryMb, performance.now() - started);
    }
  }

  private handler(fn: FunctionName): Promise<LambdaHandler> {
    const override = this.overrides[fn];
    if (override) return Promise.resolve(override);
    let pending = this.loaded.get(fn);
    if (!pending) {
      pending = this.load(fn);
      this.loaded.set(fn, pending);
      // A module that fails to load is retried on the next call, so a fix needs no restart.
      pending.catch(() => this.loaded.delete(fn));
    }
    return pending;
  }

  private async load(fn: FunctionName): Promise<LambdaHandler> {
    const entry = this.plan.entries[fn];
    const module = (await import(pathToFileURL(join(this.repoRoot, entry)).href)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler function`);
    return module.handler as LambdaHandler;
  }

  private context(fn: FunctionName, memoryMb: number, deadline: number): Context {
    const functionName = this.physicalName(fn);
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    const unsupported = (): never => {
      throw new Error('Callback-style completion is not supported; return a promise');
    };
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
      memoryLimitInMB: String(memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: unsupported,
      fail: unsupported,
      succeed: unsupported,
    };
  }
}
