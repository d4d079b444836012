import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#platform/roles';
import { useTestEnvironment } from '../support/env.ts';
import { apiEvent, lambdaContext, parseResult } from '../support/api-event.ts';

useTestEnvironment();
const { handler } = await import('../../../functions/dispatch/drivers.ts');
const { DynamoDbDriverIndex } = await import('#dispatch/adapters/dynamodb-driver-store');
const { DISPATCH_GRID, STORAGE_GRID, blockOf } = await import('#dispatch/domain/geo-cells');

const documents = mockClient(DynamoDBDocumentClient);
const dynamo = mockClient(DynamoDBClient);

const admin = { sub: 'admin-pemkab', roles: ['admin' as Role] };
const TOWN = { lat: -8.2191, lng: 114.3691 };

const registration = (overrides: Record<string, unknown> = {}) => ({
  sub: 'driver-budi',
  name: 'Budi Santoso',
  phone: '0812-3456-7890',
  vehicle: { type: 'MOTORBIKE', plate: 'p1234ab' },
  fleet: { kind: 'GOJEK' },
  medicineTrained: true,
  ...overrides,
});

const register = (body: unknown = registration(), caller = admin, headers: Record<string, string> = {}) =>
  handler(apiEvent({ routeKey: 'POST /v1/drivers', body, caller, headers }), lambdaContext()).then(parseResult);

const asDriver = (sub: string) => ({ sub, roles: ['driver' as Role] });
const put = (routeKey: string, body: unknown, sub: string) => handler(apiEvent({ routeKey, body, caller: asDriver(sub) }), lambdaContext()).then(parseResult);

const storedDriver = (driverId: string, sub: string, extra: Record<string, unknown> = {}) => ({
  pk: `DRIVER#${driverId}`,
  sk: 'DRIVER',
  entity: 'Driver',
  driverId,
  sub,
  name: 'Budi Santoso',
  phone: '+6281234567890',
  vehicle: { type: 'MOTORBIKE', plate: 'P 1234 AB' },
  fleet: { kind: 'GOJEK' },
  medicineTrained: true,
  available: false,
  createdAt: '2026-11-28T09:00:00.000+07:00',
  createdBy: 'admin-pemkab',
  ...extra,
});

