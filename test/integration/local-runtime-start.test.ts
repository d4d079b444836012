import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_TARGET } from '../../infra/constructs/bundling.ts';
import { dynamoClient } from '../../infra/local/dynamodb.ts';
import { localPlan } from '../../infra/local/plan.ts';
import { DEFAULT_PREFIX } from '../../infra/local/runtime.ts';
import { waitFor } from './support/wait.ts';
import { checkResponse } from './support/contract.ts';

// `npm start` and `npm run token` as a developer runs them: through npm, in separate processes,
// with their own data folder and their own DynamoDB Local. npm comes from PATH without this
// project's node_modules/.bin, i.e. the machine's own npm and Node, as in a fresh terminal.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const READY = 'Gancang local runtime is ready.';
/** The Node.js major of the Lambda functions (`node24` → 24). */
const LAMBDA_NODE_MAJOR = NODE_TARGET.replace('node', '');

/** The machine's PATH: what a terminal has before npm puts the project's node_modules/.bin first. */
function machinePath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.endsWith(join('node_modules', '.bin')) && !dir.includes(join('@npmcli', 'run-script')))
    .join(delimiter);
}

/** A terminal's environment: none of the variables npm gives the test run itself. */
function terminalEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: machinePath(), ...extra };
  for (const name of Object.keys(env)) if (name.startsWith('npm_') || name === 'INIT_CWD' || name === 'NODE') delete env[name];
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  delete env.AWS_ENDPOINT_URL_SQS;
  return env;
}

interface Started {
  /** The npm process. */
  readonly child: ChildProcess;
  readonly apiUrl: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  output(): string;
  exit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const launched: ChildProcess[] = [];

function launch(command: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  // Own process group, so that a failed test can still take down the runtime and its JVM.
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
  const { child, output, exited } = launch('npm', ['start'], terminalEnv({ PORT: '0', GANCANG_DATA_DIR: dataDir, GANCANG_SEED: '0' }));
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
    sqsEndpoint: field('SQS'),
    output,
    exit: (timeoutMs) =>
      Promise.race([
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`npm start did not exit within ${timeoutMs} ms:\n${output()}`)), timeoutMs)),
      ]),
  };
}

function token(dataDir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', ['run', '--silent', 'token', '--', ...args], {
    cwd: ROOT,
    env: terminalEnv({ GANCANG_DATA_DIR: dataDir }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface ProcessRow {
  readonly pid: number;
  readonly ppid: number;
  readonly zombie: boolean;
  readonly args: string;
}

function processTable(): ProcessRow[] {
  const { stdout } = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  return stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), zombie: m[3]!.startsWith('Z'), args: m[4]! }));
}

/** Every process started under `root` (npm's shell, the runtime, DynamoDB Local's JVM, …), `root` included. */
function processTree(root: number): ProcessRow[] {
  const table = processTable();
  const tree = table.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...table.filter((p) => p.ppid === tree[i]!.pid));
  return tree;
}

