import { describe, expect, it } from 'vitest';
import { ConcurrentUpdateError } from '#platform/errors';
import type { Caller } from '#platform/http/caller';
import type { OutboxMessage } from '#platform/outbox';
import { fareIdr, PLATFORM_TARIFFS, roadDistanceKm } from '#kernel/fares';
import { festivalTallies } from '#ordering/domain/festival-report';
import { followedFoodOrderView, foodOrderView, type FoodOrder } from '#ordering/domain/food-order';
import type { FestivalCatalog } from '#kernel/festival-catalog';
import { FoodOrderNotWrittenError, type FoodOrderPorts, type FoodOrderStore } from '#ordering/ports/food-order-ports';
import { cancelFoodOrder, changeFoodOrderStatus, foodJobReady, followFoodOrder, getFoodOrder, listFoodOrders, placeFoodOrder } from '#ordering/application/food-order-use-cases';
import { followJob } from '#ordering/application/follow-job';
import { PromoRefusedError } from '#promotion/domain/festival';

const NOW = new Date('2026-12-19T05:00:00Z'); // 12:00 WIB
const MERCHANT_AT = { lat: -8.1901, lng: 114.3297 };
const citizen: Caller = { sub: 'warga-1', roles: new Set(['citizen']) };
const otherCitizen: Caller = { sub: 'warga-2', roles: new Set(['citizen']) };
const owner: Caller = { sub: 'umkm-1', roles: new Set(['merchant']) };
const otherMerchant: Caller = { sub: 'umkm-2', roles: new Set(['merchant']) };

/** `sent`: what went to dispatch; the order notices (notifications queue) apart, in `notices`. */
function memoryStore(): FoodOrderStore & { orders: Map<string, FoodOrder>; sent: OutboxMessage[]; notices: OutboxMessage[]; failCreate?: boolean } {
  const orders = new Map<string, FoodOrder>();
  const sent: OutboxMessage[] = [];
  const notices: OutboxMessage[] = [];
  const record = (messages: readonly OutboxMessage[]) => messages.forEach((m) => (m.queue === 'notifications' ? notices : sent).push(m));
  const store = {
    orders,
    sent,
    notices,
    failCreate: false,
    async createFoodOrder(order: FoodOrder, messages: readonly OutboxMessage[] = []) {
      if (store.failCreate) throw new FoodOrderNotWrittenError('CONCURRENT_UPDATE', 'The food order could not be written now; retry');
      orders.set(order.orderId, order);
      record(messages);
      return [];
    },
    async getFoodOrder(id: string) {
      return orders.get(id);
    },
    async saveFoodOrderTransition(next: FoodOrder, expected: { status: string; version: number }, messages: readonly OutboxMessage[]) {
      const current = orders.get(next.orderId);
      if (!current || current.status !== expected.status || current.version !== expected.version) throw new ConcurrentUpdateError('The food order');
      orders.set(next.orderId, next);
      record(messages);
      return [];
    },
    async listFoodOrders() {
      return { items: [...orders.values()], nextCursor: null };
    },
    async listFestivalFoodOrders() {
      return [...orders.values()];
    },
    async festivalTallies(festivalId: string) {
      return festivalTallies(festivalId, [...orders.values()]);
    },
  };
  return store;
}

function fakeCatalog(options: { discountIdr?: number; refuse?: PromoRefusedError } = {}) {
  const calls: string[] = [];
  const catalog: FestivalCatalog = {
    priceOrder: async (request) => {
      calls.push('price');
      const menu: Record<string, [string, number]> = { item_tempong: ['Sego tempong', 22_000], item_teh: ['Es teh', 5_000] };
      const lines = request.items.map(({ itemId, quantity }) => {
        const [name, priceIdr] = menu[itemId]!;
        return { itemId, name, priceIdr, quantity, lineTotalIdr: priceIdr * quantity };
      });
      return {
        festival: { festivalId: request.festivalId, name: 'Pesta Kuliner' },
        merchant: { merchantId: request.merchantId, name: 'Sego Tempong Mbok Nah', kecamatan: 'Giri', location: MERCHANT_AT, ownerSub: 'umkm-1', prepMinutes: 20 },
        lines,
        subtotalIdr: lines.reduce((sum, line) => sum + line.lineTotalIdr, 0),
      };
    },
    redeem: async (request) => {
      calls.push(`redeem:${request.orderId}`);
      if (options.refuse) throw options.refuse;
      return { code: request.code.toUpperCase(), discountIdr: options.discountIdr ?? 5_000 };
    },
    confirm: async (orderId) => void calls.push(`confirm:${orderId}`),
    reopen: async (orderId) => void calls.push(`reopen:${orderId}`),
    release: async (orderId) => void calls.push(`release:${orderId}`),
    festival: async () => undefined,
    merchantOwner: async (merchantId) => ({ mer_1: 'umkm-1', mer_2: 'umkm-2' })[merchantId],
  };
  return { catalog, calls };
}

