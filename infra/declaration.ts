/**
 * The one declaration of Gancang's serverless shape: tables, queues, functions (with what each
 * may touch), routes and schedules. The CDK app (infra/app.ts) and the local runtime
 * (infra/local/start.ts) are both built from this file; test/infra/parity.test.ts proves that
 * what they build agrees.
 *
 * Pure data: no CDK and no AWS SDK imports, so both runtimes and the tests can read it cheaply.
 */
import { APP_URL_ENV, queueEnvName, tableEnvName } from '#platform/env';
import { ROLES, type Role } from '#platform/roles';

export { ROLES, type Role };

/** OAuth scope that an access token carries for a role (Cognito resource server `gancang`). */
export const SCOPE_PREFIX = 'gancang';
export const scopeFor = (role: Role): string => `${SCOPE_PREFIX}/${role}`;

export interface IndexSpec {
  readonly partitionKey: string;
  readonly sortKey?: string;
}

export interface TableSpec {
  /** Bounded context that owns the table; only its functions are granted write access. */
  readonly context: 'platform' | 'ordering' | 'dispatch' | 'promotion' | 'notification';
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes: Readonly<Record<string, IndexSpec>>;
  readonly timeToLiveAttribute?: string;
}

export interface QueueSpec {
  readonly visibilityTimeoutSeconds: number;
  /** Receives before SQS moves a message to the queue's DLQ. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
}

export type Access = 'RO' | 'RW';

export interface ConsumesSpec {
  readonly queue: QueueName;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /**
   * How many batches may be processed at once (the event source mapping's maximum concurrency,
   * 2–1000 on AWS; DEFAULT_CONSUMER_MAX_CONCURRENCY when absent). Lambda adds pollers while the
   * queue has messages, up to this; the local pollers do the same. Only a consumer whose records
   * can be handled in any order across batches may run more than one.
   */
  readonly maxConcurrency?: number;
}

/**
 * Enough to drain a festival peak on one machine, small enough that a bad deploy cannot take all
 * of the account's Lambda concurrency (without a maximum, a mapping scales to 1,000 batches).
 */
export const DEFAULT_CONSUMER_MAX_CONCURRENCY = 5;

/** The batches a consumer may process at once, the same locally and on AWS. */
export function consumerMaxConcurrency(consumes: ConsumesSpec): number {
  return consumes.maxConcurrency ?? DEFAULT_CONSUMER_MAX_CONCURRENCY;
}

export interface FunctionSpec {
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly tables: Readonly<Partial<Record<TableName, Access>>>;
  readonly sendsTo: readonly QueueName[];
  /** For queue consumers: the queue and the batch size of its event source mapping. */
  readonly consumes?: ConsumesSpec;
  /** For scheduled functions: how often they run. */
  readonly everyMinutes?: number;
  /** Files from installed packages that the function reads at run time, copied into a folder beside its bundle. */
  readonly copies?: Readonly<Record<string, readonly string[]>>;
  /** Its responses link to the web app (e.g. `trackingUrl`): it gets the app's origin, GANCANG_APP_URL. */
  readonly linksToApp?: boolean;
}

/** The web app's origin (`https://<CloudFront domain>` on AWS, the API's own origin locally). */
export { APP_URL_ENV };

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly fn: FunctionName;
  /** `public` routes have no authorizer; otherwise the roles whose scope admits the caller. */
  readonly auth: 'public' | readonly Role[];
}

const singleTable = (context: TableSpec['context'], extraIndexes: Readonly<Record<string, IndexSpec>> = {}): TableSpec => ({
  context,
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    gsi1: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    gsi2: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    gsi3: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    ...extraIndexes,
  },
  timeToLiveAttribute: 'expiresAtEpoch',
});

