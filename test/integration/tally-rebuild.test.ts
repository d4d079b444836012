/**
 * `npm run tallies:rebuild` on DynamoDB Local: a day of medicine, food and rides driven through the
 * API, then the three reports' tallies deleted or damaged by hand (as data written before the
 * tallies existed, or a bad manual fix, would leave them). The command rebuilds them from the
 * orders and jobs to what the recompute functions give and the reports answer as before; run again
 * it writes nothing; with --dry-run it says what differs and writes nothing. And a tally moved by
 * a live order while the rebuild reads is not overwritten with what it read: it reads again.
 */
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wibDay } from '../../shared/platform/time.ts';
import { DAY_TALLY_SHARDS, dayTallyPartition } from '../../shared/dispatch/adapters/dynamodb-day-tallies.ts';
import { DynamoDbJobsByDay } from '../../shared/dispatch/adapters/dynamodb-jobs-by-day.ts';
import { recomputeDayTallies } from '../../shared/dispatch/application/operations.ts';
import { dayFiguresFromTallies } from '../../shared/dispatch/domain/day-figures.ts';
import { DynamoDbFoodOrderStore, festivalTallyPartition } from '../../shared/ordering/adapters/dynamodb-food-order-store.ts';
import { DynamoDbRideStore, settlementTallyPartition } from '../../shared/ordering/adapters/dynamodb-ride-store.ts';
import { recomputeFestivalTallies } from '../../shared/ordering/application/food-order-use-cases.ts';
import { recomputeSettlementTallies } from '../../shared/ordering/application/ride-use-cases.ts';
import { rebuildTallies } from '../../infra/tallies/rebuild-tallies.ts';
import { reportTallyScopes } from '../../infra/tallies/report-tallies.ts';
import { runTallyRebuildCli } from '../../infra/tallies/run.ts';
import { acceptNextOffer, readyDriver } from './support/drivers.ts';
import { createFestival, expectStatus, openMerchant, orderBody as foodBody, PLACES, type OpenMerchant } from './support/festival.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { advance, createFacility, createOrder, orderBody as medicineBody } from './support/ordering.ts';
import { waitFor } from './support/wait.ts';

let t: TestRuntime;
let admin: string;
let operator: string;
let pharmacist: string;
let ojek: string;
let taxi: string;
let companyId: string;
let festivalId: string;
let merchants: OpenMerchant[];
/** The first WIB day of the test's orders (the test may run across midnight). */
let firstDay: string;
const clock = { now: () => new Date() };
const today = () => wibDay(new Date());

const TOWN = { lat: -8.2191, lng: 114.3691 };
const rideBody = {
  pickup: { location: TOWN, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
  dropoff: { location: { lat: -8.1402, lng: 114.3951 }, address: { street: 'Jl. Gatot Subroto', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
  vehicleType: 'TAXI',
};

const statusOf = async (path: string) => (await t.get(path, admin)).body.status as string;

/** The only Go-Jek driver takes the next job and delivers it (or fails it at the door). */
async function ojekTakes(end: 'deliver' | 'fail', body: Record<string, unknown>): Promise<void> {
  const offer = await acceptNextOffer(t, ojek, 'the ojek');
  expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, ojek), 200);
  if (end === 'deliver') expectStatus(await t.post(`/v1/jobs/${offer.jobId}/deliver`, body, ojek), 200);
  else expectStatus(await t.post(`/v1/jobs/${offer.jobId}/fail`, { reason: 'nobody home' }, ojek), 200);
}

/** A citizen books a taxi, the taxi takes the ride to its end: the ride is COMPLETED in ordering. */
async function completeRide(passenger: string): Promise<void> {
  const citizen = await t.token('citizen', passenger);
  const ride = expectStatus(await t.post('/v1/rides', rideBody, citizen), 201);
  const offer = await acceptNextOffer(t, taxi, 'the taxi');
  expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, taxi), 200);
  expectStatus(await t.request('POST', `/v1/jobs/${offer.jobId}/deliver`, { token: taxi }), 200);
  await waitFor('the ride to complete', async () => ((await statusOf(`/v1/rides/${ride.body.rideId}`)) === 'COMPLETED' ? true : undefined), { timeoutMs: 20_000 });
}