let counter = 0;
function ports(store = memoryStore(), catalog = fakeCatalog()): FoodOrderPorts & { store: ReturnType<typeof memoryStore> } {
  return { store, catalog: catalog.catalog, relay: { publish: async () => undefined }, platformTariffs: PLATFORM_TARIFFS, clock: { now: () => NOW }, ids: { next: (prefix) => `${prefix}_${++counter}` } };
}

const DROPOFF = { lat: -8.2045, lng: 114.3712 };
const body = (overrides: Record<string, unknown> = {}) => ({
  festivalId: 'fest_1',
  merchantId: 'mer_1',
  items: [
    { itemId: 'item_tempong', quantity: 2 },
    { itemId: 'item_teh', quantity: 3 },
  ],
  dropoff: { location: DROPOFF, address: { street: 'Jl. Kepiting 12', desa: 'Lateng', kecamatan: 'Banyuwangi' } },
  recipient: { name: 'Ayu', phone: '+6281234500009' },
  ...overrides,
});

describe('placing a food order', () => {
  it('prices from the menu, adds the motorbike delivery fee by road distance, totals in whole rupiah', async () => {
    const p = ports();
    const order = await placeFoodOrder(p, citizen, body());
    const fee = fareIdr(PLATFORM_TARIFFS.MOTORBIKE, roadDistanceKm(MERCHANT_AT, DROPOFF));
    expect(order).toMatchObject({ status: 'PLACED', subtotalIdr: 59_000, discountIdr: 0, deliveryFeeIdr: fee, totalIdr: 59_000 + fee });
    expect(Number.isInteger(order.deliveryFeeIdr)).toBe(true);
    expect(order.items.map((line) => line.lineTotalIdr)).toEqual([44_000, 15_000]);
  });

  it('redeems a promotion keyed by the new order’s id, then confirms it once the order is written', async () => {
    const catalog = fakeCatalog({ discountIdr: 11_800 });
    const p = ports(memoryStore(), catalog);
    const order = await placeFoodOrder(p, citizen, body({ promoCode: 'kuliner20' }));
    expect(order).toMatchObject({ discountIdr: 11_800, totalIdr: 59_000 - 11_800 + order.deliveryFeeIdr, promo: { code: 'KULINER20', discountIdr: 11_800 } });
    expect(catalog.calls).toEqual(['price', `redeem:${order.orderId}`, `confirm:${order.orderId}`]);
  });

  it('writes no order when the promotion is refused', async () => {
    const p = ports(memoryStore(), fakeCatalog({ refuse: new PromoRefusedError('PROMO_EXHAUSTED') }));
    await expect(placeFoodOrder(p, citizen, body({ promoCode: 'HABIS' }))).rejects.toMatchObject({ status: 422, code: 'PROMO_EXHAUSTED' });
    expect(p.store.orders.size).toBe(0);
  });

  it('gives the redemption back when the store proves the order was not written', async () => {
    const store = memoryStore();
    store.failCreate = true;
    const catalog = fakeCatalog();
    await expect(placeFoodOrder(ports(store, catalog), citizen, body({ promoCode: 'KULINER20' }))).rejects.toMatchObject({ code: 'CONCURRENT_UPDATE' });
    expect(catalog.calls.at(-1)).toMatch(/^release:fo_/);
    expect(catalog.calls.some((call) => call.startsWith('confirm'))).toBe(false);
  });

  it('refuses a dropoff outside Banyuwangi, and any role but citizen', async () => {
    await expect(placeFoodOrder(ports(), citizen, body({ dropoff: { location: { lat: -8.17, lng: 113.7 }, address: body().dropoff.address } }))).rejects.toMatchObject({ code: 'OUTSIDE_SERVICE_AREA' });
    await expect(placeFoodOrder(ports(), owner, body())).rejects.toMatchObject({ status: 403 });
  });
});

