/**
 * `npm start`: the whole system on this machine, no Docker. Knobs: PORT (API, default 3000; 0 for
 * any free port), GANCANG_DATA_DIR (default .data; each folder is an independent installation),
 * GANCANG_SEED=0 (start empty; otherwise demo data is loaded into an empty store).
 */
import { relative, resolve } from 'node:path';
import { checkJava, javaInstallHelp } from './java.ts';
import { LOCAL_REGION } from './lambda.ts';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, startLocalRuntime, type LocalRuntime } from './runtime.ts';

const READY_LINE = 'Gancang local runtime is ready.';

function knobs(): { port: number; dataDir: string; seed: boolean } {
  const rawPort = process.env.PORT?.trim();
  const port = rawPort ? Number(rawPort) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number (0 for any free port), got "${rawPort}"`);
  }
  const dataDir = resolve(process.env.GANCANG_DATA_DIR?.trim() || DEFAULT_DATA_DIR);
  const seed = !['0', 'false', 'no', 'off'].includes((process.env.GANCANG_SEED ?? '').trim().toLowerCase());
  return { port, dataDir, seed };
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
    `  DynamoDB     ${runtime.dynamoEndpoint}   (DynamoDB Local; tables ${runtime.prefix}*)`,
    `  SQS          ${runtime.sqsEndpoint}   (fauxqs, in memory; queues ${queues}, each with a -dlq)`,
    `  Data folder  ${runtime.dataDir}`,
    `  Region       ${LOCAL_REGION} (the emulators accept any credentials)`,
    '',
    ...(runtime.seeded.length > 0 ? [...runtime.seeded, ''] : []),
    'Try:',
    `  curl ${runtime.apiUrl}/v1/health`,
    `  TOKEN=$(${tokenCommand})`,
    `  curl -H "Authorization: Bearer $TOKEN" '${runtime.apiUrl}/v1/medicine-orders?facilityId=fac_rsud-blambangan'`,
    `  ${cliCredentials} aws dynamodb list-tables --endpoint-url ${runtime.dynamoEndpoint} --region ${LOCAL_REGION}`,
    `  ${cliCredentials} aws sqs list-queues --endpoint-url ${runtime.sqsEndpoint} --region ${LOCAL_REGION}`,
    '',
    'Ctrl-C stops everything.',
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

  // A signal during start-up is honoured once the runtime is up (it cleans up after itself).
  let signalled: NodeJS.Signals | undefined;
  let stop: ((signal: NodeJS.Signals) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop) stop(signal);
    else signalled ??= signal;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  console.log(`Starting Gancang locally (data in ${settings.dataDir}) ...`);
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime(settings);
  } catch (error) {
    console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }

  let stoppingSince: number | undefined;
  stop = (signal) => {
    if (stoppingSince !== undefined) {
      // Ctrl-C reaches every process of the terminal's group, and tsx relays it as well: the
      // same keypress can arrive twice. Only a deliberate second Ctrl-C forces the exit.
      if (Date.now() - stoppingSince < 1000) return;
      console.error(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    console.log(`\n${signal}: stopping ...`);
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
    stop(signalled);
    return;
  }
  console.log(banner(runtime));
}

void main();
