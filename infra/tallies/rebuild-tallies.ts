import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TALLY_REVISION, withoutKeys } from '../../shared/platform/dynamodb-items.ts';

/**
 * Rebuilding report tallies from the orders and jobs they count, without fighting the live
 * writes that keep them (each tally moves in the transaction of the state change it counts, with
 * ADD, and adds 1 to its `revision`):
 *
 * 1. a scope's stored tallies are read (consistently), with their revisions;
 * 2. after a pause for the indexes to catch up (they lag the table by a fraction of a second on
 *    AWS; DynamoDB Local updates them with the write), the orders or jobs are read from them and
 *    the tallies recomputed;
 * 3. each tally that differs is written whole, on the condition that its revision is still the
 *    one read in 1, and with that revision plus one.
 *
 * A state change between 1 and 3 that moves a tally also moved its revision, so that tally's write
 * fails its condition (however the change and others left its figures) and the scope is done
 * again, from 1. A tally the change did not move has the same recomputed value whether the change
 * was seen in 2 or not. So nothing is lost or counted twice; the rebuild only ever loses, and
 * tries again. Tallies that agree are not written: a second run writes nothing.
 */

/** One partition's worth of tallies: a festival's, a company's settlement, a WIB day's figures. */
export interface TallyScope {
  /** How an operator reads it, e.g. `day 2026-11-29` or `festival fest_… (Pesta Kuliner)`. */
  readonly name: string;
  readonly tableName: string;
  /** The scope's tally items as stored (keys and revision included), read consistently. */
  stored(): Promise<Record<string, unknown>[]>;
  /** The scope's tally items as they should be, recomputed from the orders or jobs (keys included). */
  recomputed(): Promise<Record<string, unknown>[]>;
}

export interface TallyChange {
  readonly attribute: string;
  readonly stored: unknown;
  readonly recomputed: unknown;
}

/** A tally whose stored figures differ from the recomputed ones. */
export interface TallyDifference {
  readonly key: { readonly pk: string; readonly sk: string };
  readonly changes: readonly TallyChange[];
}

export interface ScopeOutcome {
  readonly scope: string;
  readonly differences: readonly TallyDifference[];
  /** How many times the scope was read: more than once when live writes moved its tallies meanwhile. */
  readonly attempts: number;
}

export interface RebuildOptions {
  /** Report the differences, write nothing. */
  readonly dryRun: boolean;
  /** Between reading the stored tallies and reading the indexes (see above). */
  readonly indexSettleMs: number;
  /** Scopes whose stored tallies are read before one pause. */
  readonly scopesPerPause?: number;
  /** Reads of a scope before giving up on it (it kept moving under live traffic). */
  readonly attempts?: number;
  /** Called as each scope is done. */
  readonly onScope?: (outcome: ScopeOutcome) => void;
}

export class TalliesKeptMovingError extends Error {
  constructor(readonly scopes: readonly string[]) {
    super(`These tallies changed under every attempt to rebuild them (live traffic): ${scopes.join(', ')}; run again`);
  }
}

const DEFAULT_SCOPES_PER_PAUSE = 25;
const DEFAULT_ATTEMPTS = 5;
const WRITES_AT_ONCE = 8;

/**
 * What a tally item says: its attributes without keys and revision, zeros left out (ADD leaves
 * them behind, and a tally item is created by its first ADD). A tally of nothing but zeros says
 * nothing, whatever labels (name, kind) it carries: it equals no item at all.
 */
function figuresOf(item: Record<string, unknown> | undefined): Record<string, unknown> {
  const figures = attributesOf(item);
  return Object.values(figures).some((value) => typeof value === 'number') ? figures : {};
}

/** An item's attributes without keys, revision and zeros. */
function attributesOf(item: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!item) return {};
  const { [TALLY_REVISION]: _revision, ...rest } = withoutKeys<Record<string, unknown>>(item);
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== 0));
}

/**
 * What a write changes, attribute by attribute: the figures (an absent one is 0), and a label
 * (name, kind…) only where one was stored and another is written; a new tally's labels are its key's.
 */
function changesBetween(stored: Record<string, unknown>, written: Record<string, unknown>): TallyChange[] {
  const attributes = [...new Set([...Object.keys(stored), ...Object.keys(written)])].sort();
  return attributes.flatMap((attribute) => {
    const [was, is] = [stored[attribute], written[attribute]];
    if (JSON.stringify(was) === JSON.stringify(is)) return [];
    if (typeof was === 'number' || typeof is === 'number') return [{ attribute, stored: was ?? 0, recomputed: is ?? 0 }];
    return was === undefined || is === undefined ? [] : [{ attribute, stored: was, recomputed: is }];
  });
}

