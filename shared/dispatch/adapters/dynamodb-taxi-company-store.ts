import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError, ThrottledError } from '../../platform/errors.ts';
import { companyKey } from './dynamodb-driver-store.ts';
import { LicenseTakenError, normalizeLicenseNo, type TaxiCompany, type TaxiCompanyStore } from '../domain/taxi-company.ts';
import { queryIndexPage, withoutKeys } from '../../platform/dynamodb-items.ts';
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
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...companyKey(company.companyId), entity: 'TaxiCompany', gsi1pk: COMPANIES_PARTITION, gsi1sk: `${nameKey}#${company.companyId}`, ...company, operators: [...company.operators] },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...licenseGuardKey(company.licenseNo), companyId: company.companyId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
      if (codes[1] === 'ConditionalCheckFailed') throw new LicenseTakenError();
      if (codes.includes('TransactionConflict')) throw new ConcurrentUpdateError('The taxi company registry');
      if (codes.some((code) => code.startsWith('Throttling') || code === 'ProvisionedThroughputExceeded' || code === 'RequestLimitExceeded')) throw new ThrottledError();
      throw error;
    }
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
