/**
 * The scenarios of `npm run simulate`, as tables: who is on the road, who orders what and how
 * often, how drivers answer their offers, and the targets a run must meet. The runner
 * (simulation.ts) knows no scenario by name; a new one is a new row here.
 *
 * Rates are per scenario hour and hold whatever `--minutes` says: a shorter run has fewer
 * orders, not a denser evening. Orders arrive during the first `arrivalShare` of the run, so that
 * the last ones can still be delivered before it ends.
 */
import reference from '../../shared/reference/banyuwangi.json' with { type: 'json' };
import type { SimulationFigures } from './result.ts';

export interface Place {
  readonly name: string;
  readonly lat: number;
  readonly lng: number;
  readonly kecamatan: string;
}

export interface Weighted<T> {
  readonly value: T;
  readonly weight: number;
}

export type VehicleType = 'MOTORBIKE' | 'CAR' | 'TAXI';

export interface FleetGroup {
  readonly count: number;
  readonly vehicle: VehicleType;
  /** Go-Jek, or the partner taxi company of that name (created by the scenario). */
  readonly fleet: 'GOJEK' | { readonly company: string };
  readonly medicineTrained: boolean;
  /** Where its drivers wait between jobs, and how far around it they roam. */
  readonly around: readonly Weighted<Place>[];
  readonly roamKm: number;
  /** When its drivers switch the app on and off, as shares of the run (0 = start, 1 = end). */
  readonly shift: { readonly from: number; readonly to: number };
}

export interface DriverBehaviour {
  /** What a driver does with an offer: shares that add up to 1 ("silent" lets it expire). */
  readonly accept: number;
  readonly decline: number;
  readonly silent: number;
  /** Scenario seconds between the phone ringing and the driver's tap. */
  readonly reactSeconds: readonly [number, number];
  /** Deliveries (rides) that fail after pickup: nobody home, a passenger who got out on the way. */
  readonly failShare: number;
  /** Average road speed, km/h, over the road distance (great circle × 1.3, as fares count it). */
  readonly kmh: Readonly<Record<VehicleType, number>>;
  /** Scenario seconds at the pickup and at the door. */
  readonly handoverSeconds: readonly [number, number];
}

export interface MedicineDemand {
  readonly kind: 'MEDICINE';
  readonly perHour: number;
  readonly facilities: readonly Weighted<string>[];
  /** Registration → PREPARING, then PREPARING → READY_FOR_PICKUP, scenario minutes. */
  readonly startMinutes: readonly [number, number];
  readonly prepareMinutes: readonly [number, number];
  /** Orders the pharmacy cancels while preparing (the patient was admitted). */
  readonly cancelShare: number;
  /** How far from the facility the patients live, km. */
  readonly patientKm: readonly [number, number];
  /** Share of BPJS PBI patients. */
  readonly pbiShare: number;
}

export interface FoodDemand {
  readonly kind: 'FOOD';
  readonly perHour: number;
  readonly merchants: number;
  /** Where the merchants' stalls are (kecamatan centres, spread about 1.5 km). */
  readonly merchantsIn: readonly Weighted<string>[];
  /** The kitchens' usual minutes; the runner turns them into the accept's `prepMinutes` on the wall clock. */
  readonly prepMinutes: readonly number[];
  /** Order placed → the merchant accepts or rejects, scenario minutes. */
  readonly answerMinutes: readonly [number, number];
  readonly rejectShare: number;
  readonly customerKm: readonly [number, number];
  /** The limited promotion: most customers try its code, fewer than that get it. */
  readonly promotion: {
    readonly code: string;
    readonly flatIdr: number;
    readonly minSubtotalIdr: number;
    readonly quota: number;
    readonly perCustomerLimit: number;
    readonly triedBy: number;
  };
}