export const tables = {
  /** gsi4 and gsi5 are sparse: only the orders awaiting a driver carry gsi4's keys (ordering/domain/awaiting-driver.ts),
   *  only the orders with an attention flag gsi5's (ordering/domain/needs-attention.ts). */
  ordering: singleTable('ordering', { gsi4: { partitionKey: 'gsi4pk', sortKey: 'gsi4sk' }, gsi5: { partitionKey: 'gsi5pk', sortKey: 'gsi5sk' } }),
  dispatch: singleTable('dispatch'),
  promotion: singleTable('promotion'),
  /** What was sent to whom (the exactly-once ledger, keyed on order, event and recipient), opt-outs,
   *  per-phone counts for the rate limit, and, locally only, the outbox of messages (notification/adapters). */
  notification: { context: 'notification', partitionKey: 'pk', sortKey: 'sk', indexes: {}, timeToLiveAttribute: 'expiresAtEpoch' },
  /** Powertools idempotency records (Idempotency-Key on POSTs, consumer business keys). */
  idempotency: { context: 'platform', partitionKey: 'id', indexes: {}, timeToLiveAttribute: 'expiration' },
} as const satisfies Record<string, TableSpec>;
export type TableName = keyof typeof tables;

export const queues = {
  /** Ordering → dispatch: a job is ready to be matched with a driver. Kept 4 days; its DLQ keeps
   *  messages 14 days, longer than the queue, since a message keeps its age when dead-lettered. */
  dispatch: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 4 },
  /** Dispatch → ordering: a job's progress (courier assigned, picked up, delivered, failed, attention). */
  jobEvents: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 4 },
  /** Ordering → notification: an order reached a step its people hear about (ORDER_NOTICE, kernel/order-notices.ts).
   *  A failed send is retried when the message becomes visible again, 5 receives, then the DLQ and its alarm. */
  notifications: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 4 },
} as const satisfies Record<string, QueueSpec>;
export type QueueName = keyof typeof queues;

const API = { timeoutSeconds: 10, memoryMb: 1024 } as const;

