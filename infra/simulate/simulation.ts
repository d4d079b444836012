/**
 * One run of a scenario against a local runtime, through its HTTP API only: the scenario's
 * pharmacies, merchants, citizens and drivers are set up by the admin's calls, then act on the
 * scenario clock (`speed` × the wall clock) as their apps would. Drivers report where they are
 * every minute or four (on a job or waiting), switch on and off with their shift, answer offers (accept, decline,
 * or stay silent), ride to the pickup and the door at their road speed and deliver, or fail.
 *
 * What is measured comes from the API's own answers: each order's timeline (READY_FOR_PICKUP,
 * the ride booked, the food's readyAt), each job's timeline as its driver sees it (every OFFERED,
 * the first ASSIGNED, DELIVERED), the offers the drivers' phones saw (made at their expiry minus
 * the offer time to live), the open jobs (`GET /v1/ops/jobs`) through the run, the orders' final
 * status read at the end, and the promotion's counters. Nothing reads the tables.
 *
 * A driver's phone rings when the dispatch engine reserves him: the run stands in for the push
 * notification by asking `GET /v1/ops/drivers?state=BUSY` a few times a scenario minute and
 * letting each simulated driver it names, who holds nothing yet, look at its offers.
 */
import type { Role } from '../declaration.ts';
import type { SimulationApi } from './api.ts';
import { computeFigures, deliveriesPerHour, judgeTargets, type DriverTime, type OrderSeen, type RunClock } from './figures.ts';
import type { OrderKind, Outcome, SimulationResult } from './result.ts';
import { facilityPlace, kecamatanPlace, type FleetGroup, type FoodDemand, type MedicineDemand, type Place, type RideDemand, type Scenario } from './scenarios.ts';
import { KECAMATAN_CENTRES, Random, REGENCY_BBOX, between, nearestKecamatan, personName, pointAround, roadKm, streetAddress, type Point } from './world.ts';

export interface SimulationOptions {
  readonly scenario: Scenario;
  readonly speed: number;
  readonly minutes: number;
  readonly api: SimulationApi;
  readonly seed: number;
  /** The offer time to live the runtime applies (wall seconds): an offer was made at its expiry minus this. */
  readonly offerTtlSeconds: number;
  /** The pickup lead the runtime applies (wall seconds): dispatch looks for a food courier this long before readyAt. */
  readonly pickupLeadSeconds: number;
  /** Keeps this run's names, subjects and plates apart from what the runtime already holds ('' on a fresh one). */
  readonly tag: string;
  readonly progress: (share: number, line: string) => void;
}

const ADMIN = 'admin-simulasi';
/**
 * How often a driver's app reports its position, scenario seconds: on a job every two minutes
 * (the family's tracking page shows it), waiting every three, well inside the five minutes after
 * which dispatch counts a driver stale (the margin is in scenario time, and a report's own
 * latency is wall time). Every report is a call to the API, and at `--speed N` N× as many a wall
 * second: the reports are most of a run's load.
 */
const REPORT_EVERY_SECONDS = { idle: 180, onJob: 120 };
/** How often the phones are "rung" (the BUSY drivers read), scenario seconds; never more than 5 times a wall second. */
const RING_EVERY_SECONDS = 10;
/** About 60 samples of the open jobs over a run. */
const OPEN_JOB_SAMPLES = 60;

type Call = SimulationApi['call'];

interface SimDriver {
  readonly index: number;
  readonly sub: string;
  readonly group: FleetGroup;
  driverId: string;
  position: Point;
  leg?: { readonly from: Point; readonly to: Point; readonly fromS: number; readonly toS: number };
  state: 'offline' | 'idle' | 'offer' | 'job';
  /** Offers this driver has already seen and answered (or chosen to ignore). */
  readonly handledOffers: Set<string>;
  /**
   * Wall ms before which a ring is not answered again: dispatch may still hold an offer this
   * driver has answered (or let lapse) for a moment, and looking again and again adds load.
   */
  lookAgainAfterMs: number;
  shiftEnding: boolean;
  onlineSinceS?: number;
  onlineSeconds: number;
  busySinceS?: number;
  busySeconds: number;
}

interface SimOrder {
  readonly kind: OrderKind;
  readonly orderId: string;
  readonly owner: { readonly role: Role; readonly sub: string };
  readonly origin: Point;
  readonly deliveryCode?: string;
  readonly recipientName: string;
  searchFromMs?: number;
  readyMs?: number;
  firstOfferMs?: number;
  timeline?: readonly { readonly status: string; readonly at: string }[];
  /** Food: when the kitchen is done (wall ms), so the driver waits for it at the stall. */
  foodReadyMs?: number;
  /** The simulated driver failed it at the door, as the scenario's fail share said. */
  failedAtTheDoor?: boolean;
}

interface FacilitySetup {
  readonly facilityId: string;
  readonly staff: string;
  readonly place: Place;
}

interface MerchantSetup {
  readonly merchantId: string;
  readonly owner: string;
  readonly place: Point;
  readonly prepMinutes: number;
  readonly menu: readonly { readonly itemId: string; readonly priceIdr: number }[];
}

export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  return new Simulation(options).run();
}