export interface RideDemand {
  readonly kind: 'RIDE';
  readonly perHour: number;
  readonly from: readonly Weighted<Place>[];
  readonly to: readonly Weighted<Place>[];
  /** Share asking for a partner taxi; the others book a Go-Jek car (and so does one who gets no taxi quote). */
  readonly taxiShare: number;
  /** Rides the passenger cancels while waiting, after `cancelAfterMinutes`. */
  readonly cancelShare: number;
  readonly cancelAfterMinutes: readonly [number, number];
}

export type Demand = MedicineDemand | FoodDemand | RideDemand;

export interface TaxiCompanyRow {
  readonly name: string;
  readonly licenseNo: string;
  readonly tariff: { readonly flagFallIdr: number; readonly perKmIdr: number; readonly minimumFareIdr: number };
}

/** One figure a scenario promises, read from the run's figures. */
export interface Target {
  readonly name: string;
  readonly target: string;
  /** The figure as text, and whether it meets the target; a figure over no value never does. */
  readonly judge: (figures: SimulationFigures) => { readonly actual: string; readonly met: boolean };
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The scenario clock's start, WIB (HH:MM on the day of the run). */
  readonly startsAt: string;
  readonly defaults: { readonly speed: number; readonly minutes: number };
  readonly arrivalShare: number;
  readonly fleet: readonly FleetGroup[];
  readonly companies: readonly TaxiCompanyRow[];
  readonly behaviour: DriverBehaviour;
  readonly demand: Demand;
  readonly targets: readonly Target[];
}

// ---- places ---------------------------------------------------------------------------------

export const kecamatanPlace = (name: string): Place => {
  const k = reference.kecamatan.find((row) => row.name === name);
  if (!k) throw new Error(`No kecamatan ${name} in the reference data`);
  return { name: `Kecamatan ${name}`, lat: k.lat, lng: k.lng, kecamatan: name };
};
const landmark = (kind: string): Place => {
  const l = reference.landmarks.find((row) => row.kind === kind);
  if (!l) throw new Error(`No landmark ${kind} in the reference data`);
  return { name: l.name, lat: l.lat, lng: l.lng, kecamatan: l.kecamatan };
};
export const facilityPlace = (name: string): Place => {
  const f = reference.healthFacilities.find((row) => row.name === name);
  if (!f) throw new Error(`No facility ${name} in the reference data`);
  return { name: f.name, lat: f.lat, lng: f.lng, kecamatan: f.kecamatan };
};

const TOWN = landmark('town_centre');
const GENTENG = facilityPlace('RSUD Genteng');
const STATION = landmark('railway_station');
const AIRPORT = landmark('airport');
/** The ferry port to Bali (Gilimanuk), a few hundred metres south of the station. */
const PORT: Place = { name: 'Pelabuhan Ketapang', lat: -8.1436, lng: 114.399, kecamatan: 'Kalipuro' };
const BOOM: Place = { name: 'Pantai Boom (marina)', lat: -8.2045, lng: 114.3795, kecamatan: 'Banyuwangi' };

// ---- targets --------------------------------------------------------------------------------

