import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, routeKey, routes, scopeFor } from '../../infra/declaration.ts';
import { ACCESS_LOG_FIELDS, STAGE_THROTTLE } from '../../infra/constructs/gancang-http-api.ts';
import { synthesize } from './support/synth.ts';

describe('API stack', () => {
  let api: Template;
  beforeAll(() => {
    api = synthesize().api;
  });

  const routeResources = (): Record<string, { Properties: Record<string, unknown> }> =>
    api.findResources('AWS::ApiGatewayV2::Route') as Record<string, { Properties: Record<string, unknown> }>;
  const routeNamed = (key: string): Record<string, unknown> => {
    const found = Object.values(routeResources()).find((r) => r.Properties.RouteKey === key);
    if (!found) throw new Error(`no route ${key}`);
    return found.Properties;
  };

  it('has exactly the declared routes', () => {
    const keys = Object.values(routeResources()).map((r) => r.Properties.RouteKey);
    expect(keys.sort()).toEqual(routes.map(routeKey).sort());
  });

  it('guards every non-public route with the Cognito JWT authorizer and the route\'s scopes', () => {
    const [authorizerId] = Object.keys(api.findResources('AWS::ApiGatewayV2::Authorizer'));
    const [pool] = Object.keys(api.findResources('AWS::Cognito::UserPool'));
    const [client] = Object.keys(api.findResources('AWS::Cognito::UserPoolClient'));
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: { 'Fn::GetAtt': [pool, 'ProviderURL'] }, Audience: [{ Ref: client }] },
    });
    for (const route of routes.filter((r) => r.auth !== 'public')) {
      expect(routeNamed(routeKey(route)), routeKey(route)).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
        AuthorizationScopes: (route.auth as readonly (typeof ROLES)[number][]).map(scopeFor),
      });
    }
  });

  it('leaves public routes without authorizer and scopes', () => {
    const publicRoutes = routes.filter((r) => r.auth === 'public');
    expect(publicRoutes.length).toBeGreaterThan(0);
    for (const route of publicRoutes) {
      const props = routeNamed(routeKey(route));
      expect(props.AuthorizationType).toBe('NONE');
      expect(props.AuthorizerId).toBeUndefined();
      expect(props.AuthorizationScopes).toBeUndefined();
    }
  });

  it('throttles the default stage and writes JSON access logs without bodies or credentials', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: STAGE_THROTTLE.burstLimit, ThrottlingRateLimit: STAGE_THROTTLE.rateLimit },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
    const [stage] = Object.values(api.findResources('AWS::ApiGatewayV2::Stage'));
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(Object.keys(format)).toEqual(expect.arrayContaining(['requestId', 'routeKey', 'status', 'responseLatency']));
    const variables = Object.values(format).join(' ');
    expect(variables).not.toMatch(/body|header|\$context\.path/i);
    api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('has a user pool with one group per role and a `gancang` resource server with one scope per role', () => {
    const groups = Object.values(api.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
    api.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'gancang',
      Scopes: ROLES.map((role) => Match.objectLike({ ScopeName: role })),
    });
    const [client] = Object.values(api.findResources('AWS::Cognito::UserPoolClient'));
    const allowed = JSON.stringify(client?.Properties.AllowedOAuthScopes);
    for (const role of ROLES) expect(allowed).toContain(`/${role}"`);
  });

  it('turns role groups into scopes with a Pre Token Generation V2 trigger on the Essentials plan', () => {
    api.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: Match.anyValue() } },
      DeletionProtection: 'ACTIVE',
    });
    api.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });

  it('outputs what a client and an operator need', () => {
    for (const output of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'Region']) api.hasOutput(output, Match.anyValue());
  });
});