/** The warm function remembers subject → driver, so every test uses its own subject. */
function knownDriver(driverId: string, sub: string) {
  documents.on(GetCommand, { Key: { pk: `DRIVER_SUB#${sub}`, sk: 'GUARD' } }).resolves({ Item: { driverId } });
  documents.on(GetCommand, { Key: { pk: `DRIVER#${driverId}`, sk: 'DRIVER' } }).resolves({ Item: storedDriver(driverId, sub) });
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

beforeEach(() => {
  useTestEnvironment();
  documents.reset();
  dynamo.reset();
});

describe('POST /v1/drivers', () => {
  it('writes the driver and its subject and plate guards in one conditional transaction, and answers 201', async () => {
    documents.on(TransactWriteCommand).resolves({});
    const { status, body } = await register();
    expect(status).toBe(201);
    expect(body).toMatchObject({ sub: 'driver-budi', phone: '+6281234567890', vehicle: { plate: 'P 1234 AB' }, available: false });
    expect(body.driverId).toMatch(/^drv_[0-9A-HJKMNP-TV-Z]{26}$/);
    const items = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put!);
    expect(items.map((p) => [p.Item!.pk, p.Item!.sk, p.ConditionExpression])).toEqual([
      [`DRIVER#${body.driverId}`, 'DRIVER', 'attribute_not_exists(pk)'],
      ['DRIVER_SUB#driver-budi', 'GUARD', 'attribute_not_exists(pk)'],
      ['PLATE#P 1234 AB', 'GUARD', 'attribute_not_exists(pk)'],
    ]);
    expect(items[0]!.Item).toMatchObject({ entity: 'Driver', available: false, createdBy: 'admin-pemkab' });
    expect(items[0]!.Item).not.toHaveProperty('gsi1pk');
    expect(items[1]!.Item).toEqual({ pk: 'DRIVER_SUB#driver-budi', sk: 'GUARD', entity: 'Guard', driverId: body.driverId });
  });

  it('answers 409 DRIVER_EXISTS when the subject guard exists, 409 PLATE_TAKEN when the plate guard does', async () => {
    documents.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None')).rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'));
    const first = await register();
    expect([first.status, first.body.error.code]).toEqual([409, 'DRIVER_EXISTS']);
    const second = await register();
    expect([second.status, second.body.error.code]).toEqual([409, 'PLATE_TAKEN']);
  });

  it('answers 409 CONCURRENT_UPDATE when a simultaneous registration conflicts', async () => {
    documents.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict', 'None'));
    const { status, body } = await register();
    expect([status, body.error.code]).toEqual([409, 'CONCURRENT_UPDATE']);
  });

  it('answers 429 with Retry-After when DynamoDB throttles', async () => {
    documents.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const { status, body, headers } = await register();
    expect([status, body.error.code, headers['retry-after']]).toEqual([429, 'THROTTLED', '1']);
  });

  it('answers 422 for an inconsistent fleet and 400 for a bad body, without writing', async () => {
    const taxiInGojek = await register(registration({ vehicle: { type: 'TAXI', plate: 'P 1 T' } }));
    expect([taxiInGojek.status, taxiInGojek.body.error.code]).toEqual([422, 'VEHICLE_NOT_IN_FLEET']);
    const bad = await register(registration({ phone: '021-555', extra: true }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path?: string }) => d.path)).toEqual(expect.arrayContaining(['phone']));
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('reads the taxi company for an operator: unknown company 422, another company 403, its own 201', async () => {
    documents.on(GetCommand, { Key: { pk: 'COMPANY#cmp_nowhere', sk: 'COMPANY' } }).resolves({});
    documents.on(GetCommand, { Key: { pk: 'COMPANY#cmp_osing', sk: 'COMPANY' } }).resolves({ Item: { operators: new Set(['op-osing']) } });
    documents.on(TransactWriteCommand).resolves({});
    const taxi = (companyId: string) => registration({ vehicle: { type: 'TAXI', plate: 'P 7 TX' }, fleet: { kind: 'PARTNER_TAXI', companyId } });
    const unknown = await register(taxi('cmp_nowhere'), { sub: 'op-osing', roles: ['taxi_operator'] });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'UNKNOWN_COMPANY']);
    const foreign = await register(taxi('cmp_osing'), { sub: 'op-elsewhere', roles: ['taxi_operator'] });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const own = await register(taxi('cmp_osing'), { sub: 'op-osing', roles: ['taxi_operator'] });
    expect(own.status).toBe(201);
    expect(own.body.fleet).toEqual({ kind: 'PARTNER_TAXI', companyId: 'cmp_osing' });
  });

  it('honours an Idempotency-Key by recording the request in the idempotency table', async () => {
    documents.on(TransactWriteCommand).resolves({});
    dynamo.resolves({});
    const { status } = await register(registration({ sub: 'driver-idem', vehicle: { type: 'CAR', plate: 'P 55 ID' } }), admin, { 'idempotency-key': 'drv-key-1' });
    expect(status).toBe(201);
    const records = dynamo.calls().filter((c) => JSON.stringify(c.args[0].input).includes('idempotency'));
    expect(records.length).toBeGreaterThanOrEqual(2);
  });
});

