import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { companyKey } from './dynamodb-driver-store.ts';
import { LicenseTakenError, normalizeLicenseNo, type TaxiCompany, type TaxiCompanyStore } from '../domain/taxi-company.ts';
import { createGuarded, queryIndexPage, withoutKeys } from '../../platform/dynamodb-items.ts';
import type { Page } from '../../platform/pagination.ts';
import { comparableName } from '../../platform/schemas.ts';

/**
 * Taxi companies in the dispatch table. Items and their keys:
 *   TaxiCompany     pk COMPANY#<id>                  sk COMPANY   gsi1 TAXI_COMPANIES / <name>#<id>
 *   licence guard   pk TAXI_LICENSE#<normalized no>  sk GUARD     {companyId}
 *
 * The company item keeps `operators` as a list: DynamoDbTaxiCompanies.operatorsOf (driver
 * registration) reads it from there.
 */
export const licenseGuardKey = (licenseNo: string) => ({ pk: `TAXI_LICENSE#${normalizeLicenseNo(licenseNo)}`, sk: 'GUARD' });

/** gsi1 holds every company in one partition, sorted by its comparable name: the registry is a few dozen companies at most. */
const COMPANIES_PARTITION = 'TAXI_COMPANIES';

export const toTaxiCompany = (item: Record<string, unknown>): TaxiCompany => withoutKeys<TaxiCompany>(item);

export class DynamoDbTaxiCompanyStore implements TaxiCompanyStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createCompany(company: TaxiCompany): Promise<void> {
    const nameKey = comparableName(company.name);
    const taken = await createGuarded({
      documents: this.documents,
      tableName: this.tableName,
      item: { ...companyKey(company.companyId), entity: 'TaxiCompany', gsi1pk: COMPANIES_PARTITION, gsi1sk: `${nameKey}#${company.companyId}`, ...company, operators: [...company.operators] },
      guards: [{ key: licenseGuardKey(company.licenseNo), owner: { companyId: company.companyId } }],
      registry: 'The taxi company registry',
    });
    if (taken.length > 0) throw new LicenseTakenError();
  }

  async getCompany(companyId: string): Promise<TaxiCompany | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: companyKey(companyId), ConsistentRead: true }));
    // An item written before companies had a tariff (a bare operators list) is no company to price with.
    if (!Item || Item.entity !== 'TaxiCompany') return undefined;
    return toTaxiCompany(Item);
  }

  listCompanies(page: { limit: number; cursor?: string }): Promise<Page<TaxiCompany>> {
    return queryIndexPage<TaxiCompany>({ documents: this.documents, tableName: this.tableName, index: 'gsi1', partition: COMPANIES_PARTITION, limit: page.limit, cursor: page.cursor });
  }
}
