/**
 * The web app on AWS, read back from the templates: a private bucket that only the distribution
 * reads (origin access control), the security headers, the API behind /v1 and /docs uncached, the
 * app routes rewritten to /index.html (the function's own code, run here against sample paths),
 * the sign-in client with its callback on the distribution, the app URL in the order functions,
 * and the upload with its config.json.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_URL_ENV, ROLES, functions, scopeFor } from '../../infra/declaration.ts';
import { FUNCTION_TAG } from '../../infra/constructs/gancang-function.ts';
import { tileOrigin } from '../../infra/constructs/web-app-hosting.ts';
import { synthesize, type CfnResource, type StackTemplate, type Synthesized } from './support/synth.ts';

/** AWS managed CloudFront policies (their ids are fixed by AWS). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Behavior = Record<string, unknown> & { PathPattern?: string; TargetOriginId: string };
type Origin = { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; S3OriginConfig?: { OriginAccessIdentity: string } };

describe('web app hosting', () => {
  let synthesized: Synthesized;
  let api: Template;
  let json: StackTemplate;
  let distribution: { Origins: Origin[]; DefaultCacheBehavior: Behavior; CacheBehaviors: Behavior[] } & Record<string, unknown>;
  let distributionId: string;
  beforeAll(() => {
    synthesized = synthesize();
    api = synthesized.api;
    json = synthesized.json.api;
    const [id, resource] = only(json, 'AWS::CloudFront::Distribution');
    distributionId = id;
    distribution = resource.Properties?.DistributionConfig as typeof distribution;
  });

  const resourceOf = (expression: unknown): [string, CfnResource] => {
    const e = expression as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    const id = e.Ref ?? e['Fn::GetAtt']?.[0];
    const resource = id === undefined ? undefined : json.Resources[id];
    if (!id || !resource) throw new Error(`Cannot follow ${JSON.stringify(expression)}`);
    return [id, resource];
  };
  const appOrigin = (): Origin => distribution.Origins.find((o) => o.Id === distribution.DefaultCacheBehavior.TargetOriginId)!;
  const appBucketId = (): string => resourceOf((appOrigin().DomainName as { 'Fn::GetAtt': [string, string] }))[0];
  const appUrl = (): unknown => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] });

  it('keeps the app in a private, encrypted bucket without ACLs that refuses plain HTTP', () => {
    const bucket = json.Resources[appBucketId()]!.Properties!;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    api.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: appBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets only this distribution read the bucket, through origin access control (not the legacy identity)', () => {
    const origin = appOrigin();
    expect(origin.S3OriginConfig?.OriginAccessIdentity).toBe('');
    const [, control] = resourceOf(origin.OriginAccessControlId);
    expect(control.Properties?.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(api.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
    api.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: appBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: distributionId }])]) }) } },
          }),
        ]),
      },
    });
  });

  it('answers over HTTPS only (HTTP redirects), with HTTP/2 and HTTP/3, and logs every request', () => {
    expect(distribution.HttpVersion).toBe('http2and3');
    for (const behavior of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) {
      expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    }
    expect(distribution.Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('sends the app a strict Content-Security-Policy, HSTS and the other security headers', () => {
    const [, policy] = resourceOf(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId);
    const headers = (policy.Properties?.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> })
      .SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy!.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'none'",
      "script-src 'self';",
      "style-src 'self';",
      "img-src 'self' data: https://tile.openstreetmap.org;",
      "font-src 'self';",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    // The code-for-token exchange is a fetch to the sign-in domain; nothing else is reachable.
    expect(csp).toMatch(/connect-src 'self' https:\/\/gancang-",\{"Ref":"AWS::AccountId"\},"\.auth\.",\{"Ref":"AWS::Region"\},"\.amazoncognito\.com;/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(headers.ContentSecurityPolicy!.Override).toBe(true);
    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
  });

  it('passes /v1/* and /docs* to the HTTP API: every method, nothing cached, everything but Host forwarded', () => {
    const [httpApi] = only(json, 'AWS::ApiGatewayV2::Api');
    expect(distribution.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual(['/docs*', '/v1/*']);
    for (const behavior of distribution.CacheBehaviors) {
      const origin = distribution.Origins.find((o) => o.Id === behavior.TargetOriginId)!;
      expect(origin.DomainName).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [httpApi, 'ApiEndpoint'] }] }] });
      expect(origin).toMatchObject({ CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] } });
      expect(behavior).toMatchObject({
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      });
      // No app routing, and the API's own headers (the /docs page's CSP) are kept.
      expect(behavior.FunctionAssociations).toBeUndefined();
      const [, headers] = resourceOf(behavior.ResponseHeadersPolicyId);
      const config = JSON.stringify(headers.Properties?.ResponseHeadersPolicyConfig);
      expect(config).not.toContain('ContentSecurityPolicy');
      expect(config).not.toContain('"Override":true');
    }
    // No error response turns an API 404 into the app's page.
    expect(distribution.CustomErrorResponses).toBeUndefined();
  });

  describe('the app routing function (viewer request, run from the template)', () => {
    let route: (uri: string) => string;
    beforeAll(() => {
      const association = (distribution.DefaultCacheBehavior.FunctionAssociations as { EventType: string; FunctionARN: unknown }[])[0]!;
      expect(association.EventType).toBe('viewer-request');
      const [, fn] = resourceOf(association.FunctionARN);
      expect(fn.Properties?.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
      const handler = new Function(`${String(fn.Properties?.FunctionCode)}\nreturn handler;`)() as (event: unknown) => { uri: string };
      route = (uri) => handler({ request: { method: 'GET', uri, querystring: {}, headers: {} } }).uri;
    });

    it.each(['/', '/track/q3Xv9_kL-2bN', '/track/q3Xv9_kL-2bN/', '/desk', '/ops', '/signin', '/signin/callback'])(
      'serves the app for %s',
      (uri) => expect(route(uri)).toBe('/index.html'),
    );

    it.each(['/index.html', '/config.json', '/assets/index-3f2a9c.js', '/assets/index-3f2a9c.css', '/favicon.svg'])(
      'leaves the file %s as asked, so a missing one stays a miss',
      (uri) => expect(route(uri)).toBe(uri),
    );

    it.each(['/v1/health', '/v1/track/q3Xv9_kL-2bN', '/v1/medicine-orders', '/v1', '/docs', '/docs/init.js'])(
      'never rewrites the API path %s',
      (uri) => expect(route(uri)).toBe(uri),
    );
  });

  it('signs the app in through the hosted UI: code grant with PKCE (no secret), back to the distribution', () => {
    const [clientId, client] = only(json, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      ClientName: 'gancang-web',
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', ...ROLES.map(scopeFor)],
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/signin/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] }],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(client.Properties?.GenerateSecret).not.toBe(true);
    const [, domain] = only(json, 'AWS::Cognito::UserPoolDomain');
    expect(domain.Properties?.Domain).toEqual({ 'Fn::Join': ['', ['gancang-', { Ref: 'AWS::AccountId' }]] });
    // The API accepts the web app's tokens as well as the operators' client's.
    const [, authorizer] = only(json, 'AWS::ApiGatewayV2::Authorizer');
    expect((authorizer.Properties?.JwtConfiguration as { Audience: unknown[] }).Audience).toContainEqual({ Ref: clientId });
  });

  it('takes the sign-in domain prefix and the map tiles from context; no tiles leaves no tile origin in the CSP', () => {
    const chosen = synthesize({ context: { 'gancang:authDomainPrefix': 'gancang-banyuwangi', 'gancang:mapTiles': '' } }).json.api;
    expect(only(chosen, 'AWS::Cognito::UserPoolDomain')[1].Properties?.Domain).toBe('gancang-banyuwangi');
    const [, policy] = Object.entries(chosen.Resources).find(
      ([, r]) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy' && JSON.stringify(r).includes('ContentSecurityPolicy'),
    )!;
    const csp = JSON.stringify(policy.Properties);
    expect(csp).toContain("img-src 'self' data:;");
    expect(csp).toContain('https://gancang-banyuwangi.auth.');
  });

  it('refuses a tile server that a CSP cannot name: {s} subdomains, or plain http', () => {
    expect(tileOrigin('https://tiles.example.id/osm/{z}/{x}/{y}.png')).toBe('https://tiles.example.id');
    expect(() => tileOrigin('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toThrow(/no \{s\} subdomains/);
    expect(() => tileOrigin('http://tile.openstreetmap.org/{z}/{x}/{y}.png')).toThrow(/https URL template/);
    expect(() => tileOrigin('tiles')).toThrow(/https URL template/);
  });

  it('gives the functions that link into the app its URL, and no other function', () => {
    const linking = Object.entries(functions).filter(([, spec]) => 'linksToApp' in spec).map(([name]) => name);
    expect(linking).toEqual(['medicineOrders', 'foodOrders', 'rides', 'notifications']);
    const withAppUrl = [...Object.values(json.Resources), ...Object.values(synthesized.json.workers.Resources)]
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .filter((r) => APP_URL_ENV in ((r.Properties?.Environment as { Variables: Record<string, unknown> }).Variables ?? {}));
    const nameOf = (r: (typeof withAppUrl)[number]) => (r.Properties?.Tags as { Key: string; Value: string }[]).find((t) => t.Key === FUNCTION_TAG)?.Value;
    const appUrlOf = (r: (typeof withAppUrl)[number]) => (r.Properties?.Environment as { Variables: Record<string, unknown> }).Variables[APP_URL_ENV];
    expect(withAppUrl.map(nameOf)).toEqual(linking);
    for (const fn of withAppUrl.filter((r) => nameOf(r) !== 'notifications')) expect(appUrlOf(fn)).toEqual(appUrl());
    // The notifications consumer (workers stack) imports it from the API stack's export.
    expect(JSON.stringify(appUrlOf(withAppUrl.find((r) => nameOf(r) === 'notifications')!))).toMatch(/Fn::ImportValue/);
  });

  it('outputs the app URL and the sign-in domain', () => {
    api.hasOutput('AppUrl', { Value: appUrl() });
    api.hasOutput('SignInDomain', Match.anyValue());
  });

  it('uploads the build with a config.json naming the sign-in, the web client and the map tiles, then invalidates', () => {
    const deployments = Object.values(synthesized.json.web.Resources).filter((r) => r.Type === 'Custom::CDKBucketDeployment');
    const hashed = deployments.find((d) => JSON.stringify(d.Properties?.Include) === '["assets/*"]')!.Properties!;
    expect(hashed).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
    const documents = deployments.find((d) => d !== undefined && d.Properties?.DistributionId !== undefined)!.Properties!;
    expect(documents).toMatchObject({ Prune: true, Exclude: ['assets/*'], DistributionPaths: ['/*'], SystemMetadata: { 'cache-control': 'no-cache' } });
    for (const deployment of [hashed, documents]) {
      expect(deployment.DestinationBucketName).toEqual({
        'Fn::Select': [0, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::ImportValue': 'Gancang-Api-AppBucketArn' }] }] }] }],
      });
    }
    const bucketExport = Object.values(synthesized.json.api.Outputs ?? {}).find((o) => o.Export?.Name === 'Gancang-Api-AppBucketArn');
    expect(bucketExport?.Value).toEqual({ 'Fn::GetAtt': [appBucketId(), 'Arn'] });

    // The config.json source: its file in the cloud assembly, with the deploy-time values put back.
    const keys = documents.SourceObjectKeys as string[];
    const markers = (documents.SourceMarkers as Record<string, unknown>[])[1]!;
    const file = readFileSync(path.join(synthesized.assemblyDir, `asset.${keys[1]!.replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
    const config = JSON.parse(
      Object.entries(markers).reduce((text, [marker, value]) => text.replaceAll(marker, JSON.stringify(value).replaceAll('"', "'")), file),
    ) as Record<string, unknown>;
    expect(config).toEqual({
      auth: {
        mode: 'cognito',
        domain: expect.stringMatching(/^https:\/\/\{'Fn::ImportValue':'Gancang-Api:ExportsOutputRefWebSignInDomain\w+'\}\.auth\.\{'Ref':'AWS::Region'\}\.amazoncognito\.com$/),
        clientId: expect.stringMatching(/^\{'Fn::ImportValue':'Gancang-Api:ExportsOutputRefWebWebClient\w+'\}$/),
        redirectUri: expect.stringMatching(/^https:\/\/\{'Fn::ImportValue':'Gancang-Api:ExportsOutputFnGetAttWebDistribution\w+DomainName\w+'\}\/signin\/callback$/),
      },
      mapTiles: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    });
  });

  it('refuses to synthesize without a built app, and says how to build it', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'gancang-no-build-'));
    expect(() => synthesize({ webAppDir: empty })).toThrow(/npm run build:web/);
  });
});

function only(template: StackTemplate, type: string): [string, CfnResource] {
  const found = Object.entries(template.Resources).filter(([, r]) => r.Type === type);
  if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}`);
  return found[0]!;
}
