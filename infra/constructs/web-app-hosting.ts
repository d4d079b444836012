/**
 * The web app on AWS, on one domain with the API: a private S3 bucket (the built app) behind a
 * CloudFront distribution that reaches it through origin access control, with `/v1/*` and
 * `/docs*` passed to the HTTP API uncached, so the app calls the API on its own origin (no CORS);
 * and the app's sign-in: Cognito's hosted UI on the pool's domain, authorization code with PKCE
 * through the web client made here. `config` is what the app reads from `/config.json`, which
 * WebAppUpload writes next to the build.
 *
 * It lives in the API stack: the functions that answer orders need the app's URL, the
 * distribution needs the API's domain and the JWT authorizer needs the web client, whose callback
 * names the distribution. In one stack that is a chain (function → distribution → API); split
 * across two stacks it is a cycle. Only the upload, which nothing refers to, has a stack of its own.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { OAuthScope, UserPoolClient, UserPoolDomain, type IUserPool } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ROLES, scopeFor } from '../declaration.ts';

/** The app's routes that sign-in returns to (plan item 1: `/signin/callback`, then `/`). */
export const SIGN_IN_CALLBACK_PATH = '/signin/callback';
export const SIGN_OUT_PATH = '/';

/** OpenStreetMap's tile server, the app's default map (config.json `mapTiles`). */
export const DEFAULT_MAP_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/** The paths CloudFront passes to the HTTP API instead of the bucket. */
export const API_PATH_PATTERNS = ['/v1/*', '/docs*'] as const;

/** The viewer-request function that serves /index.html for the app's routes (plain JavaScript, as CloudFront runs it). */
export const APP_ROUTING_FUNCTION_FILE = fileURLToPath(new URL('./app-routing.cloudfront.js', import.meta.url));

/**
 * The app's Content-Security-Policy: nothing from elsewhere but the map tiles (images) and the
 * sign-in domain (the code-for-token exchange is a fetch to it); no inline script or style, no
 * framing, no `<base>`.
 */
