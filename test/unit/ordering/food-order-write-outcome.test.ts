/**
 * A food order's promotion when the order's write fails: only a write the store proves did not
 * happen gives the promotion back at once. Any other failure may have written the order, so the
 * redemption stays HELD and the redemption sweeper settles it from whether the order exists.
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PLATFORM_TARIFFS } from '#kernel/fares';
import type { Caller } from '#platform/http/caller';
import { foodOrderFate } from '#ordering/adapters/food-order-adapters';
import type { FoodOrder } from '#ordering/domain/food-order';
import type { FestivalCatalog } from '#kernel/festival-catalog';
import { FoodOrderNotWrittenError, type FoodOrderPorts, type FoodOrderStore } from '#ordering/ports/food-order-ports';
import { placeFoodOrder } from '#ordering/application/food-order-use-cases';
import { DynamoDbFoodOrderStore } from '#ordering/adapters/dynamodb-food-order-store';
import { confirmRedemption, redeemPromotion, releaseRedemption, reopenRedemption, settleHeldRedemptions } from '#promotion/application/festival-sales';
import { memory, NOW } from '../support/in-memory-promotion.ts';

const citizen: Caller = { sub: 'warga-1', roles: new Set(['citizen']) };
const MERCHANT_AT = { lat: -8.1901, lng: 114.3297 };

/** What the order's write does: lands, lands but its answer is lost, is lost before landing, or is refused. */
type WriteOutcome = 'OK' | 'LANDED_THEN_TIMEOUT' | 'TIMEOUT_BEFORE_WRITE' | 'REFUSED';

function world(outcome: WriteOutcome) {
  const promotion = memory();
  const orders = new Map<string, FoodOrder>();
  const timeout = () => Object.assign(new Error('Socket timed out'), { name: 'TimeoutError' });
  const store: Pick<FoodOrderStore, 'createFoodOrder' | 'getFoodOrder'> = {
    async createFoodOrder(order) {
      if (outcome === 'REFUSED') throw new FoodOrderNotWrittenError('CONCURRENT_UPDATE', 'The food order could not be written now; retry');
      if (outcome === 'TIMEOUT_BEFORE_WRITE') throw timeout();
      orders.set(order.orderId, order);
      if (outcome === 'LANDED_THEN_TIMEOUT') throw timeout();
      return [];
    },
    getFoodOrder: async (orderId) => orders.get(orderId),
  };
  const catalog: FestivalCatalog = {
    priceOrder: async (request) => ({
      festival: { festivalId: request.festivalId, name: 'Pesta Kuliner' },
      merchant: { merchantId: request.merchantId, name: 'Sego Tempong Mbok Nah', kecamatan: 'Giri', location: MERCHANT_AT, ownerSub: 'umkm-1', prepMinutes: 20 },
      lines: [{ itemId: 'item_tempong', name: 'Sego tempong', priceIdr: 25_000, quantity: 2, lineTotalIdr: 50_000 }],
      subtotalIdr: 50_000,
    }),
    redeem: (request) => redeemPromotion(promotion.ports, request),
    confirm: (orderId) => confirmRedemption(promotion.ports, orderId),
    reopen: (orderId) => reopenRedemption(promotion.ports, orderId),
    release: async (orderId) => void (await releaseRedemption(promotion.ports, orderId)),
    festival: async () => undefined,
    merchantOwner: async () => 'umkm-1',
  };
  const ports = {
    store: store as FoodOrderStore,
    catalog,
    relay: { publish: async () => undefined },
    platformTariffs: PLATFORM_TARIFFS,
    clock: { now: () => NOW },
    ids: { next: (prefix: string) => `${prefix}_1` },
  } satisfies FoodOrderPorts;
  const place = () =>
    placeFoodOrder(ports, citizen, {
      festivalId: 'fest_1',
      merchantId: 'mer_1',
      items: [{ itemId: 'item_tempong', quantity: 2 }],
      dropoff: { location: { lat: -8.2045, lng: 114.3712 }, address: { street: 'Jl. Kepiting 12', desa: 'Lateng', kecamatan: 'Banyuwangi' } },
      promoCode: 'KULINER20',
    });
  const sweep = () => settleHeldRedemptions(promotion.ports, { fateOf: (orderId) => foodOrderFate(store, orderId) });
  return { promotion, orders, place, sweep };
}

