import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '../../platform/logger.ts';
import type { Location } from '../../platform/service-area.ts';
import { DriverExistsError, DriverNotRegisteredError, PlateTakenError, toDriverSnapshot, type Driver, type TaxiCompanies } from '../domain/driver.ts';
import type { DriverStore } from '../application/driver-use-cases.ts';
import type { DriverRoster } from '../ports/operations-ports.ts';
import type { DriverSnapshot } from '../domain/eligibility.ts';
import { blockOf, DISPATCH_GRID, STORAGE_GRID, type GeoCell, type GeoGrid } from '../domain/geo-cells.ts';
import type { AsyncDriverIndex } from '../domain/matching.ts';
import { createGuarded, queryIndexPage, withoutKeys } from '../../platform/dynamodb-items.ts';
import type { Page } from '../../platform/pagination.ts';

/**
 * Drivers in the dispatch table. Items and their keys:
 *   Driver          pk DRIVER#<driverId>   sk DRIVER   gsi1 CELL#<cell> / <driverId> (once located)
 *                                                     gsi2 COMPANY#<id>#DRIVERS / <driverId> (partner taxis)
 *                                                     gsi3 DRIVERS / <driverId> (the roster)
 *   subject guard   pk DRIVER_SUB#<sub>    sk GUARD    {driverId}
 *   plate guard     pk PLATE#<plate>       sk GUARD    {driverId}
 *   taxi company    pk COMPANY#<id>        sk COMPANY  {operators: [sub]}  (read here, written elsewhere)
 *
 * The geo index is gsi1: a driver is filed under the cell of its last position as long as it has
 * one, whatever its availability or work. Matching reads those attributes from the indexed item
 * (GSIs project ALL), so the audit can say why a nearby driver was passed over.
 *
 * The dispatch engine owns `currentOfferId` and `currentJobId` on the driver item; nothing here
 * writes them, and no write here replaces the whole item after registration.
 */
export const driverKey = (driverId: string) => ({ pk: `DRIVER#${driverId}`, sk: 'DRIVER' });
export const driverSubGuardKey = (sub: string) => ({ pk: `DRIVER_SUB#${sub}`, sk: 'GUARD' });
export const plateGuardKey = (plate: string) => ({ pk: `PLATE#${plate}`, sk: 'GUARD' });
export const companyKey = (companyId: string) => ({ pk: `COMPANY#${companyId}`, sk: 'COMPANY' });
export const cellPartition = (cellKey: string): string => `CELL#${cellKey}`;
/** gsi2 of a partner taxi driver: the company's fleet list. */
export const companyDriversPartition = (companyId: string): string => `COMPANY#${companyId}#DRIVERS`;
/**
 * gsi3: every driver in one partition, for the operations room's map (admin only, paged). A fleet
 * of a regency is a few thousand drivers at most, so one partition holds them comfortably. It is
 * written at registration and again on every location report and availability switch: a driver
 * registered before the roster existed joins it with its next report or switch (a driver who
 * never reports again was never on the map anyway).
 */
export const ROSTER_PARTITION = 'DRIVERS';
const rosterKeys = (driverId: string) => ({ gsi3pk: ROSTER_PARTITION, gsi3sk: driverId });


const strip = withoutKeys;

/** The subject → driver mapping never changes once written, so a warm function keeps it. */
const SUB_CACHE_LIMIT = 10_000;

export class DynamoDbDriverStore implements DriverStore, DriverRoster {
  private readonly driverIdBySub = new Map<string, string>();

