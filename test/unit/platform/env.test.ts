import { describe, expect, it } from 'vitest';
import { tableEnvName, queueEnvName } from '#platform/env';

describe('env names', () => {
  it('derives variable names from declared names', () => {
    expect(tableEnvName('ordering')).toBe('ORDERING_TABLE_NAME');
    expect(queueEnvName('dispatchOffers')).toBe('DISPATCH_OFFERS_QUEUE_URL');
  });
});
