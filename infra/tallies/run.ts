/**
 * `npm run tallies:rebuild -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--dry-run] [--local URL]`
 *
 * Rebuilds the report tallies (festival report, taxi settlement, the operations room's day
 * figures) of the WIB days `from` … `to` from the stored orders and jobs: for data written before
 * the tallies existed, or tallies damaged by hand. Against the DynamoDB Local of a running
 * `npm start` (`--local`, its banner's DynamoDB line), or AWS (table names from the functions'
 * variables, credentials and region from the usual AWS chain). Prints each scope whose tallies
 * differed and how; with `--dry-run` writes nothing. Exits 0 when done, 1 when it could not
 * finish, 2 on a usage error.
 *
 * By default it stops at yesterday (WIB): today's tallies move with every order, and the days
 * that ended hardly change any more. It may be given today all the same: each tally is written
 * only if no live change moved it since it was read (rebuild-tallies.ts), so the rebuild and the
 * live writes never undo each other.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { tableEnvName } from '../../shared/platform/env.ts';
import { wibDay } from '../../shared/platform/time.ts';
import { DAY_FIGURES_MAX_DAYS_BACK } from '../../shared/dispatch/application/operations.ts';
import { dynamoClient } from '../local/dynamodb.ts';
import { DEFAULT_PREFIX } from '../local/runtime.ts';
import { rebuildTallies, TalliesKeptMovingError, type ScopeOutcome } from './rebuild-tallies.ts';
import { daysFrom, reportTallyScopes, type ReportTables } from './report-tallies.ts';
import { answerArguments, type CommandOutput } from '../cli.ts';

const DAY_MS = 86_400_000;
/** On AWS a global secondary index lags its table by a fraction of a second (see rebuild-tallies.ts). */
const AWS_INDEX_SETTLE_MS = 1_000;
/** Tallies printed per scope; the rest are counted. */
const SHOWN_PER_SCOPE = 20;

const USAGE = `Usage: npm run tallies:rebuild -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--dry-run] [--local URL]

  --from     the first WIB day to rebuild (default: ${DAY_FIGURES_MAX_DAYS_BACK - 1} days before --to, as far back as the day figures read)
  --to       the last WIB day to rebuild (default: yesterday; today's tallies move with every order,
             but today may be given: a tally is only written if no order moved it meanwhile)
  --dry-run  print the tallies that differ from the ones recomputed from the orders, write nothing
  --local    the DynamoDB Local of a running local runtime, as its banner prints it (e.g.
             http://127.0.0.1:8000); tables ${DEFAULT_PREFIX}ordering, ${DEFAULT_PREFIX}dispatch and ${DEFAULT_PREFIX}promotion
             unless ${tableEnvName('ordering')}, ${tableEnvName('dispatch')}, ${tableEnvName('promotion')} say otherwise
Without --local: AWS, the tables named by ${tableEnvName('ordering')}, ${tableEnvName('dispatch')} and ${tableEnvName('promotion')}
(as the functions read them), credentials and region from the usual AWS chain (AWS_PROFILE, AWS_REGION, …).
Safe to run again: tallies that already agree are not written.`;

export interface CliIo extends CommandOutput {
  /** Test seam: today's WIB day is taken from it. */
  readonly now?: () => Date;
}

interface Settings {
  readonly from: string;
  readonly to: string;
  readonly dryRun: boolean;
  readonly local: string | undefined;
}

const isDay = (raw: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(raw) && new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) === raw;
const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export function parseRebuildArgs(argv: readonly string[], now: Date): Settings | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { from: { type: 'string' }, to: { type: 'string' }, 'dry-run': { type: 'boolean' }, local: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (values.help) return '';
  const today = wibDay(now);
  const to = (values.to as string | undefined) ?? addDays(today, -1);
  if (!isDay(to)) return `--to must be a day, YYYY-MM-DD, got "${to}"`;
  if (to > today) return `--to must not be after today (${today}, WIB): nothing has happened then`;
  const from = (values.from as string | undefined) ?? addDays(to, -(DAY_FIGURES_MAX_DAYS_BACK - 1));
  if (!isDay(from)) return `--from must be a day, YYYY-MM-DD, got "${from}"`;
  if (from > to) return `--from (${from}) must not be after --to (${to})`;
  const local = (values.local as string | undefined)?.replace(/\/+$/, '');
  if (local !== undefined && !/^https?:\/\/[^/]+$/.test(local)) return `--local must be DynamoDB Local's URL, e.g. http://127.0.0.1:8000, got "${local}"`;
  return { from, to, dryRun: values['dry-run'] === true, local };
}

