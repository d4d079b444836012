/**
 * The Gancang CDK app as a function, so that `infra/app.ts` (the CLI's entry point) and the tests
 * in test/infra build exactly the same thing. cdk-nag's AWS Solutions pack runs on every synth;
 * a finding that is not acknowledged next to the resource it concerns fails the synth.
 */
import * as path from 'node:path';
import { App, Aws, Validations, type AppProps, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './api-stack.ts';
import { declared, type Declaration } from './declared.ts';
import { REPO_ROOT } from '../constructs/gancang-function.ts';
import { NotificationChannels, notificationSettings } from '../constructs/notification-channels.ts';
import { OperationsDashboard } from '../constructs/operations-dashboard.ts';
import { DEFAULT_MAP_TILES } from '../constructs/web-app-hosting.ts';
import { StatefulStack } from './stateful-stack.ts';
import { WebStack } from './web-stack.ts';
import { WorkersStack } from './workers-stack.ts';

export interface BuildAppProps {
  readonly env?: Environment;
  /** Defaults to infra/declaration.ts; tests pass variants. */
  readonly declaration?: Declaration;
  /** Passed to the App (context, outdir, …), e.g. `aws:cdk:bundling-stacks: []` in tests. */
  readonly app?: AppProps;
  /** Stack names are `${prefix}-Stateful`, `-Api`, `-Workers`, `-Web`. */
  readonly prefix?: string;
  readonly callbackUrls?: readonly string[];
  readonly alarmEmail?: string;
  /** The built web app; defaults to context `gancang:webAppDir`, then web/dist (`npm run build:web`). */
  readonly webAppDir?: string;
}

export interface GancangApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly api: ApiStack;
  readonly workers: WorkersStack;
  readonly web: WebStack;
}

export function buildApp(props: BuildAppProps = {}): GancangApp {
  const app = new App({
    ...props.app,
    // Exports and imports between the stacks (CloudFormation refuses to drop a table or queue a
    // deployed function still uses). Set here so every synth is explicit; cdk.json may override.
    context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong', ...props.app?.context },
  });
  const prefix = props.prefix ?? 'Gancang';
  const declaration = props.declaration ?? declared;
  const env = props.env;
  const description = (what: string): string => `Gancang (Pemkab Banyuwangi): ${what}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env,
    description: description('tables, queues, user directory, keys, alarms'),
    declaration,
    alarmEmail: props.alarmEmail ?? optionalContext(app, 'gancang:alarmEmail'),
    callbackUrls: props.callbackUrls ?? callbackUrlsFrom(app),
    terminationProtection: true,
  });
  const resources = stateful.resources();
  const api = new ApiStack(app, `${prefix}-Api`, {
    env,
    description: description('HTTP API, route handlers'),
    declaration,
    resources,
    users: stateful.users,
    web: {
      // Cognito domain prefixes are global per region: the account id keeps two accounts (and the
      // stack prefix two installations in one account) apart. `-c gancang:authDomainPrefix=…` to choose.
      authDomainPrefix: optionalContext(app, 'gancang:authDomainPrefix') ?? `${prefix.toLowerCase()}-${Aws.ACCOUNT_ID}`,
      mapTiles: mapTilesFrom(app),
    },
  });
  const web = new WebStack(app, `${prefix}-Web`, {
    env,
    description: description('the web app\'s upload (build and config.json)'),
    appDir: props.webAppDir ?? optionalContext(app, 'gancang:webAppDir') ?? path.join(REPO_ROOT, 'web', 'dist'),
    hosting: api.web,
  });
  // The bucket is named through an export by name, which CloudFormation orders but CDK does not see.
  web.addStackDependency(api);
  const workers = new WorkersStack(app, `${prefix}-Workers`, {
    env,
    description: description('queue consumers and scheduled functions'),
    declaration,
    // The notifications consumer's messages carry the tracking link: the workers import the app's
    // URL from the API stack (deployed first); nothing of the workers goes the other way.
    resources: { ...resources, appUrl: api.web.appUrl },
  });
  // WhatsApp and SMS for the notifications consumer, as the deploy's context sets them (none: messages are logged as skipped).
  const sender = workers.functions.notifications;
  if (!sender) throw new Error('The notifications consumer is missing from the workers stack');
  new NotificationChannels(workers, 'NotificationChannels', {
    sender: sender.fn,
    ledger: stateful.tables.notification,
    settings: notificationSettings(app),
    alarmTopic: stateful.opsTopic,
  });
  // The dashboard sits with the API (whose metrics need its id) and charts the other stacks'
  // functions by physical name, so the API stack does not depend on the workers.
  new OperationsDashboard(api, 'Operations', {
    api: api.http.api,
    functionNames: [...Object.values(api.functions), ...Object.values(workers.functions)].map((fn) => fn.physicalName).sort(),
    triggerNames: [stateful.users.preTokenGeneration.physicalName, stateful.users.postConfirmation.physicalName],
    queues: Object.entries(stateful.queues).map(([name, q]) => ({ name, queue: q.queue, deadLetterQueue: q.deadLetterQueue })),
    tables: Object.entries(stateful.tables).map(([name, table]) => ({ name, table })),
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, api, workers, web };
}

function optionalContext(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// `-c gancang:mapTiles=<template with {z}/{x}/{y}>`; an empty value means maps without tiles.
function mapTilesFrom(app: App): string | null {
  const value: unknown = app.node.tryGetContext('gancang:mapTiles');
  if (value === undefined) return DEFAULT_MAP_TILES;
  return typeof value === 'string' && value !== '' ? value : null;
}

// `cdk deploy -c gancang:callbackUrls=https://a/cb,https://b/cb`; the default suits local apps.
function callbackUrlsFrom(app: App): string[] {
  return (optionalContext(app, 'gancang:callbackUrls') ?? 'http://localhost:3000/auth/callback').split(',');
}
