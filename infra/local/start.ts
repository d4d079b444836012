/**
 * `npm start`: the whole system on this machine, no Docker. Knobs: PORT (API, default 3000; 0 for
 * any free port), GANCANG_DATA_DIR (default .data; each folder is an independent installation),
 * GANCANG_SEED=0 (start empty; otherwise demo data is loaded into an empty store, and the demo
 * drivers keep reporting their positions every GANCANG_DEMO_FLEET_INTERVAL_SECONDS, default 60),
 * GANCANG_MAP_TILES (the web app's map tiles, default OpenStreetMap's; empty for none),
 * GANCANG_SCHEDULE_SPEED (run the scheduled functions that many times as often, default 1: for
 * `npm run simulate --api` at a speed). The web app is built first when web/dist is missing or
 * older than its sources.
 */
import { relative, resolve } from 'node:path';
import { NODE_TARGET } from '../constructs/bundling.ts';
import { ensureWebAppBuilt } from '../web/build.ts';
import { checkJava, javaInstallHelp } from './java.ts';
import { watchLaunchers } from './launcher.ts';
import { LOCAL_REGION } from './lambda.ts';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, startLocalRuntime, type LocalRuntime } from './runtime.ts';
import { tileSource } from './web-app.ts';

const READY_LINE = 'Gancang local runtime is ready.';

const OPENSTREETMAP_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** The Node.js major the Lambda functions run (`node24`): the `node` dev dependency puts it first on every npm script's PATH. */
const LAMBDA_NODE_MAJOR = NODE_TARGET.replace('node', '');