  /** `changed` hears of every position and availability written here (the index forgets its reads). */
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly changed: () => void = () => {},
  ) {}

  async createDriver(driver: Driver): Promise<void> {
    // Two registrations of the same subject or plate at the same instant: one wins, the other
    // learns which way it went by retrying its 409 CONCURRENT_UPDATE (then DRIVER_EXISTS or PLATE_TAKEN).
    const taken = await createGuarded({
      documents: this.documents,
      tableName: this.tableName,
      item: {
        ...driverKey(driver.driverId),
        entity: 'Driver',
        ...rosterKeys(driver.driverId),
        ...(driver.fleet.companyId ? { gsi2pk: companyDriversPartition(driver.fleet.companyId), gsi2sk: driver.driverId } : {}),
        ...driver,
      },
      guards: [
        { key: driverSubGuardKey(driver.sub), owner: { driverId: driver.driverId } },
        { key: plateGuardKey(driver.vehicle.plate), owner: { driverId: driver.driverId } },
      ],
      registry: 'The driver registry',
    });
    if (taken.includes(0)) throw new DriverExistsError();
    if (taken.includes(1)) throw new PlateTakenError();
    this.remember(driver.sub, driver.driverId);
  }

  async listDriversOfCompany(query: { companyId: string; limit: number; cursor?: string }): Promise<Page<Driver>> {
    const partition = companyDriversPartition(query.companyId);
    return queryIndexPage<Driver>({ documents: this.documents, tableName: this.tableName, index: 'gsi2', partition, limit: query.limit, cursor: query.cursor });
  }

  async listAllDrivers(query: { limit: number; cursor?: string }): Promise<Page<Driver>> {
    return queryIndexPage<Driver>({ documents: this.documents, tableName: this.tableName, index: 'gsi3', partition: ROSTER_PARTITION, limit: query.limit, cursor: query.cursor });
  }

  async getDriver(driverId: string): Promise<Driver | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: driverKey(driverId), ConsistentRead: true }));
    return Item ? strip<Driver>(Item) : undefined;
  }

  async findDriverIdBySub(sub: string): Promise<string | undefined> {
    const cached = this.driverIdBySub.get(sub);
    if (cached !== undefined) return cached;
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: driverSubGuardKey(sub), ConsistentRead: true, ProjectionExpression: 'driverId' }),
    );
    const driverId = typeof Item?.driverId === 'string' ? Item.driverId : undefined;
    // Only hits are kept: a subject without a driver today may be registered in a minute.
    if (driverId !== undefined) this.remember(sub, driverId);
    return driverId;
  }

  async findDriverBySub(sub: string): Promise<Driver | undefined> {
    const driverId = await this.findDriverIdBySub(sub);
    return driverId === undefined ? undefined : this.getDriver(driverId);
  }

  async updateLocation(driverId: string, report: { location: Location; cell: string; lastSeenAt: string }): Promise<Driver> {
    return this.update(driverId, {
      UpdateExpression: 'SET #location = :location, #cell = :cell, lastSeenAt = :lastSeenAt, gsi1pk = :gsi1pk, gsi1sk = :driverId, gsi3pk = :roster, gsi3sk = :driverId',
      ExpressionAttributeNames: { '#location': 'location', '#cell': 'cell' },
      ExpressionAttributeValues: {
        ':location': report.location,
        ':cell': report.cell,
        ':lastSeenAt': report.lastSeenAt,
        ':gsi1pk': cellPartition(report.cell),
        ':driverId': driverId,
        ':roster': ROSTER_PARTITION,
      },
    });
  }

  async setAvailability(driverId: string, available: boolean): Promise<Driver> {
    return this.update(driverId, {
      UpdateExpression: 'SET #available = :available, gsi3pk = :roster, gsi3sk = :driverId',
      ExpressionAttributeNames: { '#available': 'available' },
      ExpressionAttributeValues: { ':available': available, ':roster': ROSTER_PARTITION, ':driverId': driverId },
    });
  }

  /** One UpdateItem on an existing driver; the driver as stored afterwards. */
  private async update(
    driverId: string,
    expression: { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<Driver> {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: driverKey(driverId),
          ...expression,
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_NEW',
        }),
      );
      this.changed();
      return strip<Driver>(Attributes ?? {});
    } catch (error) {
      // A subject guard whose driver is gone: drivers are never deleted, so treat it as unregistered.
      if (error instanceof ConditionalCheckFailedException) throw new DriverNotRegisteredError();
      throw error;
    }
  }

  private remember(sub: string, driverId: string): void {
    if (this.driverIdBySub.size >= SUB_CACHE_LIMIT) this.driverIdBySub.clear();
    this.driverIdBySub.set(sub, driverId);
  }
}

/** What matching reads of an indexed driver: no name, phone or plate leaves the table. */
const SNAPSHOT_PROJECTION = 'driverId, vehicle.#type, fleet, medicineTrained, #location, #available, lastSeenAt, currentOfferId, currentJobId';
const SNAPSHOT_NAMES = { '#type': 'type', '#location': 'location', '#available': 'available' };

/** One read of a storage block: when it started, and the drivers it found. */
interface BlockRead {
  readonly startedAtMs: number;
  readonly drivers: Promise<readonly DriverSnapshot[]>;
}

/**
 * How a search sees a driver read at `readStartedAtMs` (e.g. as busy when this process has just
 * chosen it for another job: DriverClaims).
 */
export type SnapshotView = (driver: DriverSnapshot, readStartedAtMs: number) => DriverSnapshot;

