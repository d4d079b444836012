/**
 * `npm run simulate -- --scenario NAME [--speed N] [--minutes M] [--api URL] [--out DIR] [--seed S]`
 *
 * Runs a scenario of scenarios.ts against the local runtime: one it starts itself in this process,
 * on a fresh temporary data folder with no demo data, its time settings divided by the speed and
 * its schedules run as much faster; or a running one named by `--api` (`npm start`), then driven
 * the same way through its API and its local sign-in. Shows a progress bar on stderr, prints the
 * figures and the targets, writes `<out>/<scenario>-<stamp>.json` (the SimulationResult) and
 * `.html` (the report), and exits 1 when a target is missed (2 on a usage error).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkJava, javaInstallHelp } from '../local/java.ts';
import type { LocalRuntime, LocalRuntimeOptions } from '../local/runtime.ts';
import { SimulationApi } from './api.ts';
import { renderSimulationReport } from './report/html.ts';
import type { SimulationResult } from './result.ts';
import { SCENARIOS, scenarioNamed, type Scenario } from './scenarios.ts';
import { simulate } from './simulation.ts';
import { scaledTimeSettings, settingsLine, TIME_SETTINGS } from './time-settings.ts';
import { answerArguments, type CommandOutput } from '../cli.ts';

const DEFAULT_OUT = '.simulations';
const MAX_SPEED = 600;

const USAGE = `Usage: npm run simulate -- --scenario NAME [--speed N] [--minutes M] [--api URL] [--out DIR] [--seed S]

  --scenario  ${SCENARIOS.map((s) => `${s.name} (${s.defaults.minutes} min at ${s.defaults.speed}×)`).join(', ')}
  --speed     how many times faster than the clock the scenario runs (default: the scenario's)
  --minutes   scenario minutes to simulate (default: the scenario's); rates stay, so fewer minutes mean fewer orders
  --api       a running local runtime (npm start) to drive instead of starting one; start it with the
              time settings this prints for the speed, or the run's timing will not match its clock
  --out       where the JSON result and the HTML report go (default ${DEFAULT_OUT})
  --seed      the random seed (default 1): the same seed makes the same orders and drivers`;

export interface CliIo extends CommandOutput {
  /** Whether stderr is a terminal: the progress bar is redrawn in place, else a line every tenth of the run. */
  readonly interactive: boolean;
  /** Test seam: options for the runtime the command starts (e.g. the shared emulators of the integration run). */
  readonly runtime?: Partial<LocalRuntimeOptions>;
  /** Test seam: sees every API answer the simulated people get. */
  readonly observeResponse?: ConstructorParameters<typeof SimulationApi>[1];
  /** Ctrl-C: the run stops where it is, stops the runtime it started and deletes its data folder (exit 130). */
  readonly interrupt?: AbortSignal;
}

const INTERRUPTED = 130;

interface Settings {
  readonly scenario: Scenario;
  readonly speed: number;
  readonly minutes: number;
  readonly api: string | undefined;
  readonly out: string;
  readonly seed: number;
}

function parse(argv: readonly string[]): Settings | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        scenario: { type: 'string' },
        speed: { type: 'string' },
        minutes: { type: 'string' },
        api: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (values.help) return '';
  const name = values.scenario as string | undefined;
  if (!name) return '--scenario is required';
  const scenario = scenarioNamed(name);
  if (!scenario) return `Unknown scenario "${name}"`;
  const number = (key: string, fallback: number, valid: (n: number) => boolean, what: string): number | string => {
    const raw = values[key] as string | undefined;
    if (raw === undefined) return fallback;
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) && valid(n) ? n : `--${key} must be ${what}, got "${raw}"`;
  };
  const speed = number('speed', scenario.defaults.speed, (n) => n >= 1 && n <= MAX_SPEED, `a number from 1 to ${MAX_SPEED}`);
  if (typeof speed === 'string') return speed;
  const minutes = number('minutes', scenario.defaults.minutes, (n) => n > 0 && n <= 24 * 60, 'a number of minutes above 0, at most 1440');
  if (typeof minutes === 'string') return minutes;
  const seed = number('seed', 1, (n) => Number.isInteger(n) && n >= 0, 'a whole number');
  if (typeof seed === 'string') return seed;
  const api = (values.api as string | undefined)?.replace(/\/+$/, '');
  if (api !== undefined && !/^https?:\/\/[^/]+$/.test(api)) return `--api must be the runtime's URL, e.g. http://127.0.0.1:3000, got "${api}"`;
  return { scenario, speed, minutes, api, out: resolve((values.out as string | undefined) ?? DEFAULT_OUT), seed };
}

