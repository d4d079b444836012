/**
 * Synthesizes the Gancang app the way `cdk synth` does (same feature flags from cdk.json, cdk-nag
 * attached by buildApp) but without bundling the functions, which tests of the templates do not
 * need and which would make each synth several times slower. Templates are read from the one
 * cloud assembly (assertions' `fromStack` would synthesize again for every stack).
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { REPO_ROOT } from '../../../infra/constructs/gancang-function.ts';
import { buildApp, type BuildAppProps, type GancangApp } from '../../../infra/stacks/build-app.ts';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}
export interface StackTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Export?: { readonly Name: string } }>;
}

export interface Synthesized {
  readonly gancang: GancangApp;
  readonly assemblyDir: string;
  readonly stateful: Template;
  readonly api: Template;
  readonly workers: Template;
  readonly web: Template;
  /** Warnings and errors that constructs attached while synthesizing (deprecations, misuse). */
  readonly annotations: readonly string[];
  /** The raw templates, for walking references across stacks. */
  readonly json: { readonly stateful: StackTemplate; readonly api: StackTemplate; readonly workers: StackTemplate; readonly web: StackTemplate };
}

const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };

export interface SynthesizeOptions extends Omit<BuildAppProps, 'app'> {
  /**
   * CDK's built-in CloudFormation template validation, which `cdk synth` runs. It takes seconds
   * per synth, so only the test that asserts a clean validation report turns it on.
   */
  readonly builtinValidation?: boolean;
  /** Context on top of cdk.json's, as `cdk deploy -c key=value` gives it. */
  readonly context?: Record<string, unknown>;
}

/**
 * A stand-in for `web/dist` (the web app's build, not made by the infra tests): an index.html and
 * one hashed asset, made once per test file.
 */
let builtApp: string | undefined;
export function stubWebAppBuild(): string {
  if (builtApp) return builtApp;
  const dir = mkdtempSync(path.join(tmpdir(), 'gancang-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Gancang</title><script type="module" src="/assets/index-0000.js"></script>');
  writeFileSync(path.join(dir, 'assets', 'index-0000.js'), 'export {};');
  return (builtApp = dir);
}

export function synthesize({ builtinValidation = false, context = {}, ...props }: SynthesizeOptions = {}): Synthesized {
  const gancang = buildApp({
    webAppDir: stubWebAppBuild(),
    ...props,
    app: {
      context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: builtinValidation,
    },
  });
  const assembly = gancang.app.synth();
  const read = (stack: Stack): StackTemplate => assembly.getStackArtifact(stack.artifactId).template as StackTemplate;
  const json = { stateful: read(gancang.stateful), api: read(gancang.api), workers: read(gancang.workers), web: read(gancang.web) };
  const annotations = [gancang.stateful, gancang.api, gancang.workers, gancang.web].flatMap((stack) =>
    assembly
      .getStackArtifact(stack.artifactId)
      .messages.filter((m) => m.level === 'warning' || m.level === 'error')
      .map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`),
  );
  return {
    gancang,
    annotations,
    assemblyDir: assembly.directory,
    stateful: Template.fromJSON(json.stateful),
    api: Template.fromJSON(json.api),
    workers: Template.fromJSON(json.workers),
    web: Template.fromJSON(json.web),
    json,
  };
}