const sorted = (record: Record<string, unknown>): [string, unknown][] => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));

const keyOf = (item: Record<string, unknown>): string => `${String(item.pk)}\u0000${String(item.sk)}`;

interface Planned {
  readonly difference: TallyDifference;
  /** The item to put, whole. */
  readonly item: Record<string, unknown>;
  /** The stored revision the write is conditional on (undefined: the item or its revision was absent). */
  readonly revision: number | undefined;
  readonly existed: boolean;
}

/** The writes that make the stored tallies equal the recomputed ones. */
function plan(stored: readonly Record<string, unknown>[], recomputed: readonly Record<string, unknown>[]): Planned[] {
  const storedByKey = new Map(stored.map((item) => [keyOf(item), item]));
  const recomputedByKey = new Map(recomputed.map((item) => [keyOf(item), item]));
  const keys = [...new Set([...storedByKey.keys(), ...recomputedByKey.keys()])].sort();
  return keys.flatMap((key) => {
    const was = storedByKey.get(key);
    const should = recomputedByKey.get(key);
    if (JSON.stringify(sorted(figuresOf(was))) === JSON.stringify(sorted(figuresOf(should)))) return [];
    const revision = typeof was?.[TALLY_REVISION] === 'number' ? (was[TALLY_REVISION] as number) : undefined;
    // A tally that should count nothing keeps its labels, at zero, as a live change leaves it.
    const figures = should ?? Object.fromEntries(Object.entries(was!).map(([name, value]) => [name, typeof value === 'number' ? 0 : value]));
    const item: Record<string, unknown> = { ...figures, [TALLY_REVISION]: (revision ?? 0) + 1 };
    const changes = changesBetween(attributesOf(was), attributesOf(item));
    return [{ difference: { key: { pk: String(item.pk), sk: String(item.sk) }, changes }, item, revision, existed: was !== undefined }];
  });
}

/** Puts the planned items; false when any of them had moved since it was read (its condition failed). */
async function write(documents: DynamoDBDocumentClient, tableName: string, planned: readonly Planned[]): Promise<boolean> {
  let unmoved = true;
  const queue = [...planned];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const condition = !next.existed
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : next.revision === undefined
          ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#rev)', ExpressionAttributeNames: { '#rev': TALLY_REVISION } }
          : { ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': TALLY_REVISION }, ExpressionAttributeValues: { ':rev': next.revision } };
      try {
        await documents.send(new PutCommand({ TableName: tableName, Item: next.item, ...condition }));
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        unmoved = false;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITES_AT_ONCE, planned.length) }, worker));
  return unmoved;
}

/**
 * Makes every scope's stored tallies equal to the ones recomputed from its orders or jobs (or,
 * with `dryRun`, only says where they differ). Returns each scope's differences as first found.
 */
export async function rebuildTallies(documents: DynamoDBDocumentClient, scopes: readonly TallyScope[], options: RebuildOptions): Promise<ScopeOutcome[]> {
  const { dryRun, indexSettleMs, scopesPerPause = DEFAULT_SCOPES_PER_PAUSE, attempts = DEFAULT_ATTEMPTS } = options;
  const outcomes = new Map<TallyScope, ScopeOutcome>();
  let pending = [...scopes];
  for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
    const moved: TallyScope[] = [];
    for (let start = 0; start < pending.length; start += scopesPerPause) {
      const chunk = pending.slice(start, start + scopesPerPause);
      const stored: Record<string, unknown>[][] = [];
      for (const scope of chunk) stored.push(await scope.stored());
      if (indexSettleMs > 0) await new Promise((resolve) => setTimeout(resolve, indexSettleMs));
      for (const [i, scope] of chunk.entries()) {
        const planned = plan(stored[i]!, await scope.recomputed());
        const first = outcomes.get(scope);
        const outcome: ScopeOutcome = { scope: scope.name, differences: first?.differences ?? planned.map((p) => p.difference), attempts: attempt };
        outcomes.set(scope, outcome);
        if (dryRun || planned.length === 0 || (await write(documents, scope.tableName, planned))) options.onScope?.(outcome);
        else moved.push(scope);
      }
    }
    pending = moved;
  }
  if (pending.length > 0) throw new TalliesKeptMovingError(pending.map((scope) => scope.name));
  return scopes.map((scope) => outcomes.get(scope)!);
}