async function partition(table: 'ordering' | 'dispatch', pk: string): Promise<Record<string, unknown>[]> {
  const { Items } = await t.ddb.send(new QueryCommand({ TableName: t.tableName(table), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }));
  return Items ?? [];
}

/** Every tally item of the test's scopes, as stored (revisions included). */
async function storedTallies(): Promise<Record<string, unknown>[]> {
  const days = [...new Set([firstDay, today()])];
  return [
    ...(await partition('ordering', festivalTallyPartition(festivalId))),
    ...(await partition('ordering', settlementTallyPartition(companyId))),
    ...(await Promise.all(days.map((day) => partition('dispatch', dayTallyPartition(day))))).flat(),
  ];
}

/** The three reports as the API answers them (the day figures without their read time). */
async function reports() {
  const festival = expectStatus(await t.get(`/v1/festivals/${festivalId}/report`, admin), 200).body;
  const settlement = expectStatus(await t.get(`/v1/taxi-companies/${companyId}/report?from=${firstDay}&to=${today()}`, operator), 200).body;
  const days = [];
  for (const day of new Set([firstDay, today()])) {
    const { asOf: _asOf, ...figures } = expectStatus(await t.get(`/v1/ops/today?day=${day}`, admin), 200).body;
    days.push(figures);
  }
  return { festival, settlement, days };
}

async function rebuild(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runTallyRebuildCli(['--local', t.runtime.dynamoEndpoint, '--from', firstDay, '--to', today(), ...args], {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  });
  return { code, stdout, stderr };
}

/** The stored tallies give what the recompute functions give, for every report. */
async function expectTalliesEqualRecomputed(): Promise<void> {
  const food = new DynamoDbFoodOrderStore(t.ddb, t.tableName('ordering'), clock);
  const order = (a: { day: string; merchantId: string }, b: { day: string; merchantId: string }) => `${a.day}#${a.merchantId}`.localeCompare(`${b.day}#${b.merchantId}`);
  expect((await food.festivalTallies(festivalId)).filter((tally) => tally.orders !== 0).sort(order)).toEqual((await recomputeFestivalTallies(food, festivalId)).sort(order));
  const rides = new DynamoDbRideStore(t.ddb, t.tableName('ordering'), clock);
  expect(await rides.settlementTallies(companyId, firstDay, today())).toEqual(await recomputeSettlementTallies(rides, companyId, firstDay, today()));
  const jobsByDay = new DynamoDbJobsByDay(t.ddb, t.tableName('dispatch'));
  for (const day of new Set([firstDay, today()])) {
    expect(dayFiguresFromTallies(day, 'now', await jobsByDay.dayTallies(day)), day).toEqual(dayFiguresFromTallies(day, 'now', await recomputeDayTallies(jobsByDay, day)));
  }
}

