/**
 * The Pesta Kuliner Go-Food part of the templates: its routes with the right scopes (and public
 * where the catalogue is public), the promotion table granted only where a function needs it,
 * the report read-only, and the redemption sweeper on its schedule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes, scopeFor, tables } from '../../infra/declaration.ts';
import { synthesize, type StackTemplate } from './support/synth.ts';

const FESTIVAL_ROUTES: Record<string, string[] | 'public'> = {
  'POST /v1/merchants': ['merchant'],
  'GET /v1/merchants': ['merchant', 'admin'],
  'GET /v1/merchants/{merchantId}': ['merchant', 'admin'],
  'POST /v1/merchants/{merchantId}/approve': ['admin'],
  'POST /v1/merchants/{merchantId}/reject': ['admin'],
  'PUT /v1/merchants/{merchantId}/menu': ['merchant'],
  'GET /v1/merchants/{merchantId}/menu': 'public',
  'POST /v1/festivals': ['admin'],
  'GET /v1/festivals': 'public',
  'GET /v1/festivals/{festivalId}': 'public',
  'POST /v1/festivals/{festivalId}/merchants': ['admin'],
  'GET /v1/festivals/{festivalId}/merchants': 'public',
  'POST /v1/festivals/{festivalId}/promotions': ['admin'],
  'GET /v1/festivals/{festivalId}/promotions': ['admin'],
  'GET /v1/festivals/{festivalId}/report': ['admin'],
  'POST /v1/food-orders': ['citizen'],
  'GET /v1/food-orders': ['citizen', 'merchant', 'admin'],
  'GET /v1/food-orders/{orderId}': ['citizen', 'merchant', 'admin'],
  'POST /v1/food-orders/{orderId}/status': ['merchant'],
  'POST /v1/food-orders/{orderId}/cancel': ['citizen', 'merchant', 'admin'],
};

type Statement = { Action: string | string[]; Resource: unknown };

describe('Pesta Kuliner Go-Food infrastructure', () => {
  let json: { api: StackTemplate; workers: StackTemplate; stateful: StackTemplate };
  beforeAll(() => {
    json = synthesize().json;
  });

  it('declares every festival route with its scopes, public only where anyone may read', () => {
    const deployed = new Map(
      Object.values(json.api.Resources)
        .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
        .map((r) => [r.Properties?.RouteKey as string, r.Properties ?? {}]),
    );
    for (const [key, auth] of Object.entries(FESTIVAL_ROUTES)) {
      expect(routes.map(routeKey), key).toContain(key);
      const props = deployed.get(key);
      expect(props, key).toBeDefined();
      if (auth === 'public') expect(props!.AuthorizationType, key).toBe('NONE');
      else expect(props!.AuthorizationScopes, key).toEqual(auth.map((role) => scopeFor(role as never)));
    }
  });

  it('has the promotion table, single-table keys and indexes, encrypted and retained', () => {
    expect(tables.promotion.context).toBe('promotion');
    const table = Object.entries(json.stateful.Resources).find(([id, r]) => r.Type === 'AWS::DynamoDB::Table' && id.startsWith('promotionTable'))?.[1];
    expect(table).toBeDefined();
    expect(JSON.stringify(table!.Properties?.KeySchema)).toContain('"pk"');
    expect((table!.Properties?.GlobalSecondaryIndexes as unknown[]).length).toBe(3);
    expect(table!.Properties?.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table!.DeletionPolicy).toBe('Retain');
  });

  const statementsOf = (fn: string): Statement[] =>
    [json.api, json.workers].flatMap((stack) =>
      Object.entries(stack.Resources)
        .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith(`${fn}Role`))
        .flatMap(([, r]) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement),
    );
  const writesTo = (fn: string, table: string): boolean =>
    statementsOf(fn).some((s) => [s.Action].flat().some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem)/.test(a)) && JSON.stringify(s.Resource).includes(`${table}Table`));
  const readsFrom = (fn: string, table: string): boolean =>
    statementsOf(fn).some((s) => [s.Action].flat().includes('dynamodb:GetItem') && JSON.stringify(s.Resource).includes(`${table}Table`));

  it('grants the promotion table to the promotion functions and, explicitly, to food orders', () => {
    for (const fn of ['merchants', 'festivals', 'foodOrders', 'festivalRedemptions']) expect(writesTo(fn, 'promotion'), fn).toBe(true);
    expect(writesTo('foodOrders', 'ordering')).toBe(true);
    expect(writesTo('merchants', 'ordering')).toBe(false);
    expect(readsFrom('merchants', 'ordering')).toBe(false);
    expect(writesTo('medicineOrders', 'promotion')).toBe(false);
    expect(readsFrom('medicineOrders', 'promotion')).toBe(false);
  });

  it('gives the report read access only, and the sweeper only a read of the orders', () => {
    expect(readsFrom('festivalReport', 'ordering') && readsFrom('festivalReport', 'promotion')).toBe(true);
    expect(writesTo('festivalReport', 'ordering') || writesTo('festivalReport', 'promotion')).toBe(false);
    expect(writesTo('festivalRedemptions', 'ordering')).toBe(false);
    expect(readsFrom('festivalRedemptions', 'ordering')).toBe(true);
  });

  it('lets food orders send to the dispatch queue, and runs the redemption sweeper every minute', () => {
    expect(statementsOf('foodOrders').some((s) => [s.Action].flat().includes('sqs:SendMessage'))).toBe(true);
    const rules = Object.values(json.workers.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules.some((r) => JSON.stringify(r.Properties?.Targets).includes('festivalRedemptions'))).toBe(true);
  });
});