describe('GET /v1/drivers/me', () => {
  it("reads the subject guard, then the driver, consistently; hides the index cell", async () => {
    knownDriver('drv_me', 'driver-me');
    const { status, body } = parseResult(await handler(apiEvent({ routeKey: 'GET /v1/drivers/me', caller: asDriver('driver-me') }), lambdaContext()));
    expect(status).toBe(200);
    expect(body).toMatchObject({ driverId: 'drv_me', name: 'Budi Santoso', available: false });
    expect(body).not.toHaveProperty('pk');
    expect(body).not.toHaveProperty('createdBy');
    const reads = documents.commandCalls(GetCommand).map((c) => [c.args[0].input.Key!.pk, c.args[0].input.ConsistentRead]);
    expect(reads).toEqual([
      ['DRIVER_SUB#driver-me', true],
      ['DRIVER#drv_me', true],
    ]);
  });

  it('answers 404 DRIVER_NOT_REGISTERED for a driver token without a driver', async () => {
    documents.on(GetCommand).resolves({});
    const { status, body } = parseResult(await handler(apiEvent({ routeKey: 'GET /v1/drivers/me', caller: asDriver('driver-ghost') }), lambdaContext()));
    expect([status, body.error.code]).toEqual([404, 'DRIVER_NOT_REGISTERED']);
  });
});

describe('PUT /v1/drivers/me/location and /availability', () => {
  it('moves the driver, its cell and its geo-index keys in one conditional UpdateItem, stamped in WIB', async () => {
    knownDriver('drv_mover', 'driver-mover');
    documents.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
      Attributes: storedDriver('drv_mover', 'driver-mover', {
        location: input.ExpressionAttributeValues[':location'],
        cell: input.ExpressionAttributeValues[':cell'],
        lastSeenAt: input.ExpressionAttributeValues[':lastSeenAt'],
        gsi1pk: input.ExpressionAttributeValues[':gsi1pk'],
        gsi1sk: 'drv_mover',
      }),
    }));
    const { status, body } = await put('PUT /v1/drivers/me/location', TOWN, 'driver-mover');
    expect(status).toBe(200);
    expect(body).toMatchObject({ driverId: 'drv_mover', location: TOWN });
    expect(body.lastSeenAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
    expect(body).not.toHaveProperty('gsi1pk');

    expect(documents.commandCalls(UpdateCommand)).toHaveLength(1);
    const update = documents.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.Key).toEqual({ pk: 'DRIVER#drv_mover', sk: 'DRIVER' });
    expect(update.ConditionExpression).toBe('attribute_exists(pk)');
    expect(update.UpdateExpression).toContain('gsi1pk = :gsi1pk');
    expect(update.UpdateExpression).toContain('gsi3pk = :roster, gsi3sk = :driverId');
    expect(update.ExpressionAttributeValues).toMatchObject({
      ':roster': 'DRIVERS',
      ':location': TOWN,
      ':cell': 'g10:-83:1143',
      ':gsi1pk': 'CELL#g10:-83:1143',
      ':driverId': 'drv_mover',
    });
    // The driver item itself is not read on this path: only the (cached) subject guard.
    expect(documents.commandCalls(GetCommand).map((c) => c.args[0].input.Key!.pk)).toEqual(['DRIVER_SUB#driver-mover']);
  });

  it('refuses a position outside the service area with 422 and writes nothing', async () => {
    knownDriver('drv_away', 'driver-away');
    const { status, body } = await put('PUT /v1/drivers/me/location', { lat: -8.17, lng: 113.7 }, 'driver-away');
    expect([status, body.error.code]).toEqual([422, 'OUTSIDE_SERVICE_AREA']);
    expect(documents.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('refuses a malformed position with 400', async () => {
    for (const body of [{ lat: '-8.2', lng: 114.3 }, { lat: -8.2 }, { lat: -8.2, lng: 114.3, accuracy: 5 }, [], null]) {
      const result = await put('PUT /v1/drivers/me/location', body, 'driver-malformed');
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error.code).toMatch(/^[A-Z_]+$/);
    }
  });

  it('switches availability in one UpdateItem, which also files the driver on the operations roster (gsi3)', async () => {
    knownDriver('drv_switch', 'driver-switch');
    documents.on(UpdateCommand).resolves({ Attributes: storedDriver('drv_switch', 'driver-switch', { available: true }) });
    const { status, body } = await put('PUT /v1/drivers/me/availability', { available: true }, 'driver-switch');
    expect([status, body.available]).toEqual([200, true]);
    const update = documents.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.UpdateExpression).toBe('SET #available = :available, gsi3pk = :roster, gsi3sk = :driverId');
    expect(update.ExpressionAttributeValues).toEqual({ ':available': true, ':roster': 'DRIVERS', ':driverId': 'drv_switch' });
    expect((await put('PUT /v1/drivers/me/availability', { available: 'yes' }, 'driver-switch')).status).toBe(400);
  });

  it('answers 429 when the update is throttled and 404 when the guard points at no driver', async () => {
    knownDriver('drv_busy', 'driver-busy');
    documents
      .on(UpdateCommand)
      .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow', $metadata: {} }))
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'gone', $metadata: {} }));
    expect((await put('PUT /v1/drivers/me/availability', { available: true }, 'driver-busy')).status).toBe(429);
    const gone = await put('PUT /v1/drivers/me/availability', { available: true }, 'driver-busy');
    expect([gone.status, gone.body.error.code]).toEqual([404, 'DRIVER_NOT_REGISTERED']);
  });
});