beforeAll(async () => {
  t = await startTestRuntime();
  firstDay = today();
  admin = await t.token('admin', 'rb-admin');
  pharmacist = await t.token('pharmacy', 'rb-apoteker');
  const facilityId = await createFacility(t, admin, 'blambangan', ['rb-apoteker']);
  festivalId = await createFestival(t, admin);
  merchants = [
    await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Mbok Nah', place: 'giri', sub: 'rb-m1', menu: [['Sego tempong', 22_000]] }),
    await openMerchant(t, admin, festivalId, { name: 'Rujak Soto Bu Sum', place: 'rogojampi', sub: 'rb-m2', menu: [['Rujak soto', 20_000]] }),
  ];
  const company = expectStatus(
    await t.post('/v1/taxi-companies', { name: 'Osing Taksi', licenseNo: '551.21/019/429.104/2024', operators: ['rb-op'], tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 } }, admin),
    201,
  );
  companyId = company.body.companyId;
  operator = await t.token('taxi_operator', 'rb-op');
  taxi = await readyDriver(t, operator, { sub: 'rb-taxi', name: 'Hartono Wibisono', phone: '081277700041', vehicle: { type: 'TAXI', plate: 'P 1401 TX' }, fleet: { kind: 'PARTNER_TAXI', companyId } }, TOWN);
  ojek = await readyDriver(t, admin, { sub: 'rb-ojek', name: 'Ayu Lestari', phone: '081277700042', vehicle: { type: 'MOTORBIKE', plate: 'P 7401 OJ' }, medicineTrained: true }, { lat: -8.2091, lng: 114.3665 });

  // Medicine: two delivered, one failed at the door.
  for (let i = 0; i < 3; i++) {
    const order = await createOrder(t, pharmacist, medicineBody(facilityId));
    await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    await ojekTakes(i === 2 ? 'fail' : 'deliver', { code: order.deliveryCode, recipientName: 'Siti Aminah' });
  }
  // Food: one rejected (never counted), two accepted and delivered.
  const citizen = await t.token('citizen', 'rb-warga');
  const rejected = expectStatus(await t.post('/v1/food-orders', foodBody(festivalId, merchants[0]!), citizen), 201);
  expectStatus(await t.post(`/v1/food-orders/${rejected.body.orderId}/status`, { status: 'REJECTED', reason: 'habis' }, merchants[0]!.token), 200);
  for (const [i, merchant] of merchants.entries()) {
    // Food is offered within 8 km of the stall: the ojek rides over to each one's kecamatan.
    expectStatus(await t.put('/v1/drivers/me/location', PLACES[(['giri', 'rogojampi'] as const)[i]!].location, ojek), 200);
    const placed = expectStatus(await t.post('/v1/food-orders', foodBody(festivalId, merchant), citizen), 201);
    expectStatus(await t.post(`/v1/food-orders/${placed.body.orderId}/status`, { status: 'ACCEPTED', prepMinutes: 30 }, merchant.token), 200);
    expectStatus(await t.post(`/v1/food-orders/${placed.body.orderId}/status`, { status: 'READY' }, merchant.token), 200);
    await ojekTakes('deliver', { recipientName: 'Ayu Lestari' });
  }
  // Two taxi rides completed.
  await completeRide('rb-penumpang-1');
  await completeRide('rb-penumpang-2');
  // Let the pollers take the last job events before anything is compared.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}, 180_000);
afterAll(async () => {
  await t?.stop();
});

describe('npm run tallies:rebuild', () => {
  it('rebuilds deleted and damaged tallies to the ones recomputed from the orders and jobs, and the reports answer as before', async () => {
    await expectTalliesEqualRecomputed();
    const before = await reports();
    expect(before.festival.totals.orders).toBe(2);
    expect(before.settlement.totals.rides).toBe(2);

    // Damage: the festival's tallies gone, the settlement's changed by hand, the day's seconds gone
    // and one count item changed, and a count item that no job accounts for.
    const ordering = t.tableName('ordering');
    const dispatch = t.tableName('dispatch');
    for (const item of await partition('ordering', festivalTallyPartition(festivalId))) await t.ddb.send(new DeleteCommand({ TableName: ordering, Key: { pk: item.pk, sk: item.sk } }));
    const [settlement] = await partition('ordering', settlementTallyPartition(companyId));
    await t.ddb.send(new UpdateCommand({ TableName: ordering, Key: { pk: settlement!.pk, sk: settlement!.sk }, UpdateExpression: 'SET rides = :rides, revenueIdr = :revenue', ExpressionAttributeValues: { ':rides': 7, ':revenue': 1 } }));
    const dayItems = await partition('dispatch', dayTallyPartition(firstDay));
    for (const item of dayItems.filter((i) => String(i.sk).startsWith('H#'))) await t.ddb.send(new DeleteCommand({ TableName: dispatch, Key: { pk: item.pk, sk: item.sk } }));
    const counts = dayItems.find((item) => String(item.sk).startsWith('T#MEDICINE#'))!;
    await t.ddb.send(new UpdateCommand({ TableName: dispatch, Key: { pk: counts.pk, sk: counts.sk }, UpdateExpression: 'SET delivered = :n', ExpressionAttributeValues: { ':n': 40 } }));
    // A shard no ride was counted in (the two rides use at most two of them; the shard follows the job id).
    const stray = Array.from({ length: DAY_TALLY_SHARDS }, (_, shard) => `T#RIDE#${shard}`).find((sk) => !dayItems.some((item) => item.sk === sk))!;
    await t.ddb.send(new PutCommand({ TableName: dispatch, Item: { pk: dayTallyPartition(firstDay), sk: stray, entity: 'DayTally', kind: 'RIDE', orders: 3, open: 3 } }));
    const damaged = await reports();
    expect(damaged.festival.totals.orders).toBe(0);
    expect(damaged.settlement.totals.rides).toBe(7);
    expect(damaged.days).not.toEqual(before.days);

    // --dry-run: says which tallies differ and how, writes nothing.
    const stored = await storedTallies();
    const dry = await rebuild('--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`festival ${festivalId} (Pesta Kuliner Go-Food): 2 tallies differ`);
    expect(dry.stdout).toContain(`settlement ${companyId} (Osing Taksi): 1 tally differs`);
    expect(dry.stdout).toMatch(/rides 7 → 2/);
    expect(dry.stdout).toContain(`day ${firstDay}: `);
    expect(dry.stdout).toMatch(new RegExp(`${stray}  open 3 → 0, orders 3 → 0`));
    expect(dry.stdout).toContain('dry run: nothing written');
    expect(await storedTallies()).toEqual(stored);

    const run = await rebuild();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`festival ${festivalId} (Pesta Kuliner Go-Food): 2 tallies rewritten`);
    await expectTalliesEqualRecomputed();
    expect(await reports()).toEqual(before);

    // Again: every tally agrees, nothing is written (revisions unchanged).
    const rebuilt = await storedTallies();
    const again = await rebuild();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('every tally equals the one recomputed from the orders; nothing written');
    expect(await storedTallies()).toEqual(rebuilt);
  });

  it('does not overwrite a tally that a live order moved while the rebuild read: it reads that scope again', async () => {
    const ordering = t.tableName('ordering');
    const [settlement] = await partition('ordering', settlementTallyPartition(companyId));
    await t.ddb.send(new UpdateCommand({ TableName: ordering, Key: { pk: settlement!.pk, sk: settlement!.sk }, UpdateExpression: 'SET rides = :zero', ExpressionAttributeValues: { ':zero': 0 } }));
    const ridesBefore = (await reports()).settlement.totals.rides as number;

    const tables = { ordering, dispatch: t.tableName('dispatch'), promotion: t.tableName('promotion') };
    const scope = (await reportTallyScopes(t.ddb, tables, firstDay, today())).find((s) => s.name.startsWith(`settlement ${companyId}`))!;
    let reads = 0;
    const outcomes = await rebuildTallies(
      t.ddb,
      [
        {
          ...scope,
          // The first time, a ride completes after the rides were read and before the tally is written.
          recomputed: async () => {
            const items = await scope.recomputed();
            if (reads++ === 0) await completeRide('rb-penumpang-3');
            return items;
          },
        },
      ],
      { dryRun: false, indexSettleMs: 0 },
    );

    expect(outcomes[0]!.attempts).toBe(2);
    const store = new DynamoDbRideStore(t.ddb, ordering, clock);
    expect(await store.settlementTallies(companyId, firstDay, today())).toEqual(await recomputeSettlementTallies(store, companyId, firstDay, today()));
    const rides = (await reports()).settlement.totals.rides as number;
    // The two rides of the day and the one completed during the rebuild: none lost, none twice.
    expect(rides).toBe(3);
    expect(ridesBefore).toBe(0);
  });
});
