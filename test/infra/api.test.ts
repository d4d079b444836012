import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, routeKey, routes, scopeFor } from '../../infra/declaration.ts';
import { ACCESS_LOG_FIELDS, PUBLIC_ROUTE_THROTTLE, STAGE_THROTTLE } from '../../infra/constructs/gancang-http-api.ts';
import { synthesize, type Synthesized } from './support/synth.ts';

describe('API stack', () => {
  let api: Template;
  let stateful: Template;
  let json: Synthesized['json'];
  beforeAll(() => {
    ({ api, stateful, json } = synthesize());
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
    const [pool] = Object.keys(stateful.findResources('AWS::Cognito::UserPool'));
    const [client] = Object.keys(stateful.findResources('AWS::Cognito::UserPoolClient'));
    // The user directory is the stateful stack's; the API only refers to it.
    const exported = (name: unknown): unknown =>
      Object.values(json.stateful.Outputs ?? {}).find((o) => o.Export?.Name === (name as { 'Fn::ImportValue': string })['Fn::ImportValue'])?.Value;
    const [authorizer] = Object.values(api.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'JWT' } }));
    const jwt = authorizer?.Properties.JwtConfiguration as { Issuer: unknown; Audience: unknown[] };
    expect(authorizer?.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(exported(jwt.Issuer)).toEqual({ 'Fn::GetAtt': [pool, 'ProviderURL'] });
    expect(exported(jwt.Audience[0])).toEqual({ Ref: client });
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

  it('gives each public route its own throttle, below the default, so a flood on them cannot starve the rest', () => {
    expect(PUBLIC_ROUTE_THROTTLE.rateLimit).toBeLessThan(STAGE_THROTTLE.rateLimit!);
    expect(PUBLIC_ROUTE_THROTTLE.burstLimit).toBeLessThan(STAGE_THROTTLE.burstLimit!);
    const [stage] = Object.values(api.findResources('AWS::ApiGatewayV2::Stage'));
    const settings = stage?.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const publicKeys = routes.filter((r) => r.auth === 'public').map(routeKey);
    expect(publicKeys.length).toBeGreaterThan(0);
    expect(Object.keys(settings).sort()).toEqual([...publicKeys].sort());
    for (const key of publicKeys) {
      expect(settings[key], key).toEqual({
        ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
      });
    }
    // The stage is created after the routes it has settings for (API Gateway refuses unknown keys).
    const routeIds = Object.entries(routeResources())
      .filter(([, r]) => publicKeys.includes(r.Properties.RouteKey as string))
      .map(([id]) => id);
    expect(stage?.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('holds no user directory of its own: redeploying the API keeps every account', () => {
    expect(api.findResources('AWS::Cognito::UserPool')).toEqual({});
    // Its one app client is the web app's, which holds no accounts (test/infra/web-hosting.test.ts).
    expect(Object.values(api.findResources('AWS::Cognito::UserPoolClient')).map((c) => c.Properties.ClientName)).toEqual(['gancang-web']);
  });

  it('outputs what a client and an operator need', () => {
    for (const output of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'Region']) api.hasOutput(output, Match.anyValue());
  });
});
