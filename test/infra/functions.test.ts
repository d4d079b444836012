import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_LOG_RETENTION } from '../../infra/constructs/gancang-function.ts';
import { functions, type FunctionName } from '../../infra/declaration.ts';
import { NOTIFICATION_REPLIES } from '../../infra/constructs/notification-channels.ts';
import { COGNITO_TRIGGERS } from '../../infra/constructs/user-directory.ts';
import { synthesize, type StackTemplate } from './support/synth.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('function defaults', () => {
  let stacks: StackTemplate[];
  beforeAll(() => {
    const { json } = synthesize();
    stacks = [json.stateful, json.api, json.workers];
  });

  const ofType = (stack: StackTemplate, type: string) =>
    Object.entries(stack.Resources).filter(([, r]) => r.Type === type);
  const lambdas = () =>
    stacks.flatMap((stack) =>
      ofType(stack, 'AWS::Lambda::Function').map(([id, r]) => ({ id, props: r.Properties ?? {}, stack })),
    );
  const tagOf = (props: Record<string, unknown>): string =>
    (props.Tags as { Key: string; Value: string }[]).find((t) => t.Key === 'gancang:function')?.Value ?? '';

  it('deploys every declared function, plus the Cognito triggers', () => {
    expect(lambdas().map((l) => tagOf(l.props)).sort()).toEqual(
      [...Object.keys(functions), ...Object.keys(COGNITO_TRIGGERS), ...Object.keys(NOTIFICATION_REPLIES)].sort(),
    );
  });

  it('runs every function on Node.js 24 on Graviton, with active tracing and source maps', () => {
    for (const { props } of lambdas()) {
      expect(props, tagOf(props)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
    }
  });

  it('takes memory and timeout from the declaration', () => {
    for (const { props } of lambdas()) {
      const spec = functions[tagOf(props) as FunctionName];
      if (!spec) continue;
      expect({ memory: props.MemorySize, timeout: props.Timeout }).toEqual({ memory: spec.memoryMb, timeout: spec.timeoutSeconds });
    }
  });

  it('logs every function to its own log group with a retention', () => {
    for (const { props, stack } of lambdas()) {
      const logGroup = (props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(stack.Resources[logGroup]?.Properties?.RetentionInDays).toBe(FUNCTION_LOG_RETENTION);
    }
  });

  it('uses no AWS managed policy, and "*" as a resource only for X-Ray', () => {
    for (const stack of stacks) {
      for (const [id, role] of ofType(stack, 'AWS::IAM::Role')) {
        expect(role.Properties?.ManagedPolicyArns, id).toBeUndefined();
      }
      for (const [id, policy] of ofType(stack, 'AWS::IAM::Policy')) {
        const statements = (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
        for (const s of statements.filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')))) {
          expect([s.Action].flat().every((a) => a.startsWith('xray:')), `${id}: ${JSON.stringify(s.Action)}`).toBe(true);
        }
      }
    }
  });

  it('grants a read-only binding no write action', () => {
    const readOnly = Object.entries(functions).filter(
      ([, spec]) => Object.keys(spec.tables).length > 0 && Object.values(spec.tables).every((a) => a === 'RO') && spec.sendsTo.length === 0,
    );
    expect(readOnly.length).toBeGreaterThan(0);
    for (const [name] of readOnly) {
      const fn = lambdas().find((l) => tagOf(l.props) === name);
      const roleId = (fn?.props.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      const actions = ofType(fn!.stack, 'AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties?.Roles).includes(roleId))
        .flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement.flatMap((s) => [s.Action].flat()));
      expect(actions, name).toContain('dynamodb:GetItem');
      expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)|^kms:(Encrypt|GenerateDataKey|ReEncrypt)|^sqs:/.test(a)), name).toEqual([]);
    }
  });
});