describe('the merchant working the order', () => {
  it('accepting hands a FOOD job to dispatch, ready when the food will be', async () => {
    const p = ports();
    const order = await placeFoodOrder(p, citizen, body());
    const accepted = await changeFoodOrderStatus(p, owner, order.orderId, { status: 'ACCEPTED', prepMinutes: 25 });
    expect(accepted).toMatchObject({ status: 'ACCEPTED', prepMinutes: 25, readyAt: '2026-12-19T12:25:00.000+07:00' });
    expect(p.store.sent).toHaveLength(1);
    expect(p.store.sent[0]!.body).toMatchObject({
      type: 'JOB_READY',
      kind: 'FOOD',
      jobId: `job_${order.orderId}`,
      ownerId: 'mer_1',
      requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false },
      readyAt: '2026-12-19T12:25:00.000+07:00',
      fareIdr: order.deliveryFeeIdr,
    });
    expect(p.store.sent[0]!.body).not.toHaveProperty('deliveryCodeHash');
    // No name, phone, street or merchant name: the assigned driver reads them through DeliveryContacts.
    expect(JSON.stringify(p.store.sent[0]!.body)).not.toMatch(/Ayu|1234500009|Kepiting|Tempong/i);
  });

  it('READY before the planned time tells dispatch the food is ready now; READY on time sends nothing', async () => {
    const p = ports();
    const order = await placeFoodOrder(p, citizen, body());
    await changeFoodOrderStatus(p, owner, order.orderId, { status: 'ACCEPTED', prepMinutes: 30 });
    await changeFoodOrderStatus(p, owner, order.orderId, { status: 'READY' });
    expect(p.store.sent.map((m) => m.body)).toEqual([
      expect.objectContaining({ type: 'JOB_READY', readyAt: '2026-12-19T12:30:00.000+07:00' }),
      expect.objectContaining({ type: 'JOB_READY', jobId: `job_${order.orderId}`, readyAt: '2026-12-19T12:00:00.000+07:00' }),
    ]);
    // The handover reconciler builds the same message: a re-hand keeps the earlier readyAt.
    expect(foodJobReady(p.store.orders.get(order.orderId)!, 'msg_rehand', '2026-12-19T12:10:00.000+07:00').readyAt).toBe('2026-12-19T12:00:00.000+07:00');

    const onTime = ports();
    const second = await placeFoodOrder(onTime, citizen, body());
    await changeFoodOrderStatus(onTime, owner, second.orderId, { status: 'ACCEPTED', prepMinutes: 1 });
    const later = { ...onTime, clock: { now: () => new Date(NOW.getTime() + 2 * 60_000) } };
    await changeFoodOrderStatus(later, owner, second.orderId, { status: 'READY' });
    expect(onTime.store.sent).toHaveLength(1);
  });

  it('accepting without minutes takes the merchant’s usual time captured with the order, or 15 minutes for an order that has none', async () => {
    const p = ports();
    const order = await placeFoodOrder(p, citizen, body());
    expect(order.merchant.prepMinutes).toBe(20);
    const accepted = await changeFoodOrderStatus(p, owner, order.orderId, { status: 'ACCEPTED' });
    expect(accepted).toMatchObject({ status: 'ACCEPTED', prepMinutes: 20, readyAt: '2026-12-19T12:20:00.000+07:00' });
    expect(p.store.sent[0]!.body).toMatchObject({ type: 'JOB_READY', readyAt: '2026-12-19T12:20:00.000+07:00' });

    // An order placed before merchants had a usual time.
    const older = await placeFoodOrder(p, citizen, body());
    const { prepMinutes: _none, ...merchant } = older.merchant;
    await p.store.createFoodOrder({ ...older, orderId: 'fo_older', merchant }, []);
    expect(await changeFoodOrderStatus(p, owner, 'fo_older', { status: 'ACCEPTED' })).toMatchObject({ prepMinutes: 15, readyAt: '2026-12-19T12:15:00.000+07:00' });
  });

  it('follows the transition table: READY after ACCEPTED; nothing from REJECTED', async () => {
    const p = ports();
    const order = await placeFoodOrder(p, citizen, body());
    await expect(changeFoodOrderStatus(p, owner, order.orderId, { status: 'READY' })).rejects.toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
    await changeFoodOrderStatus(p, owner, order.orderId, { status: 'ACCEPTED', prepMinutes: 10 });
    expect((await changeFoodOrderStatus(p, owner, order.orderId, { status: 'READY' })).status).toBe('READY');
    await expect(changeFoodOrderStatus(p, owner, order.orderId, { status: 'REJECTED', reason: 'habis' })).rejects.toMatchObject({ status: 409 });
  });

  it('READY while the courier is already assigned stamps the order and keeps its status', async () => {
    const p = ports();
    const order = await placeFoodOrder(p, citizen, body());
    await changeFoodOrderStatus(p, owner, order.orderId, { status: 'ACCEPTED', prepMinutes: 10 });
    const driver = { driverId: 'drv_1', firstName: 'Bagus', vehiclePlate: 'P 1 A', vehicleType: 'MOTORBIKE' };
    const event = (type: string, extra = {}) => ({ type, messageId: `m_${type}`, jobId: `job_${order.orderId}`, kind: 'FOOD', orderId: order.orderId, at: '2026-12-19T12:05:00+07:00', ...extra }) as never;
    expect((await followJob({ foodOrders: p.store, clock: p.clock }, event('COURIER_ASSIGNED', { driver }))).status).toBe('COURIER_ASSIGNED');
    const stamped = await changeFoodOrderStatus(p, owner, order.orderId, { status: 'READY' });
    expect(stamped).toMatchObject({ status: 'COURIER_ASSIGNED', foodReadyAt: '2026-12-19T12:00:00.000+07:00' });
    // The driver gives the job back: the order returns to READY, the food is ready.
    expect((await followJob({ foodOrders: p.store, clock: p.clock }, event('COURIER_RELEASED', { at: '2026-12-19T12:06:00+07:00' }))).status).toBe('READY');
  });

  it('rejecting gives the promotion back: reopened before the write, released after', async () => {
    const catalog = fakeCatalog();
    const p = ports(memoryStore(), catalog);
    const order = await placeFoodOrder(p, citizen, body({ promoCode: 'KULINER20' }));
    const rejected = await changeFoodOrderStatus(p, owner, order.orderId, { status: 'REJECTED', reason: 'Sego habis' });
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: 'Sego habis' });
    expect(catalog.calls.slice(-2)).toEqual([`reopen:${order.orderId}`, `release:${order.orderId}`]);
    // A repeated reject answers the same and releases again (idempotent on the promotion side).
    expect((await changeFoodOrderStatus(p, owner, order.orderId, { status: 'REJECTED', reason: 'Sego habis' })).status).toBe('REJECTED');
    expect(catalog.calls.at(-1)).toBe(`release:${order.orderId}`);
  });

  it('only the order’s merchant moves it; others do not even see it', async () => {
    const p = ports();
    const order = await placeFoodOrder(p, citizen, body());
    await expect(changeFoodOrderStatus(p, otherMerchant, order.orderId, { status: 'ACCEPTED', prepMinutes: 5 })).rejects.toMatchObject({ status: 404 });
    await expect(changeFoodOrderStatus(p, citizen, order.orderId, { status: 'ACCEPTED', prepMinutes: 5 })).rejects.toMatchObject({ status: 403 });
  });
});