/**
 * How long a read of a block serves the searches that follow it. Positions are reported every
 * minute or two, so a second changes nothing there; what it could miss is a driver another
 * process freed or switched on within that second (this process's own changes clear the reads
 * at once: `forget`), who is then offered the next job instead of this one.
 */
export const BLOCK_READ_REUSE_MS = 1_000;

/**
 * The geo index over DynamoDB. Drivers are filed under 0.1° storage blocks (gsi1pk
 * `CELL#<block key>`, see STORAGE_GRID); matching walks 0.02° cells. `search()` gives matching
 * an `AsyncDriverIndex` for one search: the first cell of a block reads the whole block (one
 * Query, every page) and later cells of that block are served from it.
 *
 * A read also serves dispatch's searches that start within BLOCK_READ_REUSE_MS of it (or while
 * it is under way), instead of each sending the same Query: at a festival peak dozens of jobs a second
 * search the same few blocks, and a block of a few hundred drivers costs DynamoDB far more to
 * read than the job's own writes. Being a moment old is safe: the conditional hold on the
 * driver's item decides who gets a driver, and drivers this process has just chosen are seen as
 * busy through the search's view (DriverClaims).
 */
export class DynamoDbDriverIndex {
  private readonly recent = new Map<string, BlockRead>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    readonly grid: GeoGrid = DISPATCH_GRID,
    readonly storageGrid: GeoGrid = STORAGE_GRID,
    private readonly reuseMs: number = BLOCK_READ_REUSE_MS,
  ) {}

  /** A driver changed in this process (moved, switched, freed): the next search reads afresh. */
  forget(): void {
    this.recent.clear();
  }

  /**
   * A view of the index for one search; `queries` counts the DynamoDB queries it made. It reads
   * afresh unless `reuseRecent` (dispatch's own searches, which a driver's hold corrects); what
   * is shown to people (a ride's quote: is a taxi free now?) reads afresh.
   */
  search(options: { readonly view?: SnapshotView; readonly reuseRecent?: boolean } = {}): AsyncDriverIndex & { readonly queries: number } {
    const { view, reuseRecent = false } = options;
    const blocks = new Map<string, BlockRead>();
    let queries = 0;
    const { grid, storageGrid } = this;
    const readBlockOnce = (block: GeoCell): BlockRead => {
      const key = storageGrid.key(block);
      let read = blocks.get(key);
      if (!read) {
        const recent = this.recent.get(key);
        read = reuseRecent && recent && Date.now() - recent.startedAtMs < this.reuseMs ? recent : this.startRead(key, () => queries++);
        blocks.set(key, read);
      }
      return read;
    };
    return {
      grid,
      get queries() {
        return queries;
      },
      async driversInCell(cell: GeoCell): Promise<readonly DriverSnapshot[]> {
        const read = readBlockOnce(blockOf(cell, grid, storageGrid));
        const inCell = (await read.drivers).filter((driver) => {
          const at = grid.cellOf(driver.location);
          return at.row === cell.row && at.col === cell.col;
        });
        return view ? inCell.map((driver) => view(driver, read.startedAtMs)) : inCell;
      },
    };
  }

  private startRead(key: string, counted: () => void): BlockRead {
    const read: BlockRead = { startedAtMs: Date.now(), drivers: this.readBlock(key, counted) };
    this.recent.set(key, read);
    // A failed read is not served to anyone else.
    read.drivers.catch(() => {
      if (this.recent.get(key) === read) this.recent.delete(key);
    });
    return read;
  }

  /** Every driver filed under one storage block. */
  private async readBlock(blockKey: string, counted: () => void): Promise<readonly DriverSnapshot[]> {
    const partition = cellPartition(blockKey);
    const drivers: DriverSnapshot[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      counted();
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ProjectionExpression: SNAPSHOT_PROJECTION,
          ExpressionAttributeNames: SNAPSHOT_NAMES,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) {
        const snapshot = toDriverSnapshot(item as Driver);
        if (snapshot) drivers.push(snapshot);
        else logger.warn('Indexed driver without a usable position skipped', { driverId: String(item.driverId), partition });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return drivers;
  }
}

/** Taxi companies as driver registration sees them: the operators listed on the company item. */
export class DynamoDbTaxiCompanies implements TaxiCompanies {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async operatorsOf(companyId: string): Promise<readonly string[] | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: companyKey(companyId), ProjectionExpression: 'operators', ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const operators: unknown = Item.operators;
    // A list or a string set, whichever the company's writer chose.
    if (operators instanceof Set || Array.isArray(operators)) return [...operators].filter((sub): sub is string => typeof sub === 'string');
    return [];
  }
}
