/**
 * Every Gancang Lambda is one of these: the defaults live here and nowhere else (runtime,
 * architecture, bundling, tracing, log group, role) and the grants are expressed in the
 * declaration's terms (`bindTable({ table, access })`, `allowSendTo(queue)`).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Tags, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Table, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal, type IGrantable, type IPrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Access } from '../declaration.ts';
import { ALARM_PERIOD, notify } from './alarms.ts';
import { ESBUILD_ALIAS_ARGS, ESM_REQUIRE_BANNER, EXTERNAL_MODULES, NODE_TARGET } from './bundling.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Tag that names a function after its declaration entry; the parity test reads it back. */
export const FUNCTION_TAG = 'gancang:function';

/** Variables every function gets on top of its contract (`environmentFor`); not part of parity. */
export const RUNTIME_ENVIRONMENT: Readonly<Record<string, string>> = { NODE_OPTIONS: '--enable-source-maps' };

export const FUNCTION_LOG_RETENTION = RetentionDays.ONE_MONTH;

export interface GancangFunctionProps {
  /** The function's name in the declaration (or, for a platform trigger, a name of its own). */
  readonly name: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly description?: string;
  /** Installed files the function reads at run time, copied into folders beside the bundle (declaration `copies`). */
  readonly copies?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A function's physical name: its stack and its declared name, e.g. `Gancang-Workers-jobEvents`.
 * Known before deployment, so the dashboard can chart a function of another stack by name without
 * a cross-stack reference, and operators find `aws logs tail /aws/lambda/…` by the name they know.
 */
export function physicalFunctionName(stackName: string, name: string): string {
  const physical = `${stackName}-${name}`;
  if (physical.length > 64) throw new Error(`Function name '${physical}' is longer than Lambda's 64 characters: use a shorter stack prefix`);
  return physical;
}

/** Bundling hooks that copy installed package files (e.g. a viewer's assets) beside the bundle. */
export function copyIntoBundle(copies: Readonly<Record<string, readonly string[]>>): ICommandHooks {
  const requireFromRoot = createRequire(path.join(REPO_ROOT, 'package.json'));
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) =>
      Object.entries(copies).flatMap(([folder, files]) => [
        `mkdir -p "${path.join(outputDir, folder)}"`,
        ...files.map((file) => `cp "${requireFromRoot.resolve(file)}" "${path.join(outputDir, folder)}/"`),
      ]),
  };
}

export interface FunctionAlarmOptions {
  /** Failed invocations within five minutes that page; one passing fault should not. */
  readonly errorsWithinFiveMinutes?: number;
}

export interface TableBinding {
  readonly table: ITable;
  readonly access: Access;
  /** Index names the function may query. */
  readonly indexes?: readonly string[];
}

export class GancangFunction extends Construct implements IGrantable {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;
  readonly grantPrincipal: IPrincipal;
  /** The deployed name (physicalFunctionName), a plain string usable in any stack. */
  readonly physicalName: string;
  private kmsAcknowledged = false;

  constructor(scope: Construct, id: string, props: GancangFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: FUNCTION_LOG_RETENTION });
    // An own role with a logs policy scoped to this function's log group, instead of the
    // AWSLambdaBasicExecutionRole managed policy, which may write to every log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Gancang ${props.name}`,
      inlinePolicies: {
        logs: new PolicyDocument({
          statements: [
            new PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [this.logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });
    this.grantPrincipal = this.role;
    this.physicalName = physicalFunctionName(Stack.of(this).stackName, props.name);

    this.fn = new NodejsFunction(this, 'Function', {
      functionName: this.physicalName,
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      description: props.description ?? `Gancang ${props.name}`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      environment: { ...props.environment, ...RUNTIME_ENVIRONMENT },
      // The same esbuild settings as the bench (bundling.ts), which measures what deploys.
      bundling: {
        format: OutputFormat.ESM,
        target: NODE_TARGET,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // The SDK is bundled (the version we test is the one that runs, and it loads faster than
        // the runtime's copy), with the credential chain Lambda uses: see bundling.ts.
        bundleAwsSDK: true,
        externalModules: [...EXTERNAL_MODULES],
        esbuildArgs: { ...ESBUILD_ALIAS_ARGS },
        ...(props.copies && { commandHooks: copyIntoBundle(props.copies) }),
      },
    });
    Tags.of(this.fn).add(FUNCTION_TAG, props.name);

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement added by Tracing.ACTIVE: xray:PutTraceSegments and xray:PutTelemetryRecords ' +
        'support no resource-level permissions. test/infra asserts that no other statement has Resource "*".',
    });
  }

  /**
   * Pages operations when the function keeps failing (an unhandled error or a timeout: handlers
   * answer bad input themselves, so an Error is a fault) or when Lambda refuses to run it at all
   * (a throttle: the account's concurrency is used up, and requests or messages wait or fail).
   */
  alarmOn(topic: ITopic, { errorsWithinFiveMinutes = 3 }: FunctionAlarmOptions = {}): { errors: Alarm; throttles: Alarm } {
    const errors = this.fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }).createAlarm(this, 'ErrorsAlarm', {
      alarmDescription: `${this.physicalName} failed ${errorsWithinFiveMinutes} or more times within 5 minutes`,
      threshold: errorsWithinFiveMinutes,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const throttles = this.fn.metricThrottles({ period: ALARM_PERIOD, statistic: 'Sum' }).createAlarm(this, 'ThrottlesAlarm', {
      alarmDescription: `Lambda refused to run ${this.physicalName} (throttled): the account's concurrency is exhausted`,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { errors: notify(errors, topic), throttles: notify(throttles, topic) };
  }

  /**
   * Read-only or read-write data access to one table, its KMS key and the indexes named (from the
   * declaration). `grantRead*Data` on the table itself would add `<table>/index/*`; naming the
   * indexes keeps every resource in the role exact.
   */
  bindTable({ table, access, indexes = [] }: TableBinding): this {
    const tableOnly = Table.fromTableAttributes(this, `${table.node.id}Binding`, {
      tableArn: table.tableArn,
      encryptionKey: table.encryptionKey,
    });
    if (access === 'RW') tableOnly.grantReadWriteData(this);
    else tableOnly.grantReadData(this);
    if (indexes.length > 0) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query', 'dynamodb:Scan'],
          resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    }
    if (access === 'RW' && table.encryptionKey) this.acknowledgeKmsGrant();
    return this;
  }

  /** Permission to send to one queue (and to use its KMS key for that). */
  allowSendTo(queue: IQueue): this {
    queue.grantSendMessages(this);
    if (queue.encryptionMasterKey) this.acknowledgeKmsGrant();
    return this;
  }

  private acknowledgeKmsGrant(): void {
    if (this.kmsAcknowledged) return;
    this.kmsAcknowledged = true;
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'Added by the CDK grant for writing to a KMS-encrypted table or queue, on the one data key only: the ' +
          'wildcard covers the variants of the action (e.g. GenerateDataKeyWithoutPlaintext) that DynamoDB and SQS use.',
      });
    }
  }
}
