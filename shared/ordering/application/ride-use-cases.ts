import { jobIdFor, type DispatchMessage, type JobReady } from '../../kernel/dispatch-messages.ts';
import { fareIdr, roadDistanceKm, type PlatformTariffs, type Tariff } from '../../kernel/fares.ts';
import { ForbiddenError, NotFoundError, OutsideServiceAreaError, ValidationError } from '../../platform/errors.ts';
import { hasRole, requireRole, type Caller } from '../../platform/http/caller.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { OutboxItem, OutboxMessage } from '../../platform/outbox.ts';
import type { Page } from '../../platform/pagination.ts';
import { isInServiceArea } from '../../platform/service-area.ts';
import { toWibIso, type Clock } from '../../platform/time.ts';
import type { DriverPositions } from '../../kernel/driver-positions.ts';
import type { MessageRelay } from '../../kernel/message-relay.ts';
import { assertActsForCompany, type TaxiFleet } from '../../kernel/taxi-fleet.ts';
import {
  assertRideTransition,
  NoVehicleAvailableError,
  quotedPoint,
  SamePlaceError,
  type BookRide,
  type QuoteRide,
  type Quote,
  type Ride,
  type RideStatus,
  type RideVehicleType,
  type FollowedRide,
} from '../domain/ride.ts';
import { cancelRequest, DISPATCH_QUEUE } from '../domain/cancellation.ts';
import { settlementTallies, type CompanyDayTally, type CompletedRide } from '../domain/settlement.ts';
import { DRIVER_POSITION_SHOWN_WHILE } from '../domain/driver-on-the-way.ts';
import { driverPositionFor } from './follow-driver.ts';

export type { CompletedRide } from '../domain/settlement.ts';

/** Rides in the ordering table; adapter: dynamodb-ride-store.ts. */
export interface RideStore {
  /** Writes the new ride and its outbox messages in one transaction; the outbox items to publish. */
  createRide(ride: Ride, messages: readonly OutboxMessage[]): Promise<OutboxItem[]>;
  getRide(rideId: string): Promise<Ride | undefined>;
  listRidesOfCitizen(query: { citizenSub: string; limit: number; cursor?: string }): Promise<Page<Ride>>;
  /** Writes `next` only if the stored ride still has `expected` status and version (else ConcurrentUpdateError). */
  saveRideTransition(next: Ride, expected: { status: RideStatus; version: number }, messages: readonly OutboxMessage[]): Promise<OutboxItem[]>;
  /** The company's day tallies of the WIB days `fromDay` … `toDay` (inclusive) that have any: what the settlement reads. */
  settlementTallies(companyId: string, fromDay: string, toDay: string): Promise<CompanyDayTally[]>;
  /** The company's rides completed in [fromIso, toIso), WIB ISO instants: only to recompute the tallies and check them. */
  completedRidesOfCompany(companyId: string, fromIso: string, toIso: string): Promise<CompletedRide[]>;
}