function knobs(): { port: number; dataDir: string; seed: boolean; demoFleetIntervalSeconds: number; mapTiles: string | null; scheduleSpeed: number } {
  const rawPort = process.env.PORT?.trim();
  const port = rawPort ? Number(rawPort) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number (0 for any free port), got "${rawPort}"`);
  }
  const dataDir = resolve(process.env.GANCANG_DATA_DIR?.trim() || DEFAULT_DATA_DIR);
  const seed = !['0', 'false', 'no', 'off'].includes((process.env.GANCANG_SEED ?? '').trim().toLowerCase());
  const rawInterval = process.env.GANCANG_DEMO_FLEET_INTERVAL_SECONDS?.trim();
  const demoFleetIntervalSeconds = rawInterval ? Number(rawInterval) : 60;
  if (!(demoFleetIntervalSeconds > 0 && demoFleetIntervalSeconds <= 3600)) {
    throw new Error(`GANCANG_DEMO_FLEET_INTERVAL_SECONDS must be a number of seconds (above 0, at most 3600), got "${rawInterval}"`);
  }
  const rawTiles = process.env.GANCANG_MAP_TILES;
  const mapTiles = rawTiles === undefined ? OPENSTREETMAP_TILES : rawTiles.trim() || null;
  if (mapTiles !== null) {
    tileSource(mapTiles); // throws on a template that is not an http(s) URL
    if (!/\{z\}/.test(mapTiles) || !/\{x\}/.test(mapTiles) || !/\{y\}/.test(mapTiles)) {
      throw new Error(`GANCANG_MAP_TILES must be a tile URL template with {z}, {x} and {y} (empty for no tiles), got "${rawTiles}"`);
    }
  }
  const rawSpeed = process.env.GANCANG_SCHEDULE_SPEED?.trim();
  const scheduleSpeed = rawSpeed ? Number(rawSpeed) : 1;
  if (!(scheduleSpeed >= 1 && scheduleSpeed <= 600)) {
    throw new Error(`GANCANG_SCHEDULE_SPEED must be a number from 1 to 600, got "${rawSpeed}"`);
  }
  return { port, dataDir, seed, demoFleetIntervalSeconds, mapTiles, scheduleSpeed };
}

function banner(runtime: LocalRuntime): string {
  const customDataDir = resolve(DEFAULT_DATA_DIR) !== runtime.dataDir;
  const fromHere = relative(process.cwd(), runtime.dataDir);
  const shown = !fromHere ? '.' : fromHere.startsWith('..') ? runtime.dataDir : fromHere;
  const tokenCommand = `${customDataDir ? `GANCANG_DATA_DIR=${shown} ` : ''}npm run --silent token -- --role pharmacy --sub apoteker-rsud-blambangan`;
  const cliCredentials = 'AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local';
  const queues = runtime.plan.queues.map((q) => q.physicalName).join(', ');
  return [
    '',
    READY_LINE,
    `  API          ${runtime.apiUrl}`,
    `  API docs     ${runtime.apiUrl}/docs   (OpenAPI document: ${runtime.apiUrl}/v1/openapi.json)`,
    ...runtime.demoTrackingTokens.slice(-1).map((token) => `  Tracking     ${runtime.apiUrl}/track/${token}   (the family's page of a demo order)`),
    `  Desk         ${runtime.apiUrl}/desk   (sign in at ${runtime.apiUrl}/signin as pharmacy / apoteker-rsud-blambangan)`,
    `  Operations   ${runtime.apiUrl}/ops    (sign in at ${runtime.apiUrl}/signin as admin / admin-pemkab)`,
    `  DynamoDB     ${runtime.dynamoEndpoint}   (DynamoDB Local; tables ${runtime.prefix}*)`,
    `  SQS          ${runtime.sqsEndpoint}   (fauxqs, in memory; queues ${queues}, each with a -dlq)`,
    `  Data folder  ${runtime.dataDir}`,
    `  Region       ${LOCAL_REGION} (the emulators accept any credentials)`,
    `  Node.js      ${process.version}${process.versions.node.split('.')[0] === LAMBDA_NODE_MAJOR ? ', as the Lambda functions' : `: the Lambda functions run Node.js ${LAMBDA_NODE_MAJOR}; run this through npm (npm start), whose \`node\` dev dependency is Node.js ${LAMBDA_NODE_MAJOR}`}`,
    '',
    ...(runtime.seeded.length > 0 ? [...runtime.seeded, ''] : []),
    'Try:',
    `  curl ${runtime.apiUrl}/v1/health`,
    `  TOKEN=$(${tokenCommand})`,
    `  curl -H "Authorization: Bearer $TOKEN" '${runtime.apiUrl}/v1/medicine-orders?facilityId=fac_rsud-blambangan'`,
    `  ${cliCredentials} aws dynamodb list-tables --endpoint-url ${runtime.dynamoEndpoint} --region ${LOCAL_REGION}`,
    `  ${cliCredentials} aws sqs list-queues --endpoint-url ${runtime.sqsEndpoint} --region ${LOCAL_REGION}`,
    '',
    'Ctrl-C (or SIGTERM or SIGHUP to npm) stops everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const java = checkJava();
  if (!java.ok) {
    console.error(javaInstallHelp(java.problem));
    process.exit(1);
  }

  let settings: ReturnType<typeof knobs>;
  try {
    settings = knobs();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }

  // A closed terminal (SIGHUP) turns every later write into EIO or EPIPE; losing a log line is
  // better than dying of it halfway through stopping the emulators.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

  // A signal during start-up is honoured once the runtime is up (it cleans up after itself).
  let signalled: string | undefined;
  let stop: ((reason: string, repeatable: boolean) => void) | undefined;
  const onStopReason = (reason: string, repeatable: boolean): void => {
    if (stop) stop(reason, repeatable);
    else signalled ??= reason;
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => onStopReason(signal, true));
  watchLaunchers((who) => onStopReason(`${who} is gone`, false));

  console.log(`Starting Gancang locally (data in ${settings.dataDir}) ...`);
  let runtime: LocalRuntime;
  try {
    await ensureWebAppBuilt((line) => console.log(line));
    const { demoFleetIntervalSeconds, ...options } = settings;
    runtime = await startLocalRuntime({ ...options, ...(settings.seed && { demoFleetIntervalSeconds }) });
  } catch (error) {
    console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }

  let stoppingSince: number | undefined;
  stop = (reason, repeatable) => {
    if (stoppingSince !== undefined) {
      // Ctrl-C reaches every process of the terminal's group, and npm forwards it as well:
      // the same keypress can arrive twice. Only a deliberate second signal forces the exit.
      if (!repeatable || Date.now() - stoppingSince < 1000) return;
      console.error(`${reason} again: exiting without waiting.`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    console.log(`\n${reason}: stopping ...`);
    runtime.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Stopping failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  if (signalled) {
    stop(signalled, false);
    return;
  }
  console.log(banner(runtime));
}

void main();
