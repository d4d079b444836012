/**
 * The HTTP API with its one `$default` stage: throttled (public routes lower), with JSON access logs, and routes added
 * in the declaration's terms (a public route has no authorizer; any other needs one of its scopes).
 */
import { Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  type CfnStage,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type HttpRouteIntegration,
  type IHttpRouteAuthorizer,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routeKey, scopeFor, type RouteSpec } from '../declaration.ts';
import { ALARM_PERIOD, notify } from './alarms.ts';

/**
 * Steady 100 requests/s with bursts of 200 covers a festival evening (a few thousand citizens
 * ordering, a few hundred drivers reporting their location every 10-15 s) about twice over,
 * while capping what a misbehaving client can cost before the account-wide limits (10,000 rps
 * shared by every API in the region, and Lambda's concurrency) are reached.
 */
export const STAGE_THROTTLE: ThrottleSettings = { rateLimit: 100, burstLimit: 200 };

/**
 * Each public route (catalogue, tracking, health: no sign-in, so anyone can flood them) gets its
 * own, lower limit in place of the stage default. A flood on them is refused with 429 at the
 * gateway before it takes the Lambda concurrency that the account shares with the pharmacy and
 * dispatch functions. 50/s is still hundreds of citizens browsing the festival catalogue or
 * following a delivery at once.
 */
export const PUBLIC_ROUTE_THROTTLE: ThrottleSettings = { rateLimit: 50, burstLimit: 100 };

/**
 * When the API pages operations: more than 5% of requests answered 5xx (at least 20 requests in
 * the window, so two failures at night are not 100%), or a p99 latency above 3 s (a third of the
 * functions' timeout; the bench measures single-digit milliseconds locally), both sustained.
 */
export const API_ALARMS = { serverErrorPercent: 5, minimumRequests: 20, p99LatencyMs: 3000 } as const;

/**
 * One JSON line per request. No bodies and no headers (so no Authorization), and the route
 * template instead of the path, because a path can carry a tracking token.
 */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  errorMessage: '$context.error.message',
  errorType: '$context.error.responseType',
  sub: '$context.authorizer.claims.sub',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
};

export class GancangHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  private readonly routeSettings: Record<string, { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number }> = {};

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.api = new HttpApi(this, 'HttpApi', { apiName: 'gancang', createDefaultStage: false });
    // The access log is the audit trail of who called which route: kept longer than function logs.
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: STAGE_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    // Filled by addDeclaredRoute; CloudFormation reads it when the template is written.
    (this.stage.node.defaultChild as CfnStage).routeSettings = this.routeSettings;
  }

  /** The 5xx-rate and p99-latency alarms, to the operations topic. */
  alarmOn(topic: ITopic): { serverErrors: Alarm; latency: Alarm } {
    const serverErrors = new Alarm(this, 'ServerErrorRateAlarm', {
      metric: new MathExpression({
        expression: `IF(requests >= ${API_ALARMS.minimumRequests}, 100 * errors / requests, 0)`,
        usingMetrics: {
          requests: this.api.metricCount({ period: ALARM_PERIOD, statistic: Stats.SUM }),
          errors: this.api.metricServerError({ period: ALARM_PERIOD, statistic: Stats.SUM }),
        },
        period: ALARM_PERIOD,
        label: '5xx % of requests',
      }),
      alarmDescription: `More than ${API_ALARMS.serverErrorPercent}% of API requests answered 5xx for 10 minutes`,
      threshold: API_ALARMS.serverErrorPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const latency = this.api.metricLatency({ period: ALARM_PERIOD, statistic: Stats.p(99) }).createAlarm(this, 'LatencyAlarm', {
      alarmDescription: `API p99 latency above ${API_ALARMS.p99LatencyMs} ms for 15 minutes`,
      threshold: API_ALARMS.p99LatencyMs,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { serverErrors: notify(serverErrors, topic), latency: notify(latency, topic) };
  }

  /** Adds one declared route; `authorizer` guards it unless the route is public. */
  addDeclaredRoute(route: RouteSpec, integration: HttpRouteIntegration, authorizer: IHttpRouteAuthorizer): void {
    const [added] = this.api.addRoutes({
      path: route.path,
      methods: [HttpMethod[route.method]],
      integration,
      ...(route.auth === 'public' ? {} : { authorizer, authorizationScopes: route.auth.map(scopeFor) }),
    });
    if (route.auth === 'public' && added) {
      this.routeSettings[routeKey(route)] = {
        ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
      };
      // API Gateway refuses settings for a route key that does not exist yet.
      this.stage.node.addDependency(added);
      Validations.of(added).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${routeKey(route)} is public in the API contract (README, "Anyone"): a liveness probe, the public catalogue or a capability URL.`,
      });
    }
  }
}