describe('a food order whose write fails', () => {
  it('landed but its answer was lost: the redemption stays HELD, and the sweeper confirms it for the order that exists', async () => {
    const w = world('LANDED_THEN_TIMEOUT');
    await expect(w.place()).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(w.orders.has('fo_1')).toBe(true);
    expect(w.promotion.redemptions.get('fo_1')).toMatchObject({ status: 'HELD', discountIdr: 10_000 });
    expect(w.promotion.promo()).toMatchObject({ redeemedCount: 1, spentIdr: 10_000 });

    expect(await w.sweep()).toEqual({ released: 0, confirmed: 1 });
    expect(w.promotion.redemptions.get('fo_1')!.status).toBe('CONFIRMED');
    expect(w.promotion.promo()).toMatchObject({ redeemedCount: 1, spentIdr: 10_000 }); // the order keeps its discount
  });

  it('lost before it landed: the redemption stays HELD, and the sweeper releases it, as no order exists', async () => {
    const w = world('TIMEOUT_BEFORE_WRITE');
    await expect(w.place()).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(w.promotion.redemptions.get('fo_1')!.status).toBe('HELD');

    expect(await w.sweep()).toEqual({ released: 1, confirmed: 0 });
    expect(w.promotion.redemptions.get('fo_1')!.status).toBe('RELEASED');
    expect(w.promotion.promo()).toMatchObject({ redeemedCount: 0, spentIdr: 0 });
  });

  it('refused, so certainly not written: the redemption is released at once', async () => {
    const w = world('REFUSED');
    await expect(w.place()).rejects.toBeInstanceOf(FoodOrderNotWrittenError);
    expect(w.promotion.redemptions.get('fo_1')!.status).toBe('RELEASED');
    expect(w.promotion.promo()).toMatchObject({ redeemedCount: 0, spentIdr: 0 });
  });

  it('written: the redemption is confirmed and the sweeper has nothing to do', async () => {
    const w = world('OK');
    await w.place();
    expect(w.promotion.redemptions.get('fo_1')!.status).toBe('CONFIRMED');
    expect(await w.sweep()).toEqual({ released: 0, confirmed: 0 });
  });
});

describe('the DynamoDB food order store says "not written" only when it knows', () => {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  const mock = mockClient(documents);
  const store = new DynamoDbFoodOrderStore(documents, 'ordering', { now: () => NOW });
  const order = { orderId: 'fo_01JD0000000000000000000000', festivalId: 'fest_1', merchant: { merchantId: 'mer_1' }, citizenSub: 'warga-1' } as unknown as FoodOrder;
  const cancelled = (code: string) =>
    new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: code }] });

  beforeEach(() => {
    mock.reset();
  });

  it('writes in one idempotent transaction keyed by the order id, so the SDK’s retry of a write that landed succeeds', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await store.createFoodOrder(order, []);
    const input = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input as TransactWriteCommandInput;
    expect(input.ClientRequestToken).toBe(order.orderId);
  });

  it('a cancelled transaction is "not written": ORDER_EXISTS for its own condition, CONCURRENT_UPDATE for a conflict', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'));
    await expect(store.createFoodOrder(order, [])).rejects.toMatchObject({ constructor: FoodOrderNotWrittenError, code: 'ORDER_EXISTS', status: 409 });
    mock.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    await expect(store.createFoodOrder(order, [])).rejects.toMatchObject({ constructor: FoodOrderNotWrittenError, code: 'CONCURRENT_UPDATE' });
  });

  it('a timeout, a 5xx or a transaction still in progress is unknown: never "not written"', async () => {
    for (const name of ['TimeoutError', 'InternalServerError', 'TransactionInProgressException', 'ProvisionedThroughputExceededException', 'IdempotentParameterMismatchException']) {
      mock.reset();
      mock.on(TransactWriteCommand).rejects(Object.assign(new Error(name), { name }));
      const error = await store.createFoodOrder(order, []).catch((e: unknown) => e);
      expect(error).toMatchObject({ name });
      expect(error).not.toBeInstanceOf(FoodOrderNotWrittenError);
    }
  });
});