const minutesAndSeconds = (seconds: number): string =>
  seconds < 60 ? `${Math.round(seconds)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;

const readyToOfferP95 = (maxMs: number): Target => ({
  name: 'ready → offer p95',
  target: `≤ ${maxMs} ms (machine time, jobs a driver was free for)`,
  judge: ({ readyToOfferMs: { p95 } }) => ({ actual: p95 === null ? 'no offer' : `${p95} ms`, met: p95 !== null && p95 <= maxMs }),
});

const readyToAssignedP95 = (maxMinutes: number, why: string): Target => ({
  name: 'ready → assigned p95',
  target: `≤ ${maxMinutes} min (${why})`,
  judge: ({ readyToAssignedSeconds: { p95 } }) => ({
    actual: p95 === null ? 'nobody assigned' : minutesAndSeconds(p95),
    met: p95 !== null && p95 <= maxMinutes * 60,
  }),
});

const nothingLeftOpen: Target = {
  name: 'orders still open at the end',
  target: '0 (every order delivered, failed or cancelled by the end of the run)',
  judge: ({ open }) => ({ actual: String(open), met: open === 0 }),
};

/**
 * Orders that failed through the system (a ride nobody took within its search, a job given up),
 * out of those not cancelled. The deliveries the scenario fails on purpose at the door (its
 * `failShare`: nobody home) are left out: they measure the dice, not Gancang.
 */
const failedBySystemAtMost = (share: number, why: string): Target => ({
  name: 'failed through the system',
  target: share === 0 ? `0 (${why})` : `≤ ${Math.round(share * 100)} % of the orders not cancelled (${why})`,
  judge: ({ orders, cancelled, failed, failedAtTheDoor }) => {
    const base = orders - cancelled;
    const bySystem = failed - failedAtTheDoor;
    const actualShare = base > 0 ? bySystem / base : null;
    return {
      actual: actualShare === null ? 'no order' : `${bySystem} of ${base} (${(actualShare * 100).toFixed(1)} %; ${failedAtTheDoor} more failed at the door)`,
      met: actualShare !== null && actualShare <= share,
    };
  },
});

const promotionNeverOversold: Target = {
  name: 'promotion redemptions',
  target: '≤ quota (never oversold)',
  judge: ({ promotion }) => ({
    actual: promotion ? `${promotion.redemptions} of ${promotion.quota}` : 'no promotion',
    met: promotion !== null && promotion.redemptions <= promotion.quota,
  }),
};

// ---- the scenarios --------------------------------------------------------------------------

/**
 * Gancang Aron made about 4,444 deliveries in its first 15 months (about 9.8 a day); ten times
 * that is about 98 a day, registered over the pharmacies' 6 hours of outpatient service
 * (07:00–13:00). The run goes on to 15:00: a prescription registered at 13:00 can take up to
 * 55 minutes to be ready and half an hour more to reach the patient.
 */
const ORDINARY_DAY_ARRIVAL_HOURS = 6;
const ORDINARY_DAY_PER_HOUR = ((4_444 / (15 * 30.4)) * 10) / ORDINARY_DAY_ARRIVAL_HOURS;

const ordinaryDay: Scenario = {
  name: 'ordinary-day',
  title: 'An ordinary day of Gancang Aron',
  description:
    'The two RSUD and six puskesmas of the town and Genteng register prescriptions from 07:00 to 13:00 at ten times the real programme’s rate ' +
    '(about 98 a day), prepare them and hand them to 60 medicine-trained Go-Jek drivers working two shifts around the town and Genteng, who report ' +
    'their position every three minutes while waiting and every two on a job; 12 % of offers are declined and 8 % go unanswered, 2 % of orders are cancelled while being prepared and 3 % of ' +
    'deliveries fail at the door.',
  startsAt: '07:00',
  defaults: { speed: 50, minutes: 480 },
  arrivalShare: (ORDINARY_DAY_ARRIVAL_HOURS * 60) / 480,
  fleet: [
    {
      count: 20, vehicle: 'MOTORBIKE', fleet: 'GOJEK', medicineTrained: true,
      around: [{ value: TOWN, weight: 2 }, { value: kecamatanPlace('Giri'), weight: 1 }], roamKm: 3, shift: { from: 0, to: 0.65 },
    },
    {
      count: 16, vehicle: 'MOTORBIKE', fleet: 'GOJEK', medicineTrained: true,
      around: [{ value: TOWN, weight: 2 }, { value: kecamatanPlace('Kalipuro'), weight: 1 }], roamKm: 3, shift: { from: 0.3, to: 1 },
    },
    { count: 12, vehicle: 'MOTORBIKE', fleet: 'GOJEK', medicineTrained: true, around: [{ value: GENTENG, weight: 1 }], roamKm: 4, shift: { from: 0, to: 0.65 } },
    { count: 12, vehicle: 'MOTORBIKE', fleet: 'GOJEK', medicineTrained: true, around: [{ value: GENTENG, weight: 1 }], roamKm: 4, shift: { from: 0.3, to: 1 } },
  ],
  companies: [],
  behaviour: {
    accept: 0.8, decline: 0.12, silent: 0.08, reactSeconds: [5, 25], failShare: 0.03,
    kmh: { MOTORBIKE: 25, CAR: 30, TAXI: 30 }, handoverSeconds: [60, 180],
  },
  demand: {
    kind: 'MEDICINE',
    perHour: ORDINARY_DAY_PER_HOUR,
    facilities: [
      { value: 'RSUD Blambangan', weight: 5 },
      { value: 'RSUD Genteng', weight: 4 },
      { value: 'Puskesmas Sobo', weight: 1 },
      { value: 'Puskesmas Kertosari', weight: 1 },
      { value: 'Puskesmas Singotrunan', weight: 1 },
      { value: 'Puskesmas Mojopanggung', weight: 1 },
      { value: 'Puskesmas Genteng Kulon', weight: 1 },
      { value: 'Puskesmas Kembiritan', weight: 1 },
    ],
    startMinutes: [2, 10],
    prepareMinutes: [15, 45],
    cancelShare: 0.02,
    patientKm: [0.5, 7],
    pbiShare: 0.7,
  },
  targets: [
    readyToOfferP95(1000),
    readyToAssignedP95(10, 'before the pharmacy is told NO_DRIVER_YET'),
    failedBySystemAtMost(0, 'a medicine job is never given up'),
    nothingLeftOpen,
  ],
};

const festivalPeak: Scenario = {
  name: 'festival-peak',
  title: 'Pesta Kuliner: the busiest evening',
  description:
    '40 UMKM stalls in the town, Giri, Glagah, Kalipuro and Kabat take 300 Go-Food orders in 30 minutes (from 18:30), most customers trying a ' +
    'Rp 10.000 promotion limited to 150 orders; merchants answer within 1–3 minutes (2 % rejected), cook for 10 or 20 minutes, and 120 Go-Jek ' +
    'drivers around the stalls deliver 1–4 km away; 10 % of offers are declined, 5 % go unanswered, 1 % of deliveries fail.',
  startsAt: '18:30',
  // Orders come in the first 30 minutes; the run goes on to 20:05, since the last ones are ready
  // around 19:25 and a fleet working through the evening's backlog delivers them within half an
  // hour (a queue model of these tables put the last delivery 53–57 minutes after the last order).
  defaults: { speed: 10, minutes: 95 },
  arrivalShare: 30 / 95,
  fleet: [
    {
      count: 120, vehicle: 'MOTORBIKE', fleet: 'GOJEK', medicineTrained: false,
      around: [
        { value: TOWN, weight: 3 },
        { value: kecamatanPlace('Giri'), weight: 2 },
        { value: kecamatanPlace('Glagah'), weight: 1 },
        { value: kecamatanPlace('Kalipuro'), weight: 1 },
        { value: kecamatanPlace('Kabat'), weight: 1 },
      ],
      roamKm: 2, shift: { from: 0, to: 1 },
    },
  ],
  companies: [],
  behaviour: {
    accept: 0.85, decline: 0.1, silent: 0.05, reactSeconds: [5, 20], failShare: 0.01,
    kmh: { MOTORBIKE: 25, CAR: 30, TAXI: 30 }, handoverSeconds: [30, 120],
  },
  demand: {
    kind: 'FOOD',
    perHour: 600,
    merchants: 40,
    merchantsIn: [
      { value: 'Banyuwangi', weight: 16 },
      { value: 'Giri', weight: 8 },
      { value: 'Glagah', weight: 6 },
      { value: 'Kalipuro', weight: 5 },
      { value: 'Kabat', weight: 5 },
    ],
    prepMinutes: [10, 20],
    answerMinutes: [1, 3],
    rejectShare: 0.02,
    customerKm: [1, 4],
    promotion: { code: 'PESTA10RB', flatIdr: 10_000, minSubtotalIdr: 25_000, quota: 150, perCustomerLimit: 1, triedBy: 0.7 },
  },
  targets: [
    readyToOfferP95(1000),
    readyToAssignedP95(10, 'before the stall is told NO_DRIVER_YET'),
    promotionNeverOversold,
    failedBySystemAtMost(0, 'a food job is never given up'),
    nothingLeftOpen,
  ],
};

const taxiMorning: Scenario = {
  name: 'taxi-morning',
  title: 'A morning of rides from the port and the town',
  description:
    'From 06:00 to 08:00, passengers off the Bali ferries at Ketapang, at the station, the airport, the town and Genteng book about 60 rides an hour; 60 % ask ' +
    'for a partner taxi (two companies, 30 taxis each) and the rest, or anyone refused a taxi quote, a Go-Jek car (40 cars). A trip averages ' +
    'about 18 km of road, so each ride holds its vehicle 45–50 minutes with the way to the pickup: some 45 of the 100 vehicles are busy while ' +
    'passengers arrive. The run goes on to 10:00, so that the longest trips (the port to Genteng, some 45 km) end. 12 % of offers are ' +
    'declined and 8 % go unanswered, 3 % of passengers cancel while waiting and 1 % of trips fail.',
  startsAt: '06:00',
  defaults: { speed: 24, minutes: 240 },
  arrivalShare: 0.5,
  fleet: [
    {
      count: 30, vehicle: 'TAXI', fleet: { company: 'Osing Taksi' }, medicineTrained: false,
      around: [{ value: PORT, weight: 2 }, { value: TOWN, weight: 2 }, { value: GENTENG, weight: 1 }], roamKm: 1.5, shift: { from: 0, to: 1 },
    },
    {
      count: 30, vehicle: 'TAXI', fleet: { company: 'Blambangan Taxi' }, medicineTrained: false,
      around: [{ value: PORT, weight: 1 }, { value: TOWN, weight: 2 }, { value: AIRPORT, weight: 1 }], roamKm: 1.5, shift: { from: 0, to: 1 },
    },
    {
      count: 40, vehicle: 'CAR', fleet: 'GOJEK', medicineTrained: false,
      around: [{ value: TOWN, weight: 2 }, { value: STATION, weight: 1 }, { value: GENTENG, weight: 1 }], roamKm: 3, shift: { from: 0, to: 1 },
    },
  ],
  companies: [
    { name: 'Osing Taksi', licenseNo: '551.21/0117/429.104/2024', tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 } },
    { name: 'Blambangan Taxi', licenseNo: '551.21/0243/429.104/2024', tariff: { flagFallIdr: 9_000, perKmIdr: 4_500, minimumFareIdr: 25_000 } },
  ],
  behaviour: {
    accept: 0.8, decline: 0.12, silent: 0.08, reactSeconds: [5, 25], failShare: 0.01,
    kmh: { MOTORBIKE: 25, CAR: 30, TAXI: 30 }, handoverSeconds: [30, 90],
  },
  demand: {
    kind: 'RIDE',
    perHour: 60,
    from: [
      { value: PORT, weight: 4 },
      { value: STATION, weight: 2 },
      { value: TOWN, weight: 3 },
      { value: AIRPORT, weight: 1 },
      { value: GENTENG, weight: 1 },
    ],
    to: [
      { value: TOWN, weight: 4 },
      { value: BOOM, weight: 1 },
      { value: kecamatanPlace('Giri'), weight: 1 },
      { value: kecamatanPlace('Glagah'), weight: 1 },
      { value: kecamatanPlace('Rogojampi'), weight: 1 },
      { value: GENTENG, weight: 1 },
      { value: PORT, weight: 1 },
    ],
    taxiShare: 0.6,
    cancelShare: 0.03,
    cancelAfterMinutes: [1, 4],
  },
  targets: [
    readyToOfferP95(1000),
    readyToAssignedP95(3, 'a passenger at the kerb'),
    failedBySystemAtMost(0.02, 'no driver found within the ride search'),
    nothingLeftOpen,
  ],
};

export const SCENARIOS: readonly Scenario[] = [ordinaryDay, festivalPeak, taxiMorning];

export function scenarioNamed(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