describe('listing a merchant’s orders', () => {
  it('is a 403 for another merchant, whether the merchant has orders or not', async () => {
    const p = ports();
    await placeFoodOrder(p, citizen, body());
    await expect(listFoodOrders(p, otherMerchant, { merchantId: 'mer_1', limit: 20 })).rejects.toMatchObject({ status: 403 });
    await expect(listFoodOrders(p, owner, { merchantId: 'mer_2', limit: 20 })).rejects.toMatchObject({ status: 403 }); // no orders at all
    await expect(listFoodOrders(p, owner, { merchantId: 'mer_NOSUCH', limit: 20 })).rejects.toMatchObject({ status: 403 });
    expect((await listFoodOrders(p, owner, { merchantId: 'mer_1', limit: 20 })).items).toHaveLength(1);
  });
});

describe('the citizen', () => {
  it('reads only its own orders', async () => {
    const p = ports();
    const order = await placeFoodOrder(p, citizen, body());
    expect((await getFoodOrder(p, citizen, order.orderId)).orderId).toBe(order.orderId);
    await expect(getFoodOrder(p, otherCitizen, order.orderId)).rejects.toMatchObject({ status: 404 });
    expect((await getFoodOrder(p, owner, order.orderId)).orderId).toBe(order.orderId);
  });

  it('cancels while PLACED, which releases the promotion; not after the merchant accepted', async () => {
    const catalog = fakeCatalog();
    const p = ports(memoryStore(), catalog);
    const first = await placeFoodOrder(p, citizen, body({ promoCode: 'KULINER20' }));
    expect((await cancelFoodOrder(p, citizen, first.orderId, undefined)).status).toBe('CANCELLED');
    expect(catalog.calls.at(-1)).toBe(`release:${first.orderId}`);
    await expect(cancelFoodOrder(p, otherCitizen, first.orderId, undefined)).rejects.toMatchObject({ status: 404 });

    const second = await placeFoodOrder(p, citizen, body());
    await changeFoodOrderStatus(p, owner, second.orderId, { status: 'ACCEPTED', prepMinutes: 5 });
    await expect(cancelFoodOrder(p, citizen, second.orderId, 'lapar')).rejects.toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
  });
});