class Simulation {
  private readonly random: Random;
  private readonly call: Call;
  private readonly drivers: SimDriver[] = [];
  private readonly driversById = new Map<string, SimDriver>();
  private readonly orders: SimOrder[] = [];
  private readonly ordersById = new Map<string, SimOrder>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly openJobs: { minute: number; open: number }[] = [];
  private wallStartMs = 0;
  private ending = false;
  private facilities: FacilitySetup[] = [];
  private merchants: MerchantSetup[] = [];
  private festivalId: string | undefined;
  private readonly companies = new Map<string, string>();
  private arrivals = 0;
  private lastOpen = 0;

  constructor(private readonly options: SimulationOptions) {
    this.random = new Random(options.seed);
    this.call = options.api.call.bind(options.api);
  }

  // ---- the clock --------------------------------------------------------------------------

  private get endS(): number {
    return this.options.minutes * 60;
  }

  /** Scenario seconds since the start. */
  private nowS(): number {
    return ((Date.now() - this.wallStartMs) * this.options.speed) / 1000;
  }

  /** Runs `action` at scenario second `atS` (at once if that has passed), unless the run is ending. */
  private at(atS: number, action: () => Promise<unknown> | void): void {
    if (this.ending) return;
    const delay = Math.max(0, this.wallStartMs + (atS * 1000) / this.options.speed - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.ending) return;
      this.track(Promise.resolve().then(action));
    }, delay);
    this.timers.add(timer);
  }

  private after(seconds: number, action: () => Promise<unknown> | void): void {
    this.at(this.nowS() + seconds, action);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => {
      this.options.api.surprises.set(`error: ${error instanceof Error ? error.message : String(error)}`, 1);
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  // ---- the run ----------------------------------------------------------------------------

  async run(): Promise<SimulationResult> {
    const { scenario } = this.options;
    this.options.progress(0, 'setting up');
    await this.setUp();
    this.wallStartMs = Date.now();
    const demand = scenario.demand;
    for (const driver of this.drivers) {
      this.at(driver.group.shift.from * this.endS + this.random.between([0, 60]), () => this.goOnline(driver));
      this.at(driver.group.shift.to * this.endS, () => this.endShift(driver));
    }
    this.scheduleArrival(demand.perHour / 3600, scenario.arrivalShare * this.endS);
    const ringer = this.ringPhones();
    const sampler = this.sampleOpenJobs();
    const progress = setInterval(() => this.showProgress(), 500);
    await new Promise((resolve) => setTimeout(resolve, (this.endS * 1000) / this.options.speed));
    this.ending = true;
    for (const timer of this.timers) clearTimeout(timer);
    clearInterval(progress);
    await Promise.all([ringer, sampler]);
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    const endMs = Date.now();
    for (const driver of this.drivers) this.clockOff(driver, this.endS);
    this.options.progress(1, 'reading the orders');
    const result = await this.result(endMs);
    return result;
  }

  private showProgress(): void {
    const share = Math.min(1, this.nowS() / this.endS);
    const clock = wibClock(this.options.scenario.startsAt, this.nowS());
    const delivered = this.orders.filter((o) => o.timeline?.some((t) => t.status === 'DELIVERED')).length;
    this.options.progress(share, `${clock} WIB · orders ${this.orders.length} · delivered ${delivered} · open jobs ${this.lastOpen}`);
  }

  // ---- set-up (admin, pharmacies, merchants, companies, drivers) ---------------------------

  private async setUp(): Promise<void> {
    const demand = this.options.scenario.demand;
    if (demand.kind === 'MEDICINE') await this.setUpFacilities(demand);
    if (demand.kind === 'FOOD') await this.setUpFestival(demand);
    for (const company of this.options.scenario.companies) await this.setUpCompany(company);
    await this.setUpDrivers();
  }

  private async setUpFacilities(demand: MedicineDemand): Promise<void> {
    for (const { value: name } of demand.facilities) {
      const place = facilityPlace(name);
      const staff = `apoteker-sim-${slug(name)}${this.options.tag}`;
      const created = await this.call('admin', ADMIN, 'POST', '/v1/facilities', {
        name: place.name,
        kind: name.startsWith('RSUD') ? 'HOSPITAL' : 'PUSKESMAS',
        kecamatan: place.kecamatan,
        location: { lat: place.lat, lng: place.lng },
        staff: [staff],
      }, [201, 409]);
      if (created.status === 201) {
        this.facilities.push({ facilityId: created.body.facilityId, staff, place });
        continue;
      }
      // A runtime that has the regency's facilities already (npm start's demo data): act as their staff.
      const existing = (await this.options.api.all('admin', ADMIN, '/v1/facilities')).find((f: { name: string }) => f.name === place.name);
      if (!existing?.staff?.[0]) throw new Error(`Facility ${place.name} exists and has no staff to act as`);
      this.facilities.push({ facilityId: existing.facilityId, staff: existing.staff[0], place });
    }
  }

  private async setUpFestival(demand: FoodDemand): Promise<void> {
    const now = Date.now();
    const festival = await this.call('admin', ADMIN, 'POST', '/v1/festivals', {
      name: `Pesta Kuliner Go-Food (simulasi${this.options.tag})`,
      startsAt: wibIso(now - 3_600_000),
      endsAt: wibIso(now + 86_400_000),
    }, [201]);
    if (festival.status !== 201) throw new Error(`Could not create the festival: ${festival.status} ${JSON.stringify(festival.body)}`);
    this.festivalId = festival.body.festivalId as string;

    const dishes = [
      ['Sego tempong', 18_000], ['Rujak soto', 20_000], ['Pecel rawon', 21_000], ['Nasi cawuk', 12_000], ['Pecel pitik', 27_000],
      ['Ayam pedesan', 28_000], ['Sate kalak', 30_000], ['Botok tawon', 15_000], ['Pindang koyong', 18_000], ['Kupat lodoh', 14_000],
    ] as const;
    const drinks = [['Es teh gula asem', 5_000], ['Es dawet', 6_000], ['Kopi Jaran Goyang', 8_000], ['Es kelapa muda', 8_000]] as const;
    await inBatches(Array.from({ length: demand.merchants }, (_, i) => i), 4, async (i) => {
      const owner = `umkm-sim${this.options.tag}-${String(i + 1).padStart(2, '0')}`;
      const kecamatan = this.random.weighted(demand.merchantsIn);
      const at = pointAround(this.random, kecamatanPlace(kecamatan), [0.1, 1.5]);
      const dish = dishes[i % dishes.length]!;
      const ownerName = personName(this.random);
      const prepMinutes = this.random.pick(demand.prepMinutes);
      const registered = await this.call('merchant', owner, 'POST', '/v1/merchants', {
        name: `${dish[0]} ${ownerName.split(' ')[0]} ${i + 1}${this.options.tag ? ` ${this.options.tag}` : ''}`,
        ownerName,
        phone: `0852${String(36_000_000 + i + Number(this.options.tag.replace(/\D/g, '') || 0) * 100).padStart(8, '0')}`,
        kecamatan,
        address: { street: streetAddress(this.random), desa: kecamatan, kecamatan },
        location: at,
        halal: { status: 'SELF_DECLARED' },
        prepMinutes: this.wallMinutes(prepMinutes),
      }, [201]);
      if (registered.status !== 201) throw new Error(`Could not register a merchant: ${registered.status} ${JSON.stringify(registered.body)}`);
      const merchantId = registered.body.merchantId as string;
      await this.call('admin', ADMIN, 'POST', `/v1/merchants/${merchantId}/approve`, undefined, [200]);
      await this.call('admin', ADMIN, 'POST', `/v1/festivals/${this.festivalId}/merchants`, { merchantId, featured: i < 5 }, [200, 201]);
      const drink = drinks[i % drinks.length]!;
      const menu = await this.call('merchant', owner, 'PUT', `/v1/merchants/${merchantId}/menu`, {
        items: [
          { name: `${dish[0]} biasa`, priceIdr: dish[1], available: true },
          { name: `${dish[0]} spesial`, priceIdr: dish[1] + 7_000, available: true },
          { name: drink[0], priceIdr: drink[1], available: true },
        ],
      }, [200]);
      this.merchants.push({
        merchantId,
        owner,
        place: at,
        prepMinutes,
        menu: (menu.body.items as { itemId: string; priceIdr: number }[]).map(({ itemId, priceIdr }) => ({ itemId, priceIdr })),
      });
    });
    const p = demand.promotion;
    const promotion = await this.call('admin', ADMIN, 'POST', `/v1/festivals/${this.festivalId}/promotions`, {
      code: p.code,
      kind: 'FLAT',
      value: p.flatIdr,
      minSubtotalIdr: p.minSubtotalIdr,
      quota: p.quota,
      perCustomerLimit: p.perCustomerLimit,
      budgetIdr: p.quota * p.flatIdr,
      fundedBy: 'Pemkab Banyuwangi',
    }, [201]);
    if (promotion.status !== 201) throw new Error(`Could not create the promotion: ${promotion.status} ${JSON.stringify(promotion.body)}`);
  }

  private async setUpCompany(company: Scenario['companies'][number]): Promise<void> {
    const created = await this.call('admin', ADMIN, 'POST', '/v1/taxi-companies', {
      name: `${company.name}${this.options.tag ? ` ${this.options.tag}` : ''}`,
      licenseNo: `${company.licenseNo}${this.options.tag}`,
      operators: [`operator-sim-${slug(company.name)}${this.options.tag}`],
      tariff: company.tariff,
    }, [201]);
    if (created.status !== 201) throw new Error(`Could not register ${company.name}: ${created.status} ${JSON.stringify(created.body)}`);
    this.companies.set(company.name, created.body.companyId as string);
  }

  private async setUpDrivers(): Promise<void> {
    const { scenario } = this.options;
    let index = 0;
    const plateLetters = this.options.tag ? this.options.tag.replace(/[^A-Z]/gi, '').slice(-2).toUpperCase().padEnd(2, 'S') : 'SM';
    for (const group of scenario.fleet) {
      for (let n = 0; n < group.count; n++, index++) {
        const home = pointAround(this.random, this.random.weighted(group.around), [0, group.roamKm]);
        this.drivers.push({
          index,
          sub: `driver-sim${this.options.tag}-${String(index + 1).padStart(3, '0')}`,
          group,
          driverId: '',
          position: home,
          state: 'offline',
          handledOffers: new Set(),
          lookAgainAfterMs: 0,
          shiftEnding: false,
          onlineSeconds: 0,
          busySeconds: 0,
        });
      }
    }
    await inBatches(this.drivers, 4, async (driver) => {
      const { group } = driver;
      const registered = await this.call('admin', ADMIN, 'POST', '/v1/drivers', {
        sub: driver.sub,
        name: personName(this.random),
        phone: `0813${String(10_000_000 + driver.index).padStart(8, '0')}`,
        vehicle: { type: group.vehicle, plate: `P ${String(1000 + driver.index).padStart(4, '0')} ${plateLetters}` },
        fleet: group.fleet === 'GOJEK' ? { kind: 'GOJEK' } : { kind: 'PARTNER_TAXI', companyId: this.companies.get(group.fleet.company) },
        medicineTrained: group.medicineTrained,
      }, [201]);
      if (registered.status !== 201) throw new Error(`Could not register driver ${driver.sub}: ${registered.status} ${JSON.stringify(registered.body)}`);
      driver.driverId = registered.body.driverId as string;
      this.driversById.set(driver.driverId, driver);
    });
  }

  /** A kitchen's minutes on the wall clock, as the accept's `prepMinutes` (whole minutes, 1–180). */
  private wallMinutes(scenarioMinutes: number): number {
    return Math.min(180, Math.max(1, Math.round(scenarioMinutes / this.options.speed)));
  }

  // ---- drivers ----------------------------------------------------------------------------

  private driverCall(driver: SimDriver, method: string, path: string, body?: unknown, expected?: readonly number[]) {
    return this.call('driver', driver.sub, method, path, body, expected);
  }

  private positionOf(driver: SimDriver): Point {
    const leg = driver.leg;
    if (!leg) return driver.position;
    const now = this.nowS();
    if (now >= leg.toS) {
      driver.position = leg.to;
      driver.leg = undefined;
      return driver.position;
    }
    return between(leg.from, leg.to, (now - leg.fromS) / (leg.toS - leg.fromS));
  }

  private async goOnline(driver: SimDriver): Promise<void> {
    await this.report(driver, false);
    const switched = await this.driverCall(driver, 'PUT', '/v1/drivers/me/availability', { available: true }, [200]);
    if (switched.status !== 200) return;
    driver.state = 'idle';
    driver.onlineSinceS = this.nowS();
    this.after(this.random.between([0, REPORT_EVERY_SECONDS.idle]), () => this.reportLoop(driver));
  }

  private async reportLoop(driver: SimDriver): Promise<void> {
    if (driver.state === 'offline') return;
    await this.report(driver, true);
    const every = driver.state === 'job' ? REPORT_EVERY_SECONDS.onJob : REPORT_EVERY_SECONDS.idle;
    this.after(every * this.random.between([0.9, 1.05]), () => this.reportLoop(driver));
  }

  private async report(driver: SimDriver, mayRing: boolean): Promise<void> {
    const reported = await this.driverCall(driver, 'PUT', '/v1/drivers/me/location', this.positionOf(driver), [200]);
    if (mayRing && reported.status === 200 && reported.body.currentOfferId && driver.state === 'idle') await this.lookAtOffer(driver);
  }

  private async endShift(driver: SimDriver): Promise<void> {
    driver.shiftEnding = true;
    if (driver.state === 'idle') await this.goOffline(driver);
  }

  private async goOffline(driver: SimDriver): Promise<void> {
    const switched = await this.driverCall(driver, 'PUT', '/v1/drivers/me/availability', { available: false }, [200, 409]);
    if (switched.status === 200 && driver.state === 'idle') this.clockOff(driver, this.nowS());
  }

  private clockOff(driver: SimDriver, atS: number): void {
    if (driver.busySinceS !== undefined) driver.busySeconds += atS - driver.busySinceS;
    if (driver.onlineSinceS !== undefined) driver.onlineSeconds += atS - driver.onlineSinceS;
    driver.busySinceS = undefined;
    driver.onlineSinceS = undefined;
    driver.state = 'offline';
  }

  /** The push notification: every BUSY simulated driver who holds nothing yet looks at its offers. */
  private async ringPhones(): Promise<void> {
    const everyMs = Math.max(200, (RING_EVERY_SECONDS * 1000) / this.options.speed);
    while (!this.ending) {
      const started = Date.now();
      const busy = await this.options.api.all<{ driverId: string }>('admin', ADMIN, '/v1/ops/drivers?state=BUSY');
      for (const { driverId } of busy) {
        const driver = this.driversById.get(driverId);
        if (driver && driver.state === 'idle' && driver.lookAgainAfterMs <= Date.now() && !this.ending) this.track(this.lookAtOffer(driver));
      }
      await pause(Math.max(0, everyMs - (Date.now() - started)));
    }
  }

  private async lookAtOffer(driver: SimDriver): Promise<void> {
    driver.state = 'offer';
    const offers = await this.driverCall(driver, 'GET', '/v1/drivers/me/offers', undefined, [200]);
    const offer = offers.status === 200 ? (offers.body.items as { offerId: string; jobId: string; expiresAt: string }[])[0] : undefined;
    if (!offer || driver.handledOffers.has(offer.offerId)) {
      driver.lookAgainAfterMs = Date.now() + (this.options.offerTtlSeconds * 1000) / 3;
      if (driver.state === 'offer') driver.state = 'idle';
      return;
    }
    driver.handledOffers.add(offer.offerId);
    const order = this.ordersById.get(offer.jobId.replace(/^job_/, ''));
    const madeMs = Date.parse(offer.expiresAt) - this.options.offerTtlSeconds * 1000;
    if (order && (order.firstOfferMs === undefined || madeMs < order.firstOfferMs)) order.firstOfferMs = madeMs;

    const { behaviour } = this.options.scenario;
    const roll = this.random.next();
    const react = this.random.between(behaviour.reactSeconds);
    if (roll < behaviour.accept) {
      this.after(react, () => this.accept(driver, offer.offerId));
    } else if (roll < behaviour.accept + behaviour.decline) {
      this.after(react, async () => {
        await this.driverCall(driver, 'POST', `/v1/offers/${offer.offerId}/decline`, undefined, [200, 409]);
        this.backToIdle(driver);
      });
    } else {
      // Silent: the phone rings out; the driver is free again once the offer has lapsed.
      const lapsedMs = Date.parse(offer.expiresAt) + 250;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.backToIdle(driver);
      }, Math.max(0, lapsedMs - Date.now()));
      this.timers.add(timer);
    }
  }

  private backToIdle(driver: SimDriver): void {
    if (driver.state === 'offline') return;
    driver.state = 'idle';
    if (driver.shiftEnding) this.track(this.goOffline(driver));
  }

  private async accept(driver: SimDriver, offerId: string): Promise<void> {
    const accepted = await this.driverCall(driver, 'POST', `/v1/offers/${offerId}/accept`, undefined, [200, 409]);
    if (accepted.status !== 200) {
      this.backToIdle(driver);
      return;
    }
    driver.state = 'job';
    driver.busySinceS = this.nowS();
    const job = accepted.body as DriverJob;
    const order = this.noteJob(job);
    const { behaviour } = this.options.scenario;
    const from = this.positionOf(driver);
    const kmh = behaviour.kmh[driver.group.vehicle];
    const arriveS = this.nowS() + (roadKm(from, job.pickup.location) / kmh) * 3600;
    driver.leg = { from, to: job.pickup.location, fromS: this.nowS(), toS: arriveS };
    let pickupS = arriveS + this.random.between(behaviour.handoverSeconds);
    if (order?.foodReadyMs !== undefined) {
      // At the stall the driver waits for the kitchen.
      const readyS = ((order.foodReadyMs - this.wallStartMs) * this.options.speed) / 1000;
      pickupS = Math.max(pickupS, readyS + this.random.between([15, 60]));
    }
    this.at(pickupS, () => this.pickUp(driver, job.jobId));
  }

  private async pickUp(driver: SimDriver, jobId: string): Promise<void> {
    const foodReadyMs = this.ordersById.get(jobId.replace(/^job_/, ''))?.foodReadyMs;
    if (foodReadyMs !== undefined && Date.now() < foodReadyMs) {
      // Accepted before the merchant's answer reached this run: wait at the stall for the kitchen.
      this.at(((foodReadyMs - this.wallStartMs) * this.options.speed) / 1000 + this.random.between([15, 60]), () => this.pickUp(driver, jobId));
      return;
    }
    const picked = await this.driverCall(driver, 'POST', `/v1/jobs/${jobId}/pickup`, undefined, [200, 409]);
    if (picked.status !== 200) {
      this.release(driver); // withdrawn: the order was cancelled
      return;
    }
    const job = this.noteJobView(picked.body as DriverJob);
    const { behaviour } = this.options.scenario;
    const from = this.positionOf(driver);
    const arriveS = this.nowS() + (roadKm(from, job.dropoff.location) / behaviour.kmh[driver.group.vehicle]) * 3600;
    driver.leg = { from, to: job.dropoff.location, fromS: this.nowS(), toS: arriveS };
    this.at(arriveS + this.random.between(behaviour.handoverSeconds), () => this.handOver(driver, job));
  }

  private async handOver(driver: SimDriver, job: DriverJob): Promise<void> {
    const order = this.ordersById.get(job.jobId.replace(/^job_/, ''));
    const fails = this.random.chance(this.options.scenario.behaviour.failShare);
    const done = fails
      ? await this.driverCall(driver, 'POST', `/v1/jobs/${job.jobId}/fail`, { reason: job.kind === 'RIDE' ? 'Penumpang turun di jalan' : 'Penerima tidak ada di rumah' }, [200])
      : await this.driverCall(
          driver,
          'POST',
          `/v1/jobs/${job.jobId}/deliver`,
          job.kind === 'RIDE' ? undefined : { recipientName: order?.recipientName ?? 'Penerima', ...(order?.deliveryCode && { code: order.deliveryCode }) },
          [200],
        );
    if (done.status === 200) this.noteJobView(done.body as DriverJob);
    if (fails && done.status === 200 && order) order.failedAtTheDoor = true;
    this.release(driver);
  }

  private release(driver: SimDriver): void {
    if (driver.busySinceS !== undefined) driver.busySeconds += this.nowS() - driver.busySinceS;
    driver.busySinceS = undefined;
    this.backToIdle(driver);
  }

  private noteJob(job: DriverJob): SimOrder | undefined {
    this.noteJobView(job);
    return this.ordersById.get(job.jobId.replace(/^job_/, ''));
  }

  /** Keeps the longest timeline seen of the job: the latest view has every step so far. */
  private noteJobView(job: DriverJob): DriverJob {
    const order = this.ordersById.get(job.jobId.replace(/^job_/, ''));
    if (order && (!order.timeline || job.timeline.length >= order.timeline.length)) order.timeline = job.timeline;
    return job;
  }

  // ---- orders -----------------------------------------------------------------------------

  private scheduleArrival(perSecond: number, untilS: number): void {
    if (perSecond <= 0) return;
    const atS = this.nowS() + this.random.exponential(perSecond);
    if (atS > untilS) return;
    this.at(atS, () => {
      this.scheduleArrival(perSecond, untilS);
      const n = ++this.arrivals;
      const demand = this.options.scenario.demand;
      if (demand.kind === 'MEDICINE') return this.prescription(demand, n);
      if (demand.kind === 'FOOD') return this.foodOrder(demand, n);
      return this.ride(demand, n);
    });
  }

  private remember(order: SimOrder): SimOrder {
    this.orders.push(order);
    this.ordersById.set(order.orderId, order);
    return order;
  }

  private async prescription(demand: MedicineDemand, n: number): Promise<void> {
    const name = this.random.weighted(demand.facilities);
    const facility = this.facilities.find((f) => f.place.name === name)!;
    const home = pointAround(this.random, facility.place, demand.patientKm);
    const kecamatan = nearestKecamatan(home);
    const patient = personName(this.random);
    const registered = await this.call('pharmacy', facility.staff, 'POST', '/v1/medicine-orders', {
      facilityId: facility.facilityId,
      patient: {
        name: patient,
        phone: `0812${String(30_000_000 + n).padStart(8, '0')}`,
        address: { street: streetAddress(this.random), rt: '001', rw: '002', desa: kecamatan, kecamatan },
        location: home,
      },
      prescriptionNo: `RX-SIM${this.options.tag}-${n}`,
      payer: this.random.chance(demand.pbiShare) ? 'BPJS_PBI' : 'GENERAL',
      items: [{ name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' }],
    }, [201]);
    if (registered.status !== 201) return;
    const order = this.remember({
      kind: 'MEDICINE',
      orderId: registered.body.orderId,
      owner: { role: 'pharmacy', sub: facility.staff },
      origin: { lat: facility.place.lat, lng: facility.place.lng },
      deliveryCode: registered.body.deliveryCode,
      recipientName: patient,
    });
    const path = `/v1/medicine-orders/${order.orderId}/status`;
    this.after(this.random.between(demand.startMinutes) * 60, async () => {
      await this.call('pharmacy', facility.staff, 'POST', path, { status: 'PREPARING' }, [200]);
      const cancels = this.random.chance(demand.cancelShare);
      const prepareS = this.random.between(demand.prepareMinutes) * 60;
      this.after(cancels ? prepareS / 2 : prepareS, async () => {
        if (cancels) {
          await this.call('pharmacy', facility.staff, 'POST', path, { status: 'CANCELLED', reason: 'Pasien dirawat inap' }, [200]);
          return;
        }
        const ready = await this.call('pharmacy', facility.staff, 'POST', path, { status: 'READY_FOR_PICKUP' }, [200]);
        if (ready.status !== 200) return;
        const at = lastAt(ready.body.timeline, 'READY_FOR_PICKUP');
        order.searchFromMs = at;
        order.readyMs = at;
      });
    });
  }

  private async foodOrder(demand: FoodDemand, n: number): Promise<void> {
    const merchant = this.random.pick(this.merchants);
    const customer = `warga-sim${this.options.tag}-${n}`;
    const home = pointAround(this.random, merchant.place, demand.customerKm);
    const kecamatan = nearestKecamatan(home);
    const recipientName = personName(this.random);
    const lines = this.random.chance(0.5) ? [merchant.menu[0]!, merchant.menu[2]!] : [merchant.menu[this.random.int(0, 1)]!];
    const body = {
      festivalId: this.festivalId,
      merchantId: merchant.merchantId,
      items: lines.map((line) => ({ itemId: line.itemId, quantity: this.random.int(1, 3) })),
      dropoff: { location: home, address: { street: streetAddress(this.random), desa: kecamatan, kecamatan } },
      recipient: { name: recipientName, phone: `0857${String(40_000_000 + n).padStart(8, '0')}` },
    };
    let placed = this.random.chance(demand.promotion.triedBy)
      ? await this.call('citizen', customer, 'POST', '/v1/food-orders', { ...body, promoCode: demand.promotion.code }, [201, 422])
      : undefined;
    // The code used up (or the basket below its minimum): the customer orders all the same.
    if (placed === undefined || placed.status === 422) placed = await this.call('citizen', customer, 'POST', '/v1/food-orders', body, [201]);
    if (placed.status !== 201) return;
    const order = this.remember({
      kind: 'FOOD',
      orderId: placed.body.orderId,
      owner: { role: 'citizen', sub: customer },
      origin: merchant.place,
      recipientName,
    });
    const path = `/v1/food-orders/${order.orderId}/status`;
    this.after(this.random.between(demand.answerMinutes) * 60, async () => {
      if (this.random.chance(demand.rejectShare)) {
        await this.call('merchant', merchant.owner, 'POST', path, { status: 'REJECTED', reason: 'Bahan habis' }, [200]);
        return;
      }
      const accepted = await this.call('merchant', merchant.owner, 'POST', path, { status: 'ACCEPTED', prepMinutes: this.wallMinutes(merchant.prepMinutes) }, [200]);
      if (accepted.status !== 200) return;
      const readyMs = Date.parse(accepted.body.readyAt);
      const acceptedMs = lastAt(accepted.body.timeline, 'ACCEPTED');
      order.readyMs = readyMs;
      order.foodReadyMs = readyMs;
      order.searchFromMs = Math.max(acceptedMs, readyMs - this.options.pickupLeadSeconds * 1000);
      // The kitchen says READY when the food is: not early, so readyAt (and dispatch's timing) stays.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.ending) this.track(this.call('merchant', merchant.owner, 'POST', path, { status: 'READY' }, [200, 409]));
      }, Math.max(0, readyMs + 50 - Date.now()));
      this.timers.add(timer);
    });
  }

  private async ride(demand: RideDemand, n: number): Promise<void> {
    const from = this.random.weighted(demand.from);
    let to = this.random.weighted(demand.to);
    while (to.name === from.name) to = this.random.weighted(demand.to);
    const pickupAt = pointAround(this.random, from, [0, 0.3]);
    const dropoffAt = pointAround(this.random, to, [0, 1.5]);
    const citizen = `warga-sim${this.options.tag}-${n}`;
    const passenger = personName(this.random);
    const body = {
      pickup: { location: pickupAt, address: { street: from.name.slice(0, 200), desa: from.kecamatan, kecamatan: from.kecamatan } },
      dropoff: { location: dropoffAt, address: { street: streetAddress(this.random), desa: to.kecamatan, kecamatan: nearestKecamatan(dropoffAt) } },
      passenger: { name: passenger, phone: `0878${String(50_000_000 + n).padStart(8, '0')}` },
    };
    let booked = this.random.chance(demand.taxiShare)
      ? await this.call('citizen', citizen, 'POST', '/v1/rides', { ...body, vehicleType: 'TAXI' }, [201, 422])
      : undefined;
    // No partner taxi free nearby (422 NO_VEHICLE_AVAILABLE): the passenger takes a Go-Jek car.
    if (booked === undefined || booked.status === 422) booked = await this.call('citizen', citizen, 'POST', '/v1/rides', { ...body, vehicleType: 'CAR' }, [201]);
    if (booked.status !== 201) return;
    const at = lastAt(booked.body.timeline, 'SEARCHING');
    const order = this.remember({
      kind: 'RIDE',
      orderId: booked.body.rideId,
      owner: { role: 'citizen', sub: citizen },
      origin: pickupAt,
      recipientName: passenger,
      searchFromMs: at,
      readyMs: at,
    });
    if (this.random.chance(demand.cancelShare)) {
      this.after(this.random.between(demand.cancelAfterMinutes) * 60, () =>
        this.call('citizen', citizen, 'POST', `/v1/rides/${order.orderId}/cancel`, { reason: 'Sudah dijemput keluarga' }, [202, 409]),
      );
    }
  }

  private async sampleOpenJobs(): Promise<void> {
    const everyS = Math.max(60, this.endS / OPEN_JOB_SAMPLES);
    for (let atS = 0; !this.ending; atS += everyS) {
      await pause(Math.max(0, this.wallStartMs + (atS * 1000) / this.options.speed - Date.now()), () => this.ending);
      if (this.ending) break;
      const jobs = await this.options.api.all('admin', ADMIN, '/v1/ops/jobs');
      this.lastOpen = jobs.length;
      this.openJobs.push({ minute: Math.round(this.nowS() / 60), open: jobs.length });
    }
  }

  // ---- the result -------------------------------------------------------------------------

  private async result(endMs: number): Promise<SimulationResult> {
    const { scenario, speed, minutes } = this.options;
    const finalOpen = await this.options.api.all('admin', ADMIN, '/v1/ops/jobs');
    this.openJobs.push({ minute: minutes, open: finalOpen.length });

    const seen: OrderSeen[] = [];
    await inBatches(this.orders, 6, async (order) => {
      const path = { MEDICINE: '/v1/medicine-orders/', FOOD: '/v1/food-orders/', RIDE: '/v1/rides/' }[order.kind] + order.orderId;
      const read = await this.call(order.owner.role, order.owner.sub, 'GET', path, undefined, [200]);
      const status: string = read.status === 200 ? read.body.status : 'UNKNOWN';
      const jobTimeline = order.timeline ?? [];
      const firstOffered = firstAt(jobTimeline, 'OFFERED');
      const orderTimeline: { status: string; at: string }[] = read.status === 200 ? read.body.timeline : [];
      const delivered = firstAt(orderTimeline, order.kind === 'RIDE' ? 'COMPLETED' : 'DELIVERED');
      // Whether dispatch's first search found a driver free, from the decisions it recorded: a job
      // that found every driver busy waited for the fleet, not for dispatch.
      const decisions = order.searchFromMs === undefined ? undefined : await this.call('admin', ADMIN, 'GET', `/v1/ops/jobs/job_${order.orderId}/decisions`, undefined, [200, 404]);
      const firstDecision: string | undefined = decisions?.status === 200 ? decisions.body.items[0]?.decision : undefined;
      seen.push({
        kind: order.kind,
        orderId: order.orderId,
        origin: order.origin,
        outcome: outcomeOf(order.kind, status),
        ...(order.searchFromMs !== undefined && { searchFromMs: order.searchFromMs }),
        ...(order.readyMs !== undefined && { readyMs: order.readyMs }),
        ...(min(order.firstOfferMs, firstOffered) !== undefined && { firstOfferMs: min(order.firstOfferMs, firstOffered)! }),
        ...(firstAt(jobTimeline, 'ASSIGNED') !== undefined && {
          firstAssignedMs: firstAt(jobTimeline, 'ASSIGNED')!,
          offers: jobTimeline.filter((t) => t.status === 'OFFERED').length,
        }),
        ...(delivered !== undefined && { deliveredMs: delivered }),
        ...(order.failedAtTheDoor && { failedAtTheDoor: true }),
        ...(firstDecision !== undefined && { firstSearchFoundDriver: firstDecision === 'OFFERED' }),
      });
    });
    seen.sort((a, b) => a.orderId.localeCompare(b.orderId));

    let promotion: SimulationResult['figures']['promotion'] = null;
    if (this.festivalId && scenario.demand.kind === 'FOOD') {
      const promotions = await this.call('admin', ADMIN, 'GET', `/v1/festivals/${this.festivalId}/promotions`, undefined, [200]);
      const code = scenario.demand.promotion.code;
      const row = (promotions.body?.items as { code: string; redeemedCount: number; quota: number }[] | undefined)?.find((p) => p.code === code);
      if (row) promotion = { redemptions: row.redeemedCount, quota: row.quota };
    }

    const startWibMinutes = Number(scenario.startsAt.slice(0, 2)) * 60 + Number(scenario.startsAt.slice(3, 5));
    const clock: RunClock = { speed, wallStartMs: this.wallStartMs, startWibMinutes, minutes };
    const drivers: DriverTime[] = this.drivers.map((d) => ({ onlineSeconds: d.onlineSeconds, busySeconds: d.busySeconds }));
    const { figures, readyToAssignedSeconds } = computeFigures(seen, drivers, clock, promotion);
    return {
      scenario: {
        name: scenario.name,
        title: scenario.title,
        description: scenario.description,
        speed,
        minutes,
        startedAt: `${wibDay(this.wallStartMs)}T${scenario.startsAt}:00+07:00`,
        wallSeconds: Math.round((endMs - this.wallStartMs) / 100) / 10,
        drivers: this.drivers.length,
      },
      figures,
      targets: judgeTargets(scenario.targets, figures),
      series: {
        readyToAssignedSeconds,
        deliveriesPerHour: deliveriesPerHour(seen, clock),
        openJobs: this.openJobs,
        origins: seen.map((o) => ({ lat: o.origin.lat, lng: o.origin.lng, kind: o.kind, outcome: o.outcome })),
      },
      area: { bbox: REGENCY_BBOX, kecamatan: KECAMATAN_CENTRES },
    };
  }
}

