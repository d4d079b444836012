/**
 * The food order's write on DynamoDB Local: a repeat of the same write (what the SDK sends when
 * the first attempt's answer was lost) succeeds instead of saying "exists", so the order's
 * promotion is never given back for an order that was written.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FoodOrder } from '../../shared/ordering/domain/food-order.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';

let t: TestRuntime;
let store: import('../../shared/ordering/adapters/dynamodb-food-order-store.ts').DynamoDbFoodOrderStore;

const order = (orderId: string, subtotalIdr = 44_000): FoodOrder =>
  ({
    orderId,
    festivalId: 'fest_write',
    festivalName: 'Pesta Kuliner',
    merchant: { merchantId: 'mer_write', name: 'Sego Tempong Mbok Nah', kecamatan: 'Giri', location: { lat: -8.1901, lng: 114.3297 }, ownerSub: 'umkm-1' },
    citizenSub: 'warga-write',
    status: 'PLACED',
    version: 1,
    items: [],
    subtotalIdr,
    discountIdr: 0,
    deliveryFeeIdr: 10_000,
    totalIdr: subtotalIdr + 10_000,
    deliveryDistanceKm: 2.1,
    dropoff: { location: { lat: -8.2045, lng: 114.3712 }, address: { street: 'Jl. Kepiting 12', desa: 'Lateng', kecamatan: 'Banyuwangi' } },
    timeline: [{ status: 'PLACED', at: '2026-12-19T12:00:00.000+07:00' }],
    placedAt: '2026-12-19T12:00:00.000+07:00',
    updatedAt: '2026-12-19T12:00:00.000+07:00',
  }) as FoodOrder;

beforeAll(async () => {
  t = await startTestRuntime({ consumers: false });
  const { DynamoDbFoodOrderStore } = await import('../../shared/ordering/adapters/dynamodb-food-order-store.ts');
  store = new DynamoDbFoodOrderStore(t.ddb, t.tableName('ordering'), { now: () => new Date() });
});
afterAll(async () => {
  await t?.stop();
});

describe('writing a food order on DynamoDB Local', () => {
  it('the same write again (a retry whose first attempt landed) succeeds, and there is one order', async () => {
    await store.createFoodOrder(order('fo_01JWRITE0000000000000000AA'), []);
    await store.createFoodOrder(order('fo_01JWRITE0000000000000000AA'), []);
    const { Items = [] } = await t.ddb.send(
      new QueryCommand({ TableName: t.tableName('ordering'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'FO#fo_01JWRITE0000000000000000AA' } }),
    );
    expect(Items).toHaveLength(1);
  });
});