export async function runSimulationCli(argv: readonly string[], io: CliIo): Promise<number> {
  const settings = parse(argv);
  if (typeof settings === 'string') return answerArguments(settings, io, USAGE);
  const { scenario, speed, minutes } = settings;
  const timeSettings = scaledTimeSettings(speed);
  const began = Date.now();

  let runtime: LocalRuntime | undefined;
  let starting: Promise<LocalRuntime> | undefined;
  let dataDir: string | undefined;
  // Whatever step the run is in when interrupted is left unawaited; the clean-up below still runs.
  const interrupted = new Promise<typeof INTERRUPTED>((settle) => {
    if (io.interrupt?.aborted) settle(INTERRUPTED);
    io.interrupt?.addEventListener('abort', () => settle(INTERRUPTED), { once: true });
  });
  const unlessInterrupted = <T>(step: Promise<T>): Promise<T | typeof INTERRUPTED> => Promise.race([step, interrupted]);
  const runtimeErrors: string[] = [];
  let apiUrl = settings.api;
  let applied = timeSettings;
  try {
    if (apiUrl === undefined) {
      const java = checkJava();
      if (!java.ok) {
        io.stderr(`${javaInstallHelp(java.problem)}\n`);
        return 2;
      }
      // The functions read their settings from this process's environment when they first run.
      for (const [name, value] of Object.entries(timeSettings)) process.env[name] = String(value);
      // The functions' INFO lines would bury the progress bar and the table; their logger is built
      // once, on first import, from this variable (the runtime sets INFO per invocation later).
      process.env.POWERTOOLS_LOG_LEVEL = process.env.GANCANG_SIMULATE_LOG_LEVEL ?? 'WARN';
      await import('#platform/logger');
      dataDir = await mkdtemp(join(tmpdir(), `gancang-simulate-${scenario.name}-`));
      const { startLocalRuntime } = await import('../local/runtime.ts');
      io.stderr(`Starting a local runtime on ${dataDir} (no demo data; ${settingsLine(timeSettings)}; schedules ${speed}× as often) ...\n`);
      starting = startLocalRuntime({
        port: 0,
        // The folder is thrown away at the end: DynamoDB Local in memory spares it the disk waits
        // of its database file (it takes about twice the writes a second).
        dynamoInMemory: true,
        seed: false,
        scheduleSpeed: speed,
        log: () => undefined,
        errorLog: (line) => void (runtimeErrors.length < 1000 && runtimeErrors.push(line)),
        ...io.runtime,
        dataDir,
      });
      const started = await unlessInterrupted(starting);
      if (started === INTERRUPTED) return interruptedExit(io);
      runtime = started;
      apiUrl = runtime.apiUrl;
    } else {
      const health = await fetch(`${apiUrl}/v1/health`).catch(() => undefined);
      if (health?.status !== 200) {
        io.stderr(`Nothing answers ${apiUrl}/v1/health: start the runtime (npm start) first.\n`);
        return 2;
      }
      // Its settings are its own: the run assumes the defaults unless it was started as this says.
      io.stderr(`Driving ${apiUrl}. For ${speed}× it should have been started with: GANCANG_SCHEDULE_SPEED=${speed} ${settingsLine(timeSettings)}\n`);
      if (speed === 1) applied = { ...TIME_SETTINGS };
    }

    const api = new SimulationApi(apiUrl, io.observeResponse);
    const progress = progressBar(io);
    const result = await unlessInterrupted(simulate({
      scenario,
      speed,
      minutes,
      api,
      seed: settings.seed,
      offerTtlSeconds: applied.GANCANG_OFFER_TTL_SECONDS,
      pickupLeadSeconds: applied.GANCANG_PICKUP_LEAD_SECONDS,
      tag: settings.api === undefined ? '' : `-${Date.now().toString(36).slice(-5)}`,
      progress,
    }));
    progress.done();
    if (result === INTERRUPTED) return interruptedExit(io);
    const stamp = new Date(began).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
    await mkdir(settings.out, { recursive: true });
    const base = join(settings.out, `${scenario.name}-${stamp}`);
    await writeFile(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(`${base}.html`, renderSimulationReport(result));

    io.stdout(summary(result, { setUpSeconds: (Date.now() - began) / 1000 - result.scenario.wallSeconds, requests: api.requests }));
    const surprises = [...api.surprises].sort((a, b) => b[1] - a[1]);
    if (surprises.length > 0) {
      io.stdout(`\nAnswers the simulated people did not expect (they carried on):\n${surprises.slice(0, 15).map(([what, n]) => `  ${String(n).padStart(5)}  ${what}`).join('\n')}\n`);
    }
    if (runtimeErrors.length > 0) {
      io.stdout(`\nThe runtime logged ${runtimeErrors.length} handler or poller failure(s); the first:\n  ${runtimeErrors[0]!.split('\n')[0]}\n`);
    }
    const shown = (path: string): string => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path));
    io.stdout(`\nResult: ${shown(`${base}.json`)}\nReport: ${shown(`${base}.html`)}\n`);
    return result.targets.every((t) => t.met) ? 0 : 1;
  } finally {
    // A runtime still starting when interrupted is stopped once it is up, so that no emulator outlives the run.
    runtime ??= await starting?.catch(() => undefined);
    await runtime?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

function interruptedExit(io: CliIo): number {
  io.stderr('\nInterrupted: stopping the local runtime and deleting its data folder; no figures for a run cut short.\n');
  return INTERRUPTED;
}

function summary(result: SimulationResult, run: { setUpSeconds: number; requests: number }): string {
  const { scenario: s, figures: f } = result;
  const ms = (value: number | null): string => (value === null ? '–' : `${value} ms`);
  const sec = (value: number | null): string =>
    value === null ? '–' : value < 60 ? `${value} s` : `${Math.floor(value / 60)} min ${String(value % 60).padStart(2, '0')} s`;
  const rows: [string, string][] = [
    ['orders', String(f.orders)],
    ['delivered', String(f.delivered)],
    ['failed', String(f.failed)],
    ['cancelled', String(f.cancelled)],
    ['open at the end', String(f.open)],
    ['ready → offer p50 / p95 (machine)', `${ms(f.readyToOfferMs.p50)} / ${ms(f.readyToOfferMs.p95)} over ${f.readyToOfferMs.count} (${f.foundNobodyFree} more found no driver free)`],
    ['ready → assigned p50 / p95 (scenario)', `${sec(f.readyToAssignedSeconds.p50)} / ${sec(f.readyToAssignedSeconds.p95)} over ${f.readyToAssignedSeconds.count}`],
    ['offers per assigned job, mean / max', f.offersPerJob.mean === null ? '–' : `${f.offersPerJob.mean} / ${f.offersPerJob.max}`],
    ['driver utilisation', `${(f.driverUtilisation * 100).toFixed(1)} %`],
    ...(f.promotion ? [['promotion redemptions / quota', `${f.promotion.redemptions} / ${f.promotion.quota}`] as [string, string]] : []),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const targetWidth = Math.max(...result.targets.map((t) => `${t.name} ${t.target}`.length));
  return [
    '',
    `${s.name}: ${s.title}`,
    `${s.speed}× · ${s.minutes} scenario minutes from ${s.startedAt.slice(11, 16)} WIB · ${s.drivers} drivers · ${s.wallSeconds.toFixed(0)} s of wall time (+ ${run.setUpSeconds.toFixed(0)} s to start and set up) · ${run.requests} API requests`,
    '',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    'Targets:',
    ...result.targets.map((t) => `  ${t.met ? 'met   ' : 'MISSED'}  ${`${t.name} ${t.target}`.padEnd(targetWidth)}  ${t.actual}`),
    '',
    result.targets.every((t) => t.met) ? 'Every target met.' : `${result.targets.filter((t) => !t.met).length} target(s) missed.`,
    '',
  ].join('\n');
}

function progressBar(io: CliIo): ((share: number, line: string) => void) & { done(): void } {
  let lastTenth = -1;
  const draw = (share: number, line: string): void => {
    const width = 24;
    const filled = Math.round(share * width);
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${line}`;
    if (io.interactive) {
      io.stderr(`\r\x1b[K${text}`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      io.stderr(`${text}\n`);
    }
  };
  return Object.assign(draw, { done: () => io.interactive && io.stderr('\n') });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const interrupt = new AbortController();
  const code = runSimulationCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    interrupt: interrupt.signal,
  });
  // The first Ctrl-C cleans up (the runtime, the data folder); a second one does not wait for it.
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(INTERRUPTED);
    interrupt.abort();
  });
  code.then(
    (exitCode) => process.exit(exitCode),
    (error: unknown) => {
      process.stderr.write(`\nThe simulation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(2);
    },
  );
}