interface DriverJob {
  readonly jobId: string;
  readonly kind: OrderKind;
  readonly status: string;
  readonly pickup: { readonly location: Point };
  readonly dropoff: { readonly location: Point };
  readonly timeline: readonly { readonly status: string; readonly at: string }[];
}

const OUTCOMES: Record<OrderKind, Partial<Record<string, Outcome>>> = {
  MEDICINE: { DELIVERED: 'DELIVERED', DELIVERY_FAILED: 'FAILED', RETURNED_TO_PHARMACY: 'FAILED', CANCELLED: 'CANCELLED' },
  FOOD: { DELIVERED: 'DELIVERED', DELIVERY_FAILED: 'FAILED', REJECTED: 'CANCELLED', CANCELLED: 'CANCELLED' },
  RIDE: { COMPLETED: 'DELIVERED', FAILED: 'FAILED', NO_DRIVER_FOUND: 'FAILED', CANCELLED: 'CANCELLED' },
};

/** Where an order stands, in the result's four outcomes; any status not final is still OPEN. */
export function outcomeOf(kind: OrderKind, status: string): Outcome {
  return OUTCOMES[kind][status] ?? 'OPEN';
}

function firstAt(timeline: readonly { status: string; at: string }[], status: string): number | undefined {
  const entry = timeline.find((t) => t.status === status);
  return entry ? Date.parse(entry.at) : undefined;
}

function lastAt(timeline: readonly { status: string; at: string }[], status: string): number {
  const entries = timeline.filter((t) => t.status === status);
  return entries.length > 0 ? Date.parse(entries[entries.length - 1]!.at) : Date.now();
}

function min(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function wibIso(ms: number): string {
  return `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, -1)}+07:00`;
}

function wibDay(ms: number): string {
  return wibIso(ms).slice(0, 10);
}

function wibClock(startsAt: string, seconds: number): string {
  const minutes = Number(startsAt.slice(0, 2)) * 60 + Number(startsAt.slice(3, 5)) + Math.floor(seconds / 60);
  return `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function pause(ms: number, stopWhen?: () => boolean): Promise<void> {
  if (!stopWhen) return new Promise((resolve) => setTimeout(resolve, ms));
  // Wakes early when the run ends, so that the run does not wait out a long sampling interval.
  return new Promise((resolve) => {
    const until = Date.now() + ms;
    const tick = (): void => {
      if (stopWhen() || Date.now() >= until) resolve();
      else setTimeout(tick, Math.min(250, until - Date.now()));
    };
    tick();
  });
}

async function inBatches<T>(items: readonly T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await each(items[next++]!);
  });
  await Promise.all(workers);
}