export function contentSecurityPolicy(origins: { readonly mapTiles: string | null; readonly signIn: string }): string {
  const tiles = origins.mapTiles === null ? [] : [tileOrigin(origins.mapTiles)];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self' data:", ...tiles].join(' '),
    `connect-src 'self' ${origins.signIn}`,
    "font-src 'self'",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * `https://tile.openstreetmap.org/{z}/{x}/{y}.png` → `https://tile.openstreetmap.org`. One HTTPS
 * host only: a `{s}` subdomain template cannot be named in a CSP, and an http one would be mixed content.
 */
export function tileOrigin(template: string): string {
  let url: URL | undefined;
  try {
    url = new URL(template.replace(/\{[zxy]\}/g, '0'));
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || /[{}]/.test(url.host)) {
    throw new Error(`gancang:mapTiles must be an https URL template with {z}/{x}/{y} on one host (no {s} subdomains), not ${template}`);
  }
  return url.origin;
}

export interface WebAppConfig {
  readonly auth: { readonly mode: 'cognito'; readonly domain: string; readonly clientId: string; readonly redirectUri: string };
  readonly mapTiles: string | null;
}

export interface WebAppHostingProps {
  /** The API that `/v1/*` and `/docs*` go to. */
  readonly httpApi: IHttpApi;
  readonly userPool: IUserPool;
  /** Prefix of the hosted sign-in's domain, `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly authDomainPrefix: string;
  /** Tile URL template for the maps, or null for none. */
  readonly mapTiles: string | null;
}

export class WebAppHosting extends Construct {
  readonly bucket: Bucket;
  /** The export that names the bucket's ARN to the upload's stack (a fixed name, so its IAM finding is one to acknowledge). */
  readonly bucketArnExport: string;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`, no trailing slash: what GANCANG_APP_URL and trackingUrl start with. */
  readonly appUrl: string;
  readonly signInDomain: UserPoolDomain;
  /** The web app's public client (code grant with PKCE, no secret). */
  readonly client: UserPoolClient;
  /** The app's `/config.json` (ISSUE10-PLAN item 2), with deploy-time values. */
  readonly config: WebAppConfig;

  constructor(scope: Construct, id: string, props: WebAppHostingProps) {
    super(scope, id);
    const region = Stack.of(this).region;

    const logs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with an ACL grant to the bucket owner, which a bucket that
      // disables ACLs refuses; this bucket holds only logs and is never readable from outside the account.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the app bucket and the distribution; logging it into itself would loop.',
    });

    this.bucket = new Bucket(this, 'AppBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Not versioned: every object is rebuilt from the repository by `npm run deploy`, and old
      // hashed assets are kept anyway (see the deployments below), so a page loaded before a deploy still works.
      versioned: false,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      // Retained on a destroy of the API stack (a bucket must be empty to be deleted); a redeploy makes a new one.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucketArnExport = `${Stack.of(this).stackName}-AppBucketArn`;
    Stack.of(this).exportValue(this.bucket.bucketArn, { name: this.bucketArnExport });

    const signInUrl = `https://${props.authDomainPrefix}.auth.${region}.amazoncognito.com`;
    const appHeaders = new ResponseHeadersPolicy(this, 'AppHeaders', {
      comment: 'Gancang web app: strict CSP, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy({ mapTiles: props.mapTiles, signIn: signInUrl }), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    // The API's responses keep their own headers (the /docs page sends its own CSP); CloudFront
    // adds HSTS and the rest only where the API sent none.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Gancang API through the app domain: HSTS, nosniff; the API\'s own headers win',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: false },
        contentTypeOptions: { override: false },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: false },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: false },
      },
    });

    const appRouting = new CloudFrontFunction(this, 'AppRouting', {
      comment: 'Serves /index.html for the web app routes (paths that name no file)',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(readFileSync(APP_ROUTING_FUNCTION_FILE, 'utf8')),
    });

    // The API's domain, without the stage path (`$default` has none).
    const apiDomain = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    const toApi: BehaviorOptions = {
      origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // Everything the viewer sent (Authorization, query string, body) except Host, which must be the API's own.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Gancang: the web app and, under /v1 and /docs, the API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Viewers are in Indonesia; this class includes Asia's edge locations and costs less than all.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: appHeaders,
        functionAssociations: [{ function: appRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, toApi])),
    });
    this.appUrl = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: the service is for Banyuwangi, but families and pharmacies reach it from anywhere in Indonesia and ' +
          'abroad (migrant workers following a parent\'s delivery), and the public tracking page shows nothing personal.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No AWS WAF web ACL: its monthly cost per ACL and rule is out of proportion for a regency service; the API behind ' +
          '/v1 has its own per-route throttling (public routes lower), and the app itself is static files.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The app is served on its cloudfront.net name, whose certificate CloudFront owns and whose viewer security policy ' +
          'it fixes; a minimum of TLSv1.2 needs the regency\'s own domain and ACM certificate, which this stack does not have yet.',
      },
    );

    this.signInDomain = new UserPoolDomain(this, 'SignInDomain', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix: props.authDomainPrefix },
    });
    this.client = new UserPoolClient(this, 'WebClient', {
      userPool: props.userPool,
      userPoolClientName: 'gancang-web',
      // A browser cannot keep a secret: authorization code with PKCE (the app sends the challenge).
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        callbackUrls: [`${this.appUrl}${SIGN_IN_CALLBACK_PATH}`],
        logoutUrls: [`${this.appUrl}${SIGN_OUT_PATH}`],
        // The resource server's scopes exist in the stateful stack, deployed before this one.
        scopes: [OAuthScope.OPENID, ...ROLES.map((role) => OAuthScope.custom(scopeFor(role)))],
      },
    });

    this.config = {
      auth: {
        mode: 'cognito',
        domain: this.signInDomain.baseUrl(),
        clientId: this.client.userPoolClientId,
        redirectUri: `${this.appUrl}${SIGN_IN_CALLBACK_PATH}`,
      },
      mapTiles: props.mapTiles,
    };
  }
}