/** Which of these processes still run (a zombie has ended; only its parent has not noticed yet). */
function stillRunning(processes: readonly ProcessRow[]): ProcessRow[] {
  const alive = new Map(processTable().map((p) => [p.pid, p]));
  return processes.filter((p) => alive.has(p.pid) && !alive.get(p.pid)!.zombie);
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

/** After a stop: every process that npm start had is gone, and nothing answers on its ports. */
async function expectAllGone(run: Started, tree: readonly ProcessRow[], how: string): Promise<void> {
  await waitFor(`every process of npm start to end after ${how}`, () => (stillRunning(tree).length === 0 ? true : undefined), { timeoutMs: 15_000 }).catch(
    (error: Error) => {
      throw new Error(`${error.message}; still running: ${JSON.stringify(stillRunning(tree))}\n${run.output()}`);
    },
  );
  for (const endpoint of [run.apiUrl, run.dynamoEndpoint, run.sqsEndpoint]) expect(await refusesConnections(endpoint), endpoint).toBe(true);
}

/** The tree of a started runtime, with the parts the stop must take down. */
function treeOf(run: Started): ProcessRow[] {
  const tree = processTree(run.child.pid!);
  expect(tree.some((p) => p.args.includes('infra/local/start.ts')), JSON.stringify(tree)).toBe(true);
  expect(tree.some((p) => p.args.includes('DynamoDBLocal.jar')), JSON.stringify(tree)).toBe(true);
  return tree;
}

describe('npm start', () => {
  it('npm test runs on the Node.js major of the Lambda functions', () => {
    expect(process.versions.node.split('.')[0]).toBe(LAMBDA_NODE_MAJOR);
    const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node as string;
    expect(engines).toBe(`${LAMBDA_NODE_MAJOR}.x`);
  });

  it('runs on the Lambda functions\' Node.js whatever the machine has, serves the API, accepts a token from `npm run token`, and SIGINT to npm stops everything', async () => {
    const run = await startRuntime(dataDir);
    const tree = treeOf(run);
    expect(run.output()).toMatch(new RegExp(`^\\s+Node\\.js\\s+v${LAMBDA_NODE_MAJOR}\\.\\d+\\.\\d+, as the Lambda functions$`, 'm'));

    const health = await fetch(`${run.apiUrl}/v1/health`);
    const healthText = await health.text();
    checkResponse('GET', '/v1/health', health.status, health.headers.get('content-type'), healthText);
    expect(health.status).toBe(200);
    expect(JSON.parse(healthText)).toEqual({ status: 'ok' });
    // The banner points integrators at the reference page, and it is there.
    const docsUrl = /^\s+API docs\s+(\S+)/m.exec(run.output())?.[1];
    expect(docsUrl).toBe(`${run.apiUrl}/docs`);
    expect((await fetch(docsUrl!)).headers.get('content-type')).toMatch(/^text\/html/);

    const minted = token(dataDir, '--role', 'pharmacy', '--sub', 'apoteker-it');
    expect(minted.status, minted.stderr).toBe(0);
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

    process.kill(run.child.pid!, 'SIGINT');
    await run.exit(30_000);
    await expectAllGone(run, tree, 'SIGINT');
    expect(run.output()).toContain('Stopped.');
    await expect(stat(join(dataDir, 'runtime.lock'))).rejects.toThrow();
  });

  it('keeps the data of its data folder across restarts, and SIGTERM to npm stops everything', async () => {
    const run = await startRuntime(dataDir);
    const tree = treeOf(run);
    const dynamo = dynamoClient(run.dynamoEndpoint);
    try {
      const { Item } = await dynamo.send(new GetItemCommand({ TableName: orderingTable, Key: marker }));
      expect(Item?.note).toEqual({ S: 'kept across restarts' });
    } finally {
      dynamo.destroy();
    }
    process.kill(run.child.pid!, 'SIGTERM');
    await run.exit(30_000);
    await expectAllGone(run, tree, 'SIGTERM');
    expect(run.output()).toContain('Stopped.');
  });

  it('SIGHUP to npm (its terminal closed) stops everything', async () => {
    const run = await startRuntime(dataDir);
    const tree = treeOf(run);
    process.kill(run.child.pid!, 'SIGHUP');
    await run.exit(30_000);
    await expectAllGone(run, tree, 'SIGHUP');
    expect(run.output()).toContain('Stopped.');
    await expect(stat(join(dataDir, 'runtime.lock'))).rejects.toThrow();
  });

  it('after kill -9 of the runtime, DynamoDB Local goes too, and the next start on the same data folder works', async () => {
    const killed = await startRuntime(dataDir);
    const tree = treeOf(killed);
    process.kill(tree.find((p) => p.args.includes('infra/local/start.ts'))!.pid, 'SIGKILL');
    await killed.exit(30_000);
    await expectAllGone(killed, tree, 'kill -9 of the runtime');

    const next = await startRuntime(dataDir);
    expect((await fetch(`${next.apiUrl}/v1/health`)).status).toBe(200);
    const dynamo = dynamoClient(next.dynamoEndpoint);
    try {
      const { Item } = await dynamo.send(new GetItemCommand({ TableName: orderingTable, Key: marker }));
      expect(Item?.note).toEqual({ S: 'kept across restarts' });
    } finally {
      dynamo.destroy();
    }
    const nextTree = treeOf(next);
    process.kill(next.child.pid!, 'SIGTERM');
    await next.exit(30_000);
    await expectAllGone(next, nextTree, 'SIGTERM');
  });

  it('without Java, exits non-zero saying how to install it', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'gancang-nojava-'));
    try {
      await symlink(process.execPath, join(bin, 'node'));
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin, GANCANG_DATA_DIR: join(dataDir, 'no-java'), PORT: '0' };
      delete env.JAVA_HOME;
      const { output, exited } = launch(process.execPath, [TSX, 'infra/local/start.ts'], env);
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