describe('following one order', () => {
  const RIZAL = { driverId: 'drv_rizal', firstName: 'Rizal', vehiclePlate: 'P 7001 FD', vehicleType: 'MOTORBIKE', assignedAt: '2026-12-19T11:50:00+07:00' };
  const REPORTED = { location: { lat: -8.2, lng: 114.35 }, at: '2026-12-19T11:58:00+07:00' }; // 2 minutes before NOW

  it('links every view to the citizen’s page of the order, on the app’s origin when the deployment names it', async () => {
    const order = await placeFoodOrder(ports(), citizen, body());
    expect(foodOrderView(order, citizen, 'https://app.example').trackingUrl).toBe(`https://app.example/food-orders/${order.orderId}`);
    expect(foodOrderView(order, owner, 'https://app.example').trackingUrl).toBe(`https://app.example/food-orders/${order.orderId}`);
    expect(foodOrderView(order, citizen, undefined).trackingUrl).toBe(`/food-orders/${order.orderId}`);
  });

  it('shows where the driver is only while the food is on its way, as dispatch reports it for this order’s job', async () => {
    const p = ports();
    const placed = await placeFoodOrder(p, citizen, body());
    const asked: string[] = [];
    let reported: typeof REPORTED | undefined = REPORTED;
    const follow = {
      store: p.store,
      positions: {
        positionOnJob: async (driverId: string, jobId: string) => {
          asked.push(`${driverId} ${jobId}`);
          return reported;
        },
      },
    };
    const seenAt = async (status: FoodOrder['status']) => {
      p.store.orders.set(placed.orderId, { ...placed, status, ...(status !== 'PLACED' && status !== 'ACCEPTED' && { driver: RIZAL }) });
      return followedFoodOrderView(await followFoodOrder(follow, citizen, placed.orderId), citizen, undefined, NOW).driverPosition;
    };
    expect(await seenAt('PLACED')).toBeNull();
    expect(await seenAt('ACCEPTED')).toBeNull();
    expect(await seenAt('COURIER_ASSIGNED')).toBeNull();
    expect(asked).toEqual([]); // dispatch is not even asked before the pickup
    expect(await seenAt('PICKED_UP')).toEqual({ lat: -8.2, lng: 114.35, at: REPORTED.at });
    expect(asked).toEqual([`drv_rizal job_${placed.orderId}`]);
    expect(await seenAt('DELIVERED')).toBeNull();

    // A phone silent for more than 10 minutes, or a driver who no longer holds the job: no position.
    reported = { ...REPORTED, at: '2026-12-19T11:49:00+07:00' };
    expect(await seenAt('PICKED_UP')).toBeNull();
    reported = undefined;
    expect(await seenAt('PICKED_UP')).toBeNull();
    // Only its readers follow it.
    await expect(followFoodOrder(follow, otherCitizen, placed.orderId)).rejects.toMatchObject({ status: 404 });
  });
});
