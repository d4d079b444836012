/**
 * The declaration as the CDK app consumes it. The stacks take it as a value (defaulting to the
 * one in infra/declaration.ts) so that tests can synthesize a variant, e.g. a queue whose
 * visibility timeout is too short, and watch synthesis refuse it.
 */
import {
  functions,
  queues,
  routes,
  tables,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
  type QueueSpec,
  type RouteSpec,
  type TableName,
  type TableSpec,
} from '../declaration.ts';

export interface Declaration {
  readonly tables: Readonly<Record<TableName, TableSpec>>;
  readonly queues: Readonly<Record<QueueName, QueueSpec>>;
  readonly functions: Readonly<Record<FunctionName, FunctionSpec>>;
  readonly routes: readonly RouteSpec[];
}

export const declared: Declaration = { tables, queues, functions, routes };

export type FunctionRole = 'api' | 'worker';

/**
 * Where each function is deployed: route groups in the API stack, queue consumers and scheduled
 * functions in the workers stack. A function that is both, or neither, is a declaration mistake
 * that would otherwise deploy an unreachable or doubly-wired Lambda, so it stops synthesis.
 */
export function functionRoles(declaration: Declaration): Record<FunctionName, FunctionRole> {
  const routed = new Set(declaration.routes.map((r) => r.fn));
  const roles = {} as Record<FunctionName, FunctionRole>;
  for (const [name, spec] of Object.entries(declaration.functions) as [FunctionName, FunctionSpec][]) {
    const worker = spec.consumes !== undefined || spec.everyMinutes !== undefined;
    if (routed.has(name) && worker) {
      throw new Error(`Function '${name}' serves routes and is also a consumer or scheduled: split it in the declaration`);
    }
    if (!routed.has(name) && !worker) {
      throw new Error(`Function '${name}' has no route, no queue and no schedule: nothing would ever invoke it`);
    }
    roles[name] = worker ? 'worker' : 'api';
  }
  return roles;
}

/** Lambda's guidance for SQS event sources: the visibility timeout must cover retries of a batch. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export function assertVisibilityCoversConsumer(fn: FunctionName, queue: QueueName, declaration: Declaration): void {
  const visibility = declaration.queues[queue].visibilityTimeoutSeconds;
  const timeout = declaration.functions[fn].timeoutSeconds;
  if (visibility < VISIBILITY_TIMEOUT_FACTOR * timeout) {
    throw new Error(
      `Queue '${queue}' has a visibility timeout of ${visibility} s, but its consumer '${fn}' may run for ` +
        `${timeout} s: the visibility timeout must be at least ${VISIBILITY_TIMEOUT_FACTOR} × the function timeout ` +
        `(${VISIBILITY_TIMEOUT_FACTOR * timeout} s), or messages are redelivered while still being processed.`,
    );
  }
}
