/**
 * `npm run simulate` end to end, through its command-line entry: a short, fast taxi morning on a
 * runtime the command starts itself (here on the run's shared emulators, under its own prefix),
 * then the files it wrote and the figures they hold, which must add up.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runSimulationCli } from '../../infra/simulate/run.ts';
import type { SimulationResult } from '../../infra/simulate/result.ts';
import { checkResponse } from './support/contract.ts';

const outDirs: string[] = [];
afterAll(async () => {
  for (const dir of outDirs) await rm(dir, { recursive: true, force: true });
});

/** `interruptWhen`: Ctrl-C as soon as what the run has written to stderr says so. */
async function simulate(argv: string[], interruptWhen?: (stderr: string) => boolean): Promise<{ code: number; stdout: string; stderr: string; out: string; violations: string[] }> {
  const out = await mkdtemp(join(tmpdir(), 'gancang-simulate-out-'));
  outDirs.push(out);
  let stdout = '';
  let stderr = '';
  const violations: string[] = [];
  const interrupt = new AbortController();
  const code = await runSimulationCli([...argv, '--out', out], {
    stdout: (text) => void (stdout += text),
    stderr: (text) => {
      stderr += text;
      if (interruptWhen?.(stderr)) interrupt.abort();
    },
    interactive: false,
    interrupt: interrupt.signal,
    // Every answer the simulated people get must be one the published contract allows.
    observeResponse: (method, path, status, contentType, text) => {
      try {
        checkResponse(method, path, status, contentType, text);
      } catch (error) {
        violations.push(error instanceof Error ? error.message : String(error));
      }
    },
    runtime: {
      dynamoEndpoint: inject('dynamoEndpoint'),
      sqsEndpoint: inject('sqsEndpoint'),
      prefix: `sim${randomBytes(4).toString('hex')}-`,
      pollWaitSeconds: 1,
    },
  });
  return { code, stdout, stderr, out, violations };
}

describe('npm run simulate', () => {
  it('runs a short taxi morning end to end and reports figures that add up, with the exit code its targets call for', async () => {
    const run = await simulate(['--scenario', 'taxi-morning', '--minutes', '30', '--speed', '60', '--seed', '7']);

    expect(run.violations).toEqual([]);
    const files = (await readdir(run.out)).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^taxi-morning-\d{8}T\d{6}Z\.html$/);
    expect(files[1]).toBe(files[0]!.replace(/\.html$/, '.json'));
    const result = JSON.parse(await readFile(join(run.out, files[1]!), 'utf8')) as SimulationResult;

    expect(result.scenario).toMatchObject({ name: 'taxi-morning', speed: 60, minutes: 30, drivers: 100 });
    const f = result.figures;
    expect(f.orders).toBeGreaterThan(0);
    expect(f.delivered + f.failed + f.cancelled + f.open).toBe(f.orders);
    expect(f.failedAtTheDoor).toBeLessThanOrEqual(f.failed);
    expect(f.readyToOfferMs.count).toBeGreaterThan(0);
    // Every job's first search either found a driver (timed) or found nobody (counted apart).
    expect(f.readyToOfferMs.count + f.foundNobodyFree).toBeLessThanOrEqual(f.orders);
    expect(f.readyToAssignedSeconds.count).toBe(result.series.readyToAssignedSeconds.length);
    expect(f.promotion).toBeNull();
    expect(result.series.origins).toHaveLength(f.orders);
    expect(result.series.origins.every((o) => o.kind === 'RIDE')).toBe(true);
    expect(result.series.deliveriesPerHour.map((h) => h.hour)).toEqual(['06:00']);
    expect(result.series.deliveriesPerHour[0]!.deliveries).toBe(f.delivered);
    expect(result.series.openJobs.length).toBeGreaterThan(1);

    // Every target the scenario states has a figure, and the exit code follows them.
    expect(result.targets.map((t) => t.name)).toEqual(['ready → offer p95', 'ready → assigned p95', 'failed through the system', 'orders still open at the end']);
    for (const target of result.targets) {
      expect(target.actual).not.toBe('');
      expect(run.stdout).toContain(target.name);
    }
    expect(run.code).toBe(result.targets.every((t) => t.met) ? 0 : 1);

    expect(run.stdout).toMatch(new RegExp(`\\n  orders +${f.orders}\\n`));
    expect(run.stderr).toContain('100%');
    const html = await readFile(join(run.out, files[0]!), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain(result.scenario.title);
  }, 120_000);

  it('stops on Ctrl-C with exit code 130, deleting the data folder it made and writing no result', async () => {
    // Interrupted while the drivers and companies are being set up, with the runtime running.
    const run = await simulate(['--scenario', 'taxi-morning', '--minutes', '30', '--speed', '60'], (stderr) => stderr.includes('setting up'));
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('Interrupted');
    const dataDir = /Starting a local runtime on (\S+) /.exec(run.stderr)?.[1];
    expect(dataDir).toBeDefined();
    await expect(readdir(dataDir!)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(run.out)).toEqual([]);
    expect(run.stdout).toBe('');
  }, 60_000);

  it('refuses an unknown scenario or a bad speed with its usage and exit code 2, starting nothing', async () => {
    const unknown = await simulate(['--scenario', 'carnival']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown scenario "carnival"');
    expect(unknown.stderr).toContain('ordinary-day');
    const slow = await simulate(['--scenario', 'festival-peak', '--speed', '0']);
    expect(slow.code).toBe(2);
    expect(slow.stderr).toContain('--speed must be a number from 1 to 600');
    expect(await readdir(unknown.out)).toEqual([]);
  });
});