/** Table names as the functions read them; locally, the local runtime's defaults where unset. */
function tablesFor(local: boolean): ReportTables | string {
  const names = (['ordering', 'dispatch', 'promotion'] as const).map((table) => [table, process.env[tableEnvName(table)]?.trim() || (local ? `${DEFAULT_PREFIX}${table}` : undefined)] as const);
  const missing = names.filter(([, name]) => name === undefined).map(([table]) => tableEnvName(table));
  if (missing.length > 0) return `Set ${missing.join(', ')} to the deployed tables' names (or give --local for a local runtime)`;
  return Object.fromEntries(names) as unknown as ReportTables;
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function describe(outcome: ScopeOutcome, dryRun: boolean): string {
  const n = outcome.differences.length;
  const lines = [`${outcome.scope}: ${count(n, 'tally', 'tallies')} ${dryRun ? (n === 1 ? 'differs' : 'differ') : 'rewritten'}${outcome.attempts > 1 ? ` (read ${outcome.attempts} times: orders moved them meanwhile)` : ''}`];
  for (const { key, changes } of outcome.differences.slice(0, SHOWN_PER_SCOPE)) {
    lines.push(`  ${key.sk}  ${changes.map((c) => `${c.attribute} ${String(c.stored)} → ${String(c.recomputed)}`).join(', ')}`);
  }
  if (outcome.differences.length > SHOWN_PER_SCOPE) lines.push(`  … and ${outcome.differences.length - SHOWN_PER_SCOPE} more`);
  return `${lines.join('\n')}\n`;
}

export async function runTallyRebuildCli(argv: readonly string[], io: CliIo): Promise<number> {
  const settings = parseRebuildArgs(argv, (io.now ?? (() => new Date()))());
  if (typeof settings === 'string') return answerArguments(settings, io, USAGE);
  const tables = tablesFor(settings.local !== undefined);
  if (typeof tables === 'string') return answerArguments(tables, io, USAGE);
  const client = settings.local ? dynamoClient(settings.local) : new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const where = settings.local ? `DynamoDB Local at ${settings.local}` : 'AWS';
    io.stderr(`${settings.dryRun ? 'Checking' : 'Rebuilding'} the report tallies of ${settings.from} … ${settings.to} (WIB) on ${where}: ${tables.ordering}, ${tables.dispatch}, ${tables.promotion}\n`);
    const scopes = await reportTallyScopes(documents, tables, settings.from, settings.to);
    const outcomes = await rebuildTallies(documents, scopes, {
      dryRun: settings.dryRun,
      indexSettleMs: settings.local ? 0 : AWS_INDEX_SETTLE_MS,
      onScope: (outcome) => outcome.differences.length > 0 && io.stdout(describe(outcome, settings.dryRun)),
    });
    const differing = outcomes.filter((outcome) => outcome.differences.length > 0);
    const tallies = differing.reduce((sum, outcome) => sum + outcome.differences.length, 0);
    const kinds = (prefix: string) => scopes.filter((scope) => scope.name.startsWith(prefix)).length;
    const checked = `${count(scopes.length, 'scope', 'scopes')} checked (${count(kinds('festival '), 'festival', 'festivals')}, ${count(kinds('settlement '), 'taxi company', 'taxi companies')}, ${count(daysFrom(settings.from, settings.to).length, 'day', 'days')})`;
    const found =
      tallies === 0
        ? 'every tally equals the one recomputed from the orders; nothing written'
        : `${count(tallies, 'tally', 'tallies')} in ${count(differing.length, 'scope', 'scopes')} ${settings.dryRun ? `${tallies === 1 ? 'differs' : 'differ'} (dry run: nothing written)` : 'rewritten'}`;
    io.stdout(`${checked}: ${found}.\n`);
    return 0;
  } catch (error) {
    io.stderr(`${error instanceof TalliesKeptMovingError ? error.message : `The rebuild stopped: ${error instanceof Error ? error.message : String(error)}`}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runTallyRebuildCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