export const functions = {
  health: { ...API, entry: 'functions/platform/health.ts', tables: {}, sendsTo: [] },
  /** The OpenAPI document and its reference page (Swagger UI's files are copied beside the bundle). */
  apiDocs: { ...API, memoryMb: 512, entry: 'functions/platform/api-docs.ts', tables: {}, sendsTo: [], copies: { 'swagger-ui': ['swagger-ui-dist/swagger-ui-bundle.js', 'swagger-ui-dist/swagger-ui.css'] } },
  facilities: {
    ...API,
    entry: 'functions/ordering/facilities.ts',
    tables: { ordering: 'RW', idempotency: 'RW' },
    sendsTo: [],
  },
  medicineOrders: {
    ...API,
    entry: 'functions/ordering/medicine-orders.ts',
    tables: { ordering: 'RW', idempotency: 'RW' },
    sendsTo: ['dispatch', 'notifications'],
    linksToApp: true,
  },
  tracking: {
    ...API,
    entry: 'functions/ordering/tracking.ts',
    // dispatch: read only, for the assigned driver's last position while the package is on its way (DriverPositions).
    tables: { ordering: 'RO', dispatch: 'RO' },
    sendsTo: [],
  },
  drivers: {
    ...API,
    entry: 'functions/dispatch/drivers.ts',
    tables: { dispatch: 'RW', idempotency: 'RW' },
    sendsTo: [],
  },
  driverJobs: {
    ...API,
    entry: 'functions/dispatch/driver-jobs.ts',
    // ordering: read only, for the assigned driver's view of the recipient (DeliveryContacts).
    tables: { dispatch: 'RW', ordering: 'RO', idempotency: 'RW' },
    sendsTo: ['dispatch', 'jobEvents'],
  },
  /** The operations room's reads of dispatch (admin only): drivers and open jobs on the live map, the day's figures. */
  dispatchOperations: {
    ...API,
    entry: 'functions/dispatch/operations.ts',
    tables: { dispatch: 'RO' },
    sendsTo: [],
  },
  dispatchRequests: {
    entry: 'functions/dispatch/dispatch-requests.consumer.ts',
    timeoutSeconds: 30,
    memoryMb: 1024,
    tables: { dispatch: 'RW' },
    sendsTo: ['dispatch', 'jobEvents'],
    // Concurrent batches are safe: every step is a conditional write on the job's state and
    // version, so two batches touching one job leave one winner and the other's step is a no-op
    // or a retry (dispatch-engine.ts); the step whose write wins owns what comes next (a food job
    // READY early matches after moving its time, as the step it beat would have); offers are
    // written with the driver's slot conditionally.
    consumes: { queue: 'dispatch', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: DEFAULT_CONSUMER_MAX_CONCURRENCY },
  },
  dispatchJanitor: {
    entry: 'functions/dispatch/janitor.ts',
    timeoutSeconds: 60,
    memoryMb: 512,
    tables: { dispatch: 'RW' },
    sendsTo: ['dispatch', 'jobEvents'],
    everyMinutes: 2,
  },
  dispatchOutbox: {
    entry: 'functions/dispatch/outbox-sweeper.ts',
    timeoutSeconds: 60,
    memoryMb: 512,
    tables: { dispatch: 'RW' },
    sendsTo: ['dispatch', 'jobEvents'],
    everyMinutes: 1,
  },
  /** The operations room's reads of ordering (admin only): the orders that need attention. */
  orderingOperations: {
    ...API,
    entry: 'functions/ordering/operations.ts',
    tables: { ordering: 'RO' },
    sendsTo: [],
  },
  // ---- Pesta Kuliner Go-Food (festival) functions: add below this line ----
  merchants: {
    ...API,
    entry: 'functions/promotion/merchants.ts',
    tables: { promotion: 'RW', idempotency: 'RW' },
    sendsTo: [],
  },
  festivals: {
    ...API,
    entry: 'functions/promotion/festivals.ts',
    tables: { promotion: 'RW', idempotency: 'RW' },
    sendsTo: [],
  },
  /** Food orders live in ordering; pricing and promotion redemptions go through the promotion module interface (in process), hence promotion RW. */
  foodOrders: {
    ...API,
    entry: 'functions/ordering/food-orders.ts',
    // dispatch: read only, for the driver's last position while the food is on its way (DriverPositions).
    tables: { ordering: 'RW', promotion: 'RW', dispatch: 'RO', idempotency: 'RW' },
    sendsTo: ['dispatch', 'notifications'],
    linksToApp: true,
  },
  /** The government's report: food orders (ordering) and the festival's window (promotion), read only. */
  festivalReport: {
    ...API,
    entry: 'functions/ordering/festival-report.ts',
    tables: { ordering: 'RO', promotion: 'RO' },
    sendsTo: [],
  },
  /** Settles promotion redemptions left HELD by a request that died between its writes. */
  festivalRedemptions: {
    entry: 'functions/promotion/redemption-sweeper.ts',
    timeoutSeconds: 60,
    memoryMb: 512,
    tables: { promotion: 'RW', ordering: 'RO' },
    sendsTo: [],
    everyMinutes: 1,
  },
  // ---- Local taxi partnership functions: add below this line ----
  taxiCompanies: {
    ...API,
    entry: 'functions/dispatch/taxi-companies.ts',
    tables: { dispatch: 'RW', idempotency: 'RW' },
    sendsTo: [],
  },
  /** Rides live in ordering; quotes read partner taxis and company tariffs from dispatch (read-only, through dispatch's taxi-fleet
   *  module), and reading a ride its driver's last position (DriverPositions). */
  rides: {
    ...API,
    entry: 'functions/ordering/rides.ts',
    tables: { ordering: 'RW', dispatch: 'RO', idempotency: 'RW' },
    sendsTo: ['dispatch'],
    linksToApp: true,
  },
  taxiReports: {
    ...API,
    entry: 'functions/ordering/taxi-reports.ts',
    tables: { ordering: 'RO', dispatch: 'RO' },
    sendsTo: [],
  },
  jobEvents: {
    entry: 'functions/ordering/job-events.consumer.ts',
    timeoutSeconds: 30,
    memoryMb: 1024,
    // promotion: a food order withdrawn from dispatch gives its promotion use back.
    // dispatch: read only, for what job events leave out (JobParticulars).
    tables: { ordering: 'RW', promotion: 'RW', dispatch: 'RO' },
    // notifications: the notice of each step the order takes (driver assigned, delivered…).
    sendsTo: ['notifications'],
    // Concurrent batches are safe: a batch keeps its own records in order, and events of one job
    // split across batches are tolerated by followJob (conditional on the order's step: an event
    // ahead of its order fails and comes back, an older one is superseded).
    consumes: { queue: 'jobEvents', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: DEFAULT_CONSUMER_MAX_CONCURRENCY },
  },
  orderingOutbox: {
    entry: 'functions/ordering/outbox-sweeper.ts',
    timeoutSeconds: 60,
    memoryMb: 512,
    tables: { ordering: 'RW' },
    sendsTo: ['dispatch', 'notifications'],
    everyMinutes: 1,
  },
  /** Hands orders awaiting a driver over to dispatch again when their JOB_READY was lost (ordering/application/handover-reconciler.ts). */
  orderingHandover: {
    entry: 'functions/ordering/handover-reconciler.ts',
    timeoutSeconds: 60,
    memoryMb: 512,
    tables: { ordering: 'RW' },
    sendsTo: ['dispatch'],
    everyMinutes: 1,
  },
  // ---- Notifications: add below this line ----
  /**
   * Tells patients, citizens and merchants what happens to their orders (notification/). On AWS it
   * sends through the channels of `awsChannels` (WhatsApp, then SMS; settings from the deploy);
   * locally to the local outbox (GET /local/messages). ordering: read only, for who is told and
   * what the texts may show (NoticeParticulars); promotion: read only, for a merchant's phone.
   */
  notifications: {
    entry: 'functions/notification/notices.consumer.ts',
    timeoutSeconds: 30,
    memoryMb: 512,
    tables: { notification: 'RW', ordering: 'RO', promotion: 'RO' },
    sendsTo: [],
    // Concurrent batches are safe: each message is sent once through the ledger's conditional
    // claim (notify.ts), whichever batch carries it. Two notices of one order are minutes apart
    // (assigned, picked up), so they rarely share a moment, and a standard queue never promised
    // their order across batches anyway.
    consumes: { queue: 'notifications', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: DEFAULT_CONSUMER_MAX_CONCURRENCY },
    // The medicine messages carry the tracking link.
    linksToApp: true,
  },
} as const satisfies Record<string, FunctionSpec>;
export type FunctionName = keyof typeof functions;

