/**
 * The user directory as deployed: in the stateful stack (retained, deletion-protected, so an API
 * redeploy never loses an account), self sign-up with a Post Confirmation trigger that makes new
 * users citizens, MFA optional with TOTP only (staff need it: the Pre Token Generation trigger
 * checks), and each trigger allowed exactly one Cognito action on this pool and nothing else.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../infra/declaration.ts';
import { synthesize, type StackTemplate } from './support/synth.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('user directory', () => {
  let stateful: Template;
  let json: StackTemplate;
  let pool: string;
  beforeAll(() => {
    const synthesized = synthesize();
    stateful = synthesized.stateful;
    json = synthesized.json.stateful;
    [pool] = Object.keys(stateful.findResources('AWS::Cognito::UserPool')) as [string];
  });

  const functionTagged = (name: string): { id: string; role: string } => {
    const found = Object.entries(json.Resources).find(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties?.Tags).includes(`"${name}"`),
    );
    if (!found) throw new Error(`no function ${name}`);
    return { id: found[0], role: (found[1].Properties?.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0] };
  };
  const cognitoActionsOf = (role: string): Statement[] =>
    Object.values(json.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles).includes(`"${role}"`))
      .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('cognito-idp:')));

  it('lives in the stateful stack, retained and protected from deletion', () => {
    stateful.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
  });

  it('lets citizens sign themselves up and makes them citizens once confirmed', () => {
    const postConfirmation = functionTagged('cognitoPostConfirmation');
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      LambdaConfig: Match.objectLike({ PostConfirmation: { 'Fn::GetAtt': [postConfirmation.id, 'Arn'] } }),
    });
    expect(cognitoActionsOf(postConfirmation.role)).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'cognito-idp:AdminAddUserToGroup', Resource: { 'Fn::GetAtt': [pool, 'Arn'] } }),
    ]);
  });

  it('turns role groups into scopes with a Pre Token Generation V2 trigger that may read MFA settings of this pool only', () => {
    const preToken = functionTagged('cognitoPreToken');
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      LambdaConfig: Match.objectLike({
        PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: { 'Fn::GetAtt': [preToken.id, 'Arn'] } },
      }),
    });
    expect(cognitoActionsOf(preToken.role)).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'cognito-idp:AdminGetUser', Resource: { 'Fn::GetAtt': [pool, 'Arn'] } }),
    ]);
  });

  it('offers TOTP as the only, optional, second factor (staff are held to it by the Pre Token trigger)', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('has one group per role and a `gancang` resource server with one scope per role', () => {
    const groups = Object.values(stateful.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
    stateful.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'gancang',
      Scopes: ROLES.map((role) => Match.objectLike({ ScopeName: role })),
    });
    const [client] = Object.values(stateful.findResources('AWS::Cognito::UserPoolClient'));
    const allowed = JSON.stringify(client?.Properties.AllowedOAuthScopes);
    for (const role of ROLES) expect(allowed).toContain(`/${role}"`);
  });

  it('has no circular dependency between the pool, its triggers and their grants', () => {
    // The assertions library refuses a template whose resources depend on each other in a loop
    // (which CloudFormation would refuse at deploy time), naming the loop.
    expect(() => Template.fromJSON(json)).not.toThrow();
  });
});