export interface RidePorts {
  readonly rides: RideStore;
  readonly relay: MessageRelay;
  /** Partner taxis and their companies, as dispatch exposes them. */
  readonly taxis: TaxiFleet;
  /** The platform tariff of Go-Jek motorbikes and cars (configuration: platformTariffs in kernel/fares.ts). */
  readonly platformTariffs: PlatformTariffs;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** What following one ride needs: the ride, read only, and dispatch's driver positions. */
export interface FollowRidePorts {
  readonly rides: Pick<RideStore, 'getRide'>;
  readonly positions: DriverPositions;
}

/**
 * Prices a trip. Distance: the great-circle distance × 1.3 for the roads, rounded up to 0.1 km
 * (kernel/fares.ts). Fare: `max(minimum, flag fall + ⌈per km × km⌉)` in whole rupiah, at
 * the platform tariff for MOTORBIKE and CAR, and for TAXI at the tariff of the company of the
 * nearest partner taxi that dispatch could offer the ride to now.
 */
export async function quoteRide(ports: Pick<RidePorts, 'taxis' | 'platformTariffs' | 'clock'>, caller: Caller, input: QuoteRide): Promise<Quote> {
  requireRole(caller, 'citizen');
  const pickup = quotedPoint(input.pickup);
  const dropoff = quotedPoint(input.dropoff);
  if (!isInServiceArea(pickup)) throw new OutsideServiceAreaError('pickup');
  if (!isInServiceArea(dropoff)) throw new OutsideServiceAreaError('dropoff');
  if (pickup.lat === dropoff.lat && pickup.lng === dropoff.lng) throw new SamePlaceError();
  const distanceKm = roadDistanceKm(pickup, dropoff);
  if (input.vehicleType !== 'TAXI') {
    const tariff = ports.platformTariffs[input.vehicleType];
    return { vehicleType: input.vehicleType, distanceKm, fareIdr: fareIdr(tariff, distanceKm), tariff };
  }
  const companyId = await ports.taxis.nearestAvailableTaxiCompanyId(pickup, ports.clock.now());
  const company = companyId === undefined ? undefined : await ports.taxis.company(companyId);
  if (!company) throw new NoVehicleAvailableError();
  return {
    vehicleType: 'TAXI',
    distanceKm,
    fareIdr: fareIdr(company.tariff, distanceKm),
    tariff: company.tariff,
    companyId: company.companyId,
    companyName: company.name,
  };
}

export const quoteView = (quote: Quote) => quote;

const requirementsFor = (vehicleType: RideVehicleType, companyId: string | undefined) =>
  vehicleType === 'TAXI'
    ? { vehicleTypes: ['TAXI' as const], fleet: 'PARTNER_TAXI' as const, ...(companyId ? { companyId } : {}), medicineTrained: false }
    : { vehicleTypes: [vehicleType], fleet: 'GOJEK' as const, medicineTrained: false };

/**
 * Books a ride: priced exactly as a quote made now, written SEARCHING together with the
 * JOB_READY for dispatch (one transaction, outbox), then sent. A TAXI ride is offered only to
 * the taxis of the company whose tariff priced it, so the fare and the company always agree.
 */
export async function bookRide(ports: RidePorts, caller: Caller, input: BookRide): Promise<Ride> {
  const quote = await quoteRide(ports, caller, { pickup: input.pickup.location, dropoff: input.dropoff.location, vehicleType: input.vehicleType });
  const clockNow = ports.clock.now();
  const now = toWibIso(clockNow);
  const ride: Ride = {
    rideId: ports.ids.next('rd'),
    citizenSub: caller.sub,
    status: 'SEARCHING',
    version: 1,
    vehicleType: input.vehicleType,
    pickup: input.pickup,
    dropoff: input.dropoff,
    ...(input.passenger ? { passenger: input.passenger } : {}),
    fareIdr: quote.fareIdr,
    distanceKm: quote.distanceKm,
    tariff: quote.tariff,
    ...(quote.companyId ? { companyId: quote.companyId, companyName: quote.companyName } : {}),
    timeline: [{ status: 'SEARCHING', at: now }],
    createdAt: now,
    updatedAt: now,
  };
  const jobReady = rideJobReady(ride, ports.ids.next('msg'), now);
  const outbox = await ports.rides.createRide(ride, [{ messageId: jobReady.messageId, queue: DISPATCH_QUEUE, body: jobReady }]);
  await ports.relay.publish(outbox);
  return ride;
}

/**
 * The JOB_READY that hands a SEARCHING ride to dispatch: sent with the booking, and again by the
 * handover reconciler (handover-reconciler.ts) when that message was lost. The search started
 * when the ride was booked, whenever this is sent.
 */
export function rideJobReady(ride: Ride, messageId: string, at: string): JobReady {
  return {
    type: 'JOB_READY',
    messageId,
    jobId: jobIdFor(ride.rideId),
    kind: 'RIDE',
    orderId: ride.rideId,
    ...(ride.companyId ? { ownerId: ride.companyId } : {}),
    pickup: { location: ride.pickup.location, kecamatan: ride.pickup.address.kecamatan },
    dropoff: { location: ride.dropoff.location, kecamatan: ride.dropoff.address.kecamatan },
    requirements: requirementsFor(ride.vehicleType, ride.companyId),
    fareIdr: ride.fareIdr,
    // The driver learns whom to pick up, and the street, only once assigned (DeliveryContacts); a
    // ride needs no delivery code.
    readyAt: ride.createdAt,
    occurredAt: at,
  };
}

/** The citizen's own ride, or any ride for an admin; another citizen's ride is a 404 (its existence is not theirs to learn). */
async function loadRide(ports: { readonly rides: Pick<RideStore, 'getRide'> }, caller: Caller, rideId: string): Promise<Ride> {
  const ride = await ports.rides.getRide(rideId);
  if (!ride || (ride.citizenSub !== caller.sub && !hasRole(caller, 'admin'))) throw new NotFoundError('Ride');
  return ride;
}

/** One ride as its citizen follows it: with where its driver is, from assignment to the end of the trip. */
export async function followRide(ports: FollowRidePorts, caller: Caller, rideId: string): Promise<FollowedRide> {
  const ride = await loadRide(ports, caller, rideId);
  const driverPosition = await driverPositionFor(ports.positions, DRIVER_POSITION_SHOWN_WHILE.RIDE, {
    orderId: ride.rideId,
    status: ride.status,
    driverId: ride.driver?.driverId,
  });
  return { ride, ...(driverPosition && { driverPosition }) };
}

export async function listOwnRides(ports: Pick<RidePorts, 'rides'>, caller: Caller, query: { limit: number; cursor?: string }): Promise<Page<Ride>> {
  requireRole(caller, 'citizen');
  return ports.rides.listRidesOfCitizen({ citizenSub: caller.sub, ...query });
}

/**
 * The citizen cancels before the trip starts. The ride is in dispatch from its booking, so this is
 * a request (202): the ride keeps following its job with a pending `cancellation` until dispatch
 * answers — JOB_WITHDRAWN (any open offer withdrawn, the driver freed; the ride is CANCELLED) or
 * CANCEL_REFUSED (the passenger was picked up meanwhile; the trip goes on and is settled).
 * Conditional on the status and version read; asking again while a request is pending changes nothing.
 */
export async function cancelRide(ports: RidePorts, caller: Caller, rideId: string, reason: string | undefined): Promise<Ride> {
  const ride = await loadRide(ports, caller, rideId);
  if (ride.citizenSub !== caller.sub) throw new ForbiddenError('Only the citizen who booked the ride may cancel it');
  if (ride.cancellation) return ride;
  assertRideTransition(ride.status, 'CANCELLED', 'dispatch');
  const now = toWibIso(ports.clock.now());
  const { cancelRefused: _refused, ...rest } = ride;
  const next: Ride = {
    ...rest,
    version: ride.version + 1,
    cancellation: { requestedAt: now, reason: reason ?? 'Cancelled by the passenger', by: 'citizen' },
    updatedAt: now,
  };
  const outbox = await ports.rides.saveRideTransition(next, { status: ride.status, version: ride.version }, [cancelRequest(ports.ids, 'RIDE', ride.rideId, now)]);
  await ports.relay.publish(outbox);
  return next;
}

// ---------------------------------------------------------------- the settlement report

/** The longest period one report covers: a year (and a day, for leap years). */
export const MAX_REPORT_DAYS = 366;

export interface ReportDay {
  readonly day: string;
  readonly rides: number;
  readonly distanceKm: number;
  readonly revenueIdr: number;
}

export interface SettlementReport {
  readonly companyId: string;
  readonly companyName: string;
  readonly from: string;
  readonly to: string;
  readonly currency: 'IDR';
  /** Every WIB day of the period, in order, days without rides included. */
  readonly days: readonly ReportDay[];
  readonly totals: Omit<ReportDay, 'day'>;
}

const DAY_MS = 86_400_000;
const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * A taxi company's settlement for the WIB days `from` … `to` (inclusive): its completed rides,
 * counted on the WIB day they were completed. Totals are sums of the same rides' stored fares and
 * distances, so the report reconciles exactly with the rides. It reads the company's day tallies
 * (settlement.ts), at most MAX_REPORT_DAYS items, whatever the number of rides.
 */
export async function taxiCompanyReport(
  ports: Pick<RidePorts, 'rides' | 'taxis'>,
  caller: Caller,
  query: { companyId: string; from: string; to: string },
): Promise<SettlementReport> {
  if (query.to < query.from) throw new ValidationError('The period ends before it starts', [{ path: 'to', message: 'must not be before from' }], 'INVALID_PERIOD');
  const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS + 1;
  if (days > MAX_REPORT_DAYS) {
    throw new ValidationError(`A report covers at most ${MAX_REPORT_DAYS} days`, [{ path: 'to', message: `at most ${MAX_REPORT_DAYS} days after from` }], 'INVALID_PERIOD');
  }
  const company = await ports.taxis.company(query.companyId);
  if (!company) throw new NotFoundError('Taxi company');
  assertActsForCompany(caller, company);

  const tallies = await ports.rides.settlementTallies(company.companyId, query.from, query.to);
  const byDay = new Map<string, { rides: number; tenths: number; revenueIdr: number }>();
  for (let i = 0; i < days; i++) byDay.set(addDays(query.from, i), { rides: 0, tenths: 0, revenueIdr: 0 });
  for (const tally of tallies) {
    const bucket = byDay.get(tally.day);
    if (!bucket) continue;
    bucket.rides += tally.rides;
    bucket.tenths += tally.tenths;
    bucket.revenueIdr += tally.revenueIdr;
  }
  const dayRows = [...byDay.entries()].map(([day, b]) => ({ day, rides: b.rides, distanceKm: b.tenths / 10, revenueIdr: b.revenueIdr }));
  const total = [...byDay.values()].reduce((sum, b) => ({ rides: sum.rides + b.rides, tenths: sum.tenths + b.tenths, revenueIdr: sum.revenueIdr + b.revenueIdr }), {
    rides: 0,
    tenths: 0,
    revenueIdr: 0,
  });
  return {
    companyId: company.companyId,
    companyName: company.name,
    from: query.from,
    to: query.to,
    currency: 'IDR',
    days: dayRows,
    totals: { rides: total.rides, distanceKm: total.tenths / 10, revenueIdr: total.revenueIdr },
  };
}

/** The same report as CSV (RFC 4180): one line per WIB day, then the totals. */
export function settlementCsv(report: SettlementReport): string {
  // A name that a spreadsheet would run as a formula is written as text.
  const quote = (raw: string) => {
    const value = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  const lines = [
    'companyId,companyName,day,rides,distanceKm,revenueIdr',
    ...report.days.map((d) => [report.companyId, quote(report.companyName), d.day, d.rides, d.distanceKm.toFixed(1), d.revenueIdr].join(',')),
    [report.companyId, quote(report.companyName), 'TOTAL', report.totals.rides, report.totals.distanceKm.toFixed(1), report.totals.revenueIdr].join(','),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A company's day tallies recomputed from its completed rides of the WIB days `fromDay` … `toDay`
 * (O(rides)): never on a request path, only to check the stored ones (they must be equal).
 */
export async function recomputeSettlementTallies(rides: Pick<RideStore, 'completedRidesOfCompany'>, companyId: string, fromDay: string, toDay: string): Promise<CompanyDayTally[]> {
  return settlementTallies(companyId, await rides.completedRidesOfCompany(companyId, `${fromDay}T00:00:00.000+07:00`, `${addDays(toDay, 1)}T00:00:00.000+07:00`));
}
