import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TaxiFleet } from '../../kernel/taxi-fleet.ts';
import type { Location } from '../../platform/service-area.ts';
import type { DynamoDbDriverIndex } from './dynamodb-driver-store.ts';
import { DynamoDbTaxiCompanyStore } from './dynamodb-taxi-company-store.ts';
import { findNearestAsync, type MatchOptions } from '../domain/matching.ts';
import type { TaxiCompany } from '../domain/taxi-company.ts';

/**
 * The kernel's TaxiFleet over the dispatch table (read-only), through dispatch's own adapters,
 * so ordering never learns the table's layout. "Available" is what the dispatch engine itself
 * would accept: the eligibility rule table for a TAXI ride (partner-taxi fleet, switched on, no
 * offer or job in hand, seen within the staleness limit) and within the pickup radius, found by
 * the same geo-index ring search.
 */
export class DynamoDbTaxiFleet implements TaxiFleet {
  private readonly companies: DynamoDbTaxiCompanyStore;

  constructor(
    documents: DynamoDBDocumentClient,
    tableName: string,
    private readonly index: DynamoDbDriverIndex,
    private readonly options: Pick<MatchOptions, 'maxRadiusKm' | 'maxStalenessSeconds'>,
  ) {
    this.companies = new DynamoDbTaxiCompanyStore(documents, tableName);
  }

  async nearestAvailableTaxiCompanyId(pickup: Location, now: Date): Promise<string | undefined> {
    const result = await findNearestAsync(
      { kind: 'RIDE', pickup: { location: pickup }, requirements: { vehicleTypes: ['TAXI'], fleet: 'PARTNER_TAXI', medicineTrained: false } },
      this.index.search(),
      now,
      this.options,
    );
    return result.chosen?.driver.fleet.companyId;
  }

  company(companyId: string): Promise<TaxiCompany | undefined> {
    return this.companies.getCompany(companyId);
  }
}
