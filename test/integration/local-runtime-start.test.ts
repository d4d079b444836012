import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../infra/local/dynamodb.ts';
import { localPlan } from '../../infra/local/plan.ts';
import { DEFAULT_PREFIX } from '../../infra/local/runtime.ts';

// `npm start` and `npm run token` as a developer runs them: separate processes, their own data
// folder, their own DynamoDB Local. Run through tsx's CLI with this Node, so PATH can be
// controlled (the no-Java case).

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const READY = 'Gancang local runtime is ready.';

interface Started {
  readonly child: ChildProcess;
  readonly apiUrl: string;
  readonly dynamoEndpoint: string;
  output(): string;
  exit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const launched: ChildProcess[] = [];

function launch(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  // Own process group, so that a failed test can still take down the runtime and its JVM.
  const child = spawn(process.execPath, [TSX, 'infra/local/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  launched.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function startRuntime(dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', GANCANG_DATA_DIR: dataDir, GANCANG_SEED: '0' };
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  delete env.AWS_ENDPOINT_URL_SQS;
  const { child, output, exited } = launch(env);
  const deadline = Date.now() + 60_000;
  while (!output().includes(READY)) {
    const early = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
    if (early) throw new Error(`npm start exited (${early.code ?? early.signal}) before it was ready:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready within 60 s:\n${output()}`);
  }
  const field = (label: string): string => {
    const match = new RegExp(`^\\s+${label}\\s+(http://\\S+)`, 'm').exec(output());
    if (!match?.[1]) throw new Error(`No ${label} line in the banner:\n${output()}`);
    return match[1];
  };
  return {
    child,
    apiUrl: field('API'),
    dynamoEndpoint: field('DynamoDB'),
    output,
    exit: (timeoutMs) =>
      Promise.race([
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`npm start did not exit within ${timeoutMs} ms:\n${output()}`)), timeoutMs)),
      ]),
  };
}

function token(dataDir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [TSX, 'infra/local/token.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, GANCANG_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function refusesConnections(endpoint: string): Promise<boolean> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gancang-start-'));
});
afterAll(async () => {
  for (const child of launched) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await rm(dataDir, { recursive: true, force: true });
});

const orderingTable = localPlan(DEFAULT_PREFIX, () => '').tables.find((t) => t.name === 'ordering')!.physicalName;
const marker = { pk: { S: 'it#restart' }, sk: { S: 'marker' } };

describe('npm start', () => {
  it('serves the API, accepts a token from `npm run token`, and stops everything on Ctrl-C', async () => {
    const run = await startRuntime(dataDir);

    const health = await fetch(`${run.apiUrl}/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const minted = token(dataDir, '--role', 'pharmacy', '--sub', 'apoteker-it');
    expect(minted.status).toBe(0);
    const lines = minted.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const protectedPath = `${run.apiUrl}/v1/medicine-orders?facilityId=fac_nowhere`;
    expect((await fetch(protectedPath)).status).toBe(401);
    const accepted = await fetch(protectedPath, { headers: { authorization: `Bearer ${lines[0]}` } });
    expect([401, 403]).not.toContain(accepted.status);

    const dynamo = dynamoClient(run.dynamoEndpoint);
    try {
      await dynamo.send(new PutItemCommand({ TableName: orderingTable, Item: { ...marker, note: { S: 'kept across restarts' } } }));
    } finally {
      dynamo.destroy();
    }

    run.child.kill('SIGINT');
    const { code } = await run.exit(30_000);
    expect(code, run.output()).toBe(0);
    expect(run.output()).toContain('Stopped.');
    expect(await refusesConnections(run.dynamoEndpoint)).toBe(true);
    expect(await refusesConnections(run.apiUrl)).toBe(true);
    await expect(stat(join(dataDir, 'runtime.lock'))).rejects.toThrow();
  });

  it('keeps the data of its data folder across restarts', async () => {
    const run = await startRuntime(dataDir);
    const dynamo = dynamoClient(run.dynamoEndpoint);
    try {
      const { Item } = await dynamo.send(new GetItemCommand({ TableName: orderingTable, Key: marker }));
      expect(Item?.note).toEqual({ S: 'kept across restarts' });
    } finally {
      dynamo.destroy();
    }
    run.child.kill('SIGTERM');
    expect((await run.exit(30_000)).code).toBe(0);
    expect(await refusesConnections(run.dynamoEndpoint)).toBe(true);
  });

  it('without Java, exits non-zero saying how to install it', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'gancang-nojava-'));
    try {
      await symlink(process.execPath, join(bin, 'node'));
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin, GANCANG_DATA_DIR: join(dataDir, 'no-java'), PORT: '0' };
      delete env.JAVA_HOME;
      const { output, exited } = launch(env);
      const { code } = await Promise.race([
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running without Java:\n${output()}`)), 30_000)),
      ]);
      expect(code).not.toBe(0);
      expect(output()).toMatch(/Java 17\+/);
      expect(output()).toContain('openjdk-17-jre-headless');
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });
});

describe('npm run token', () => {
  it('prints usage on stderr and exits 2 for an unknown role or a missing subject', () => {
    for (const args of [
      ['--role', 'wizard', '--sub', 'someone'],
      ['--role', 'pharmacy'],
    ]) {
      const result = token(dataDir, ...args);
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect(result.stderr).toContain('Usage: npm run --silent token');
    }
  });
});
