import { ForbiddenError, NotFoundError, OutsideServiceAreaError } from '../../platform/errors.ts';
import { hasRole, requireRole, type Caller } from '../../platform/http/caller.ts';
import type { Page } from '../../platform/pagination.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { isInServiceArea, type Location } from '../../platform/service-area.ts';
import { toWibIso, type Clock } from '../../platform/time.ts';
import { assertMayRegister, cellKeyOf, DriverNotRegisteredError, type Driver, type RegisterDriver, type TaxiCompanies } from '../domain/driver.ts';

/** The driver registry as the use cases (and the dispatch engine) need it. */
export interface DriverStore {
  /** Writes the driver with its subject and plate guards, all or nothing: DriverExistsError, PlateTakenError. */
  createDriver(driver: Driver): Promise<void>;
  getDriver(driverId: string): Promise<Driver | undefined>;
  /** The driver id registered for a login subject (never changes once written). */
  findDriverIdBySub(sub: string): Promise<string | undefined>;
  findDriverBySub(sub: string): Promise<Driver | undefined>;
  /** Moves the driver (position, cell, geo-index keys, last seen) in one write; the driver as stored after it. */
  updateLocation(driverId: string, report: { location: Location; cell: string; lastSeenAt: string }): Promise<Driver>;
  setAvailability(driverId: string, available: boolean): Promise<Driver>;
  /** A partner taxi company's drivers, in registration order. */
  listDriversOfCompany(query: { companyId: string; limit: number; cursor?: string }): Promise<Page<Driver>>;
}

export interface DriverPorts {
  readonly store: DriverStore;
  readonly companies: TaxiCompanies;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export async function registerDriver(ports: DriverPorts, caller: Caller, input: RegisterDriver): Promise<Driver> {
  await assertMayRegister(caller, input, ports.companies);
  const { companyId } = input.fleet;
  const driver: Driver = {
    driverId: ports.ids.next('drv'),
    sub: input.sub,
    name: input.name,
    phone: input.phone,
    vehicle: input.vehicle,
    fleet: companyId === undefined ? { kind: input.fleet.kind } : { kind: input.fleet.kind, companyId },
    medicineTrained: input.medicineTrained,
    available: false,
    createdAt: toWibIso(ports.clock.now()),
    createdBy: caller.sub,
  };
  await ports.store.createDriver(driver);
  return driver;
}

async function ownDriverId(ports: DriverPorts, caller: Caller): Promise<string> {
  requireRole(caller, 'driver');
  const driverId = await ports.store.findDriverIdBySub(caller.sub);
  if (driverId === undefined) throw new DriverNotRegisteredError();
  return driverId;
}

export async function getOwnDriver(ports: DriverPorts, caller: Caller): Promise<Driver> {
  const driver = await ports.store.getDriver(await ownDriverId(ports, caller));
  if (!driver) throw new DriverNotRegisteredError();
  return driver;
}

/** The driver's app reports where it is; the server's clock says when. */
export async function reportLocation(ports: DriverPorts, caller: Caller, location: Location): Promise<Driver> {
  requireRole(caller, 'driver');
  if (!isInServiceArea(location)) throw new OutsideServiceAreaError('location');
  const driverId = await ownDriverId(ports, caller);
  return ports.store.updateLocation(driverId, {
    location: { lat: location.lat, lng: location.lng },
    cell: cellKeyOf(location),
    lastSeenAt: toWibIso(ports.clock.now()),
  });
}

/**
 * The driver's switch. Going unavailable while holding an offer or a job is allowed: the engine
 * gives no new work to an unavailable driver, and the job in hand carries on.
 */
export async function setOwnAvailability(ports: DriverPorts, caller: Caller, available: boolean): Promise<Driver> {
  return ports.store.setAvailability(await ownDriverId(ports, caller), available);
}

/** A taxi operator's view of its fleet (admins see any company's): the drivers and their vehicles. */
export async function listCompanyDrivers(
  ports: DriverPorts,
  caller: Caller,
  query: { companyId: string; limit: number; cursor?: string },
): Promise<Page<Driver>> {
  const operators = await ports.companies.operatorsOf(query.companyId);
  if (operators === undefined) throw new NotFoundError('Taxi company');
  if (!hasRole(caller, 'admin') && !(hasRole(caller, 'taxi_operator') && operators.includes(caller.sub))) {
    throw new ForbiddenError('You do not operate this company');
  }
  return ports.store.listDriversOfCompany(query);
}