describe('the geo index over gsi1', () => {
  const index = new DynamoDbDriverIndex(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'dispatch');
  const cell = DISPATCH_GRID.cellOf(TOWN);
  const located = (driverId: string, extra: Record<string, unknown> = {}) => ({
    driverId,
    vehicle: { type: 'MOTORBIKE' },
    fleet: { kind: 'GOJEK' },
    medicineTrained: true,
    location: TOWN,
    available: true,
    lastSeenAt: '2026-11-28T10:00:00.000+07:00',
    ...extra,
  });

  it("queries the cell's storage block page by page and maps items to snapshots", async () => {
    const block = STORAGE_GRID.key(STORAGE_GRID.cellOf(TOWN));
    documents
      .on(QueryCommand)
      .resolvesOnce({ Items: [located('drv_a')], LastEvaluatedKey: { pk: 'DRIVER#drv_a', sk: 'DRIVER', gsi1pk: `CELL#${block}`, gsi1sk: 'drv_a' } })
      .resolvesOnce({ Items: [located('drv_b', { currentOfferId: 'ofr_1', available: false }), { driverId: 'drv_broken' }] });
    const drivers = await index.search().driversInCell(cell);
    expect(drivers.map((d) => [d.driverId, d.available, d.activeJobId])).toEqual([
      ['drv_a', true, undefined],
      ['drv_b', false, 'ofr_1'],
    ]);
    const queries = documents.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `CELL#${block}` } });
    expect(queries[0]!.ProjectionExpression).not.toMatch(/phone|name|plate/);
    expect(queries[1]!.ExclusiveStartKey).toMatchObject({ gsi1sk: 'drv_a' });
  });

  it('reads each storage block once per search, and gives each matching cell only its own drivers', async () => {
    // Town is in fine column 5718; the next column east, 5719, lies in the same 0.1° block (5715–5719).
    const east = { lat: TOWN.lat, lng: TOWN.lng + DISPATCH_GRID.cellSizeDeg };
    expect(blockOf(DISPATCH_GRID.cellOf(east))).toEqual(blockOf(cell));
    documents.on(QueryCommand).resolves({ Items: [located('drv_here'), located('drv_east', { location: east })] });
    const search = index.search();
    expect((await search.driversInCell(cell)).map((d) => d.driverId)).toEqual(['drv_here']);
    expect((await search.driversInCell(DISPATCH_GRID.cellOf(east))).map((d) => d.driverId)).toEqual(['drv_east']);
    expect(search.queries).toBe(1);
    // A new search reads afresh: positions change between searches.
    await index.search().driversInCell(cell);
    expect(documents.commandCalls(QueryCommand)).toHaveLength(2);
  });
});
