import * as z from 'zod';
import { ConflictError, DomainError, ForbiddenError, RuleViolation } from '../../platform/errors.ts';
import { hasRole, type Caller } from '../../platform/http/caller.ts';
import { idSchema, nameSchema, phoneSchema, subjectSchema } from '../../platform/schemas.ts';
import type { Location } from '../../platform/service-area.ts';
import { FLEETS, VEHICLE_TYPES } from '../../kernel/dispatch-messages.ts';
import { FLEET_OF_VEHICLE, type DriverSnapshot, type Fleet, type VehicleType } from './eligibility.ts';
import { STORAGE_GRID } from './geo-cells.ts';

/**
 * A driver of the platform: a Go-Jek partner on a motorbike or car, or the driver of a licensed
 * local taxi company's vehicle. Registered by an admin (or by the taxi company's operator), then
 * switched on and off and located by the driver's own app.
 */
export interface Driver {
  /** `drv_<ulid>`. */
  readonly driverId: string;
  /** The driver's login subject (JWT `sub`): one driver per subject. */
  readonly sub: string;
  readonly name: string;
  /** E.164, `+628…`. */
  readonly phone: string;
  readonly vehicle: { readonly type: VehicleType; readonly plate: string };
  readonly fleet: { readonly kind: Fleet; readonly companyId?: string };
  readonly medicineTrained: boolean;
  /** The driver's own switch; false at registration. */
  readonly available: boolean;
  /** Last reported position, its geo-index cell key and when it arrived (server clock, WIB). */
  readonly location?: Location;
  readonly cell?: string;
  readonly lastSeenAt?: string;
  /** Set and removed by the dispatch engine only: the offer the driver is considering, the job in hand. */
  readonly currentOfferId?: string;
  readonly currentJobId?: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

/**
 * Indonesian registration plates: a region code of one or two letters (Banyuwangi is P), one to
 * four digits, and up to three suffix letters: "P 1234 AB". Written any way ("p1234ab",
 * "P-1234-AB", "P  1234 ab"), a plate is stored in the one canonical spelling, so that the plate
 * guard sees the same vehicle as the same plate.
 */
const PLATE = /^([A-Z]{1,2})(\d{1,4})([A-Z]{0,3})$/;

export function normalizePlate(raw: string): string | undefined {
  const match = PLATE.exec(raw.toUpperCase().replace(/[\s.-]/g, ''));
  if (!match) return undefined;
  const [, region, digits, suffix] = match;
  return suffix ? `${region} ${digits} ${suffix}` : `${region} ${digits}`;
}

export const plateSchema = z
  .string()
  .max(20)
  .transform((raw, ctx) => {
    const plate = normalizePlate(raw);
    if (plate === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be an Indonesian registration plate such as "P 1234 AB"' });
      return z.NEVER;
    }
    return plate;
  });


export const registerDriverSchema = z.strictObject({
  sub: subjectSchema,
  name: nameSchema,
  phone: phoneSchema,
  vehicle: z.strictObject({ type: z.enum(VEHICLE_TYPES), plate: plateSchema }),
  fleet: z.strictObject({ kind: z.enum(FLEETS), companyId: idSchema.optional() }),
  medicineTrained: z.boolean(),
});
export type RegisterDriver = z.infer<typeof registerDriverSchema>;

export const availabilitySchema = z.strictObject({ available: z.boolean() });

/**
 * Which fleet a vehicle belongs to is not the client's choice: taxis come from partner taxi
 * companies (and name theirs), motorbikes and cars from Go-Jek (and name none). Dispatch relies
 * on it: a taxi ride is priced at the tariff of the taxi's company.
 */
export function assertFleetConsistent(input: Pick<RegisterDriver, 'vehicle' | 'fleet'>): void {
  const { vehicle, fleet } = input;
  if (FLEET_OF_VEHICLE[vehicle.type] !== fleet.kind) {
    throw new RuleViolation(
      'VEHICLE_NOT_IN_FLEET',
      vehicle.type === 'TAXI' ? 'A taxi belongs to a partner taxi company (fleet PARTNER_TAXI)' : 'Motorbikes and cars belong to the GOJEK fleet; only taxis are PARTNER_TAXI',
      [{ path: 'fleet.kind', message: `must be ${FLEET_OF_VEHICLE[vehicle.type]} for a ${vehicle.type}` }],
    );
  }
  if (fleet.kind === 'PARTNER_TAXI' && fleet.companyId === undefined) {
    throw new RuleViolation('COMPANY_REQUIRED', 'A partner taxi driver belongs to a taxi company: give fleet.companyId', [
      { path: 'fleet.companyId', message: 'is required for PARTNER_TAXI' },
    ]);
  }
  if (fleet.kind === 'GOJEK' && fleet.companyId !== undefined) {
    throw new RuleViolation('COMPANY_NOT_ALLOWED', 'Go-Jek drivers belong to no taxi company: leave fleet.companyId out', [
      { path: 'fleet.companyId', message: 'must be absent for GOJEK' },
    ]);
  }
}

/** The taxi companies, as far as driver registration needs them: who operates each. */
export interface TaxiCompanies {
  /** The subjects of the company's operators; undefined when there is no such company. */
  operatorsOf(companyId: string): Promise<readonly string[] | undefined>;
}

export class UnknownCompanyError extends RuleViolation {
  constructor() {
    super('UNKNOWN_COMPANY', 'No taxi company is registered with this id', [{ path: 'fleet.companyId', message: 'is not a registered taxi company' }]);
  }
}

/**
 * Admins register any driver; a taxi operator only partner taxis of a company that lists the
 * operator. A partner taxi's company must exist whoever registers it: its tariff prices the rides.
 */
export async function assertMayRegister(caller: Caller, input: RegisterDriver, companies: TaxiCompanies): Promise<void> {
  const isAdmin = hasRole(caller, 'admin');
  if (!isAdmin && !hasRole(caller, 'taxi_operator')) throw new ForbiddenError();
  if (!isAdmin && input.fleet.kind !== 'PARTNER_TAXI') {
    throw new ForbiddenError("A taxi operator registers only its own company's partner taxi drivers");
  }
  assertFleetConsistent(input);
  const { companyId } = input.fleet;
  if (companyId === undefined) return;
  const operators = await companies.operatorsOf(companyId);
  if (operators === undefined) throw new UnknownCompanyError();
  if (!isAdmin && !operators.includes(caller.sub)) throw new ForbiddenError('You do not operate this taxi company');
}

/** The geo-index cell key of a location, e.g. `g50:-411:5718` (see geo-cells.ts). */
/** The storage block a driver is filed under in the geo index (see STORAGE_GRID). */
export const cellKeyOf = (location: Location): string => STORAGE_GRID.key(STORAGE_GRID.cellOf(location));

export class DriverExistsError extends ConflictError {
  constructor() {
    super('DRIVER_EXISTS', 'A driver is already registered for this subject', [{ path: 'sub', message: 'already registered' }]);
  }
}

export class PlateTakenError extends ConflictError {
  constructor() {
    super('PLATE_TAKEN', 'Another driver is already registered with this plate', [{ path: 'vehicle.plate', message: 'already registered' }]);
  }
}

/** The caller holds the driver role but no driver was registered for its subject. */
export class DriverNotRegisteredError extends DomainError {
  readonly status = 404;
  constructor() {
    super('DRIVER_NOT_REGISTERED', 'No driver is registered for your account; ask your fleet to register you');
  }
}

/**
 * What a driver sees of its own record, and what the registering admin or operator gets back:
 * the profile, the switch and the last position. Not the cell (an index detail) nor who registered.
 */
export type DriverView = Omit<Driver, 'cell' | 'createdBy'>;

export function driverView(driver: Driver): DriverView {
  const { cell: _cell, createdBy: _createdBy, ...view } = driver;
  return view;
}

/**
 * What matching knows of a driver (eligibility.ts), from the stored record; undefined while the
 * driver has never reported a position (such a driver is in no cell of the geo index).
 * `activeJobId` stands for "holds an offer or a job": the job in hand, else the pending offer's
 * id. Eligibility only asks whether it is there.
 */
export function toDriverSnapshot(
  driver: Pick<Driver, 'driverId' | 'vehicle' | 'fleet' | 'medicineTrained' | 'available' | 'location' | 'lastSeenAt' | 'currentOfferId' | 'currentJobId'>,
): DriverSnapshot | undefined {
  if (driver.location === undefined || driver.lastSeenAt === undefined) return undefined;
  const lastSeenAtMs = Date.parse(driver.lastSeenAt);
  if (Number.isNaN(lastSeenAtMs)) return undefined;
  const activeJobId = driver.currentJobId ?? driver.currentOfferId;
  return {
    driverId: driver.driverId,
    vehicle: { type: driver.vehicle.type },
    fleet: driver.fleet.companyId === undefined ? { kind: driver.fleet.kind } : { kind: driver.fleet.kind, companyId: driver.fleet.companyId },
    medicineTrained: driver.medicineTrained,
    location: { lat: driver.location.lat, lng: driver.location.lng },
    lastSeenAtMs,
    available: driver.available,
    ...(activeJobId === undefined ? {} : { activeJobId }),
  };
}