const ADMIN: readonly Role[] = ['admin'];
const PHARMACY: readonly Role[] = ['pharmacy', 'admin'];
const DRIVER: readonly Role[] = ['driver'];

export const routes: readonly RouteSpec[] = [
  { method: 'GET', path: '/v1/health', fn: 'health', auth: 'public' },
  { method: 'GET', path: '/v1/openapi.json', fn: 'apiDocs', auth: 'public' },
  { method: 'GET', path: '/docs', fn: 'apiDocs', auth: 'public' },
  { method: 'GET', path: '/docs/{asset}', fn: 'apiDocs', auth: 'public' },

  { method: 'POST', path: '/v1/facilities', fn: 'facilities', auth: ADMIN },
  { method: 'GET', path: '/v1/facilities', fn: 'facilities', auth: PHARMACY },
  { method: 'GET', path: '/v1/facilities/{facilityId}', fn: 'facilities', auth: PHARMACY },

  { method: 'POST', path: '/v1/medicine-orders', fn: 'medicineOrders', auth: PHARMACY },
  { method: 'GET', path: '/v1/medicine-orders', fn: 'medicineOrders', auth: PHARMACY },
  { method: 'GET', path: '/v1/medicine-orders/{orderId}', fn: 'medicineOrders', auth: PHARMACY },
  { method: 'POST', path: '/v1/medicine-orders/{orderId}/status', fn: 'medicineOrders', auth: PHARMACY },

  { method: 'GET', path: '/v1/track/{trackingToken}', fn: 'tracking', auth: 'public' },

  { method: 'POST', path: '/v1/drivers', fn: 'drivers', auth: ['admin', 'taxi_operator'] },
  { method: 'GET', path: '/v1/drivers/me', fn: 'drivers', auth: DRIVER },
  { method: 'PUT', path: '/v1/drivers/me/location', fn: 'drivers', auth: DRIVER },
  { method: 'PUT', path: '/v1/drivers/me/availability', fn: 'drivers', auth: DRIVER },

  { method: 'GET', path: '/v1/drivers/me/offers', fn: 'driverJobs', auth: DRIVER },
  { method: 'POST', path: '/v1/offers/{offerId}/accept', fn: 'driverJobs', auth: DRIVER },
  { method: 'POST', path: '/v1/offers/{offerId}/decline', fn: 'driverJobs', auth: DRIVER },
  { method: 'GET', path: '/v1/jobs/{jobId}', fn: 'driverJobs', auth: DRIVER },
  { method: 'POST', path: '/v1/jobs/{jobId}/pickup', fn: 'driverJobs', auth: DRIVER },
  { method: 'POST', path: '/v1/jobs/{jobId}/deliver', fn: 'driverJobs', auth: DRIVER },
  { method: 'POST', path: '/v1/jobs/{jobId}/fail', fn: 'driverJobs', auth: DRIVER },

  { method: 'GET', path: '/v1/ops/drivers', fn: 'dispatchOperations', auth: ADMIN },
  { method: 'GET', path: '/v1/ops/jobs', fn: 'dispatchOperations', auth: ADMIN },
  { method: 'GET', path: '/v1/ops/jobs/{jobId}/decisions', fn: 'dispatchOperations', auth: ADMIN },
  { method: 'GET', path: '/v1/ops/today', fn: 'dispatchOperations', auth: ADMIN },
  { method: 'GET', path: '/v1/ops/attention', fn: 'orderingOperations', auth: ADMIN },

  // ---- Pesta Kuliner Go-Food (festival) routes: add below this line ----
  { method: 'POST', path: '/v1/merchants', fn: 'merchants', auth: ['merchant'] },
  { method: 'GET', path: '/v1/merchants', fn: 'merchants', auth: ['merchant', 'admin'] },
  { method: 'GET', path: '/v1/merchants/{merchantId}', fn: 'merchants', auth: ['merchant', 'admin'] },
  { method: 'POST', path: '/v1/merchants/{merchantId}/approve', fn: 'merchants', auth: ADMIN },
  { method: 'POST', path: '/v1/merchants/{merchantId}/reject', fn: 'merchants', auth: ADMIN },
  { method: 'PUT', path: '/v1/merchants/{merchantId}/menu', fn: 'merchants', auth: ['merchant'] },
  { method: 'GET', path: '/v1/merchants/{merchantId}/menu', fn: 'merchants', auth: 'public' },

  { method: 'POST', path: '/v1/festivals', fn: 'festivals', auth: ADMIN },
  { method: 'GET', path: '/v1/festivals', fn: 'festivals', auth: 'public' },
  { method: 'GET', path: '/v1/festivals/{festivalId}', fn: 'festivals', auth: 'public' },
  { method: 'POST', path: '/v1/festivals/{festivalId}/merchants', fn: 'festivals', auth: ADMIN },
  { method: 'GET', path: '/v1/festivals/{festivalId}/merchants', fn: 'festivals', auth: 'public' },
  { method: 'POST', path: '/v1/festivals/{festivalId}/promotions', fn: 'festivals', auth: ADMIN },
  { method: 'GET', path: '/v1/festivals/{festivalId}/promotions', fn: 'festivals', auth: ADMIN },
  { method: 'GET', path: '/v1/festivals/{festivalId}/report', fn: 'festivalReport', auth: ADMIN },

  { method: 'POST', path: '/v1/food-orders', fn: 'foodOrders', auth: ['citizen'] },
  { method: 'GET', path: '/v1/food-orders', fn: 'foodOrders', auth: ['citizen', 'merchant', 'admin'] },
  { method: 'GET', path: '/v1/food-orders/{orderId}', fn: 'foodOrders', auth: ['citizen', 'merchant', 'admin'] },
  { method: 'POST', path: '/v1/food-orders/{orderId}/status', fn: 'foodOrders', auth: ['merchant'] },
  { method: 'POST', path: '/v1/food-orders/{orderId}/cancel', fn: 'foodOrders', auth: ['citizen', 'merchant', 'admin'] },

  // ---- Local taxi partnership routes: add below this line ----
  { method: 'POST', path: '/v1/taxi-companies', fn: 'taxiCompanies', auth: ADMIN },
  { method: 'GET', path: '/v1/taxi-companies', fn: 'taxiCompanies', auth: ADMIN },
  { method: 'GET', path: '/v1/taxi-companies/{companyId}', fn: 'taxiCompanies', auth: ['taxi_operator', 'admin'] },
  { method: 'GET', path: '/v1/taxi-companies/{companyId}/drivers', fn: 'drivers', auth: ['taxi_operator', 'admin'] },
  { method: 'GET', path: '/v1/taxi-companies/{companyId}/report', fn: 'taxiReports', auth: ['taxi_operator', 'admin'] },
  { method: 'POST', path: '/v1/rides/quote', fn: 'rides', auth: ['citizen'] },
  { method: 'POST', path: '/v1/rides', fn: 'rides', auth: ['citizen'] },
  { method: 'GET', path: '/v1/rides', fn: 'rides', auth: ['citizen'] },
  { method: 'GET', path: '/v1/rides/{rideId}', fn: 'rides', auth: ['citizen', 'admin'] },
  { method: 'POST', path: '/v1/rides/{rideId}/cancel', fn: 'rides', auth: ['citizen'] },
];

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/**
 * The environment a function receives: the physical names of the tables it is bound to, the
 * URLs of the queues it sends to or consumes and, if it links to the web app, the app's origin (`appUrl`;
 * empty until the runtime knows it: the links are relative then). `resolve*` give the physical
 * names in the runtime at hand.
 */
export function environmentFor(
  name: FunctionName,
  resolveTable: (table: TableName) => string,
  resolveQueue: (queue: QueueName) => string,
  appUrl = '',
): Record<string, string> {
  const spec: FunctionSpec = functions[name];
  const env: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: `gancang-${name}`,
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
  for (const table of Object.keys(spec.tables) as TableName[]) env[tableEnvName(table)] = resolveTable(table);
  for (const queue of spec.sendsTo) env[queueEnvName(queue)] = resolveQueue(queue);
  // A consumer may set how long a message it failed stays invisible (backoff): it needs the queue's URL.
  if (spec.consumes) env[queueEnvName(spec.consumes.queue)] = resolveQueue(spec.consumes.queue);
  if (spec.linksToApp) env[APP_URL_ENV] = appUrl;
  return env;
}

export const functionNames = (): FunctionName[] => Object.keys(functions) as FunctionName[];
export const tableNames = (): TableName[] => Object.keys(tables) as TableName[];
export const queueNames = (): QueueName[] => Object.keys(queues) as QueueName[];
