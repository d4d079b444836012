import { describe, expect, it } from 'vitest';
import {
  apiRequestUnits,
  costLines,
  gbSeconds,
  lambdaBilledMs,
  sqsRequestUnits,
  totalIdr,
} from '../../../infra/cost/aws-cost.ts';
import { AWS_PRICES, IDR_PER_USD } from '../../../infra/cost/aws-prices.ts';

describe('units as AWS bills them', () => {
  it('rounds a Lambda duration up to the next millisecond, at least one', () => {
    expect(lambdaBilledMs(12.2)).toBe(13);
    expect(lambdaBilledMs(5)).toBe(5);
    expect(lambdaBilledMs(0.3)).toBe(1);
  });

  it('bills GB-seconds as declared memory × rounded duration', () => {
    // 1 GB × 13 ms = 0.013 GB-s; 0.5 GB × 101 ms = 0.0505 GB-s.
    expect(gbSeconds(1024, 12.2)).toBeCloseTo(0.013, 12);
    expect(gbSeconds(512, 100.01)).toBeCloseTo(0.0505, 12);
  });

  it('counts an SQS request per 64 KB and an HTTP API request per 512 KB', () => {
    expect(sqsRequestUnits(0)).toBe(1);
    expect(sqsRequestUnits(65_536)).toBe(1);
    expect(sqsRequestUnits(65_537)).toBe(2);
    expect(apiRequestUnits(2_000)).toBe(1);
    expect(apiRequestUnits(600_000)).toBe(2);
  });
});

describe('units to rupiah', () => {
  const prices = {
    ...AWS_PRICES,
    lambdaArmGbSecond: { ...AWS_PRICES.lambdaArmGbSecond, usd: 0.00002 },
    dynamoWriteRequestUnit: { ...AWS_PRICES.dynamoWriteRequestUnit, usd: 1e-6 },
  };

  it('prices each line at units × USD × the rate, and leaves out what was not used', () => {
    const lines = costLines({ lambdaArmGbSecond: 1, dynamoWriteRequestUnit: 1_000_000, sqsStandardRequest: 0 }, prices);
    expect(IDR_PER_USD).toBe(16_500);
    // 1 GB-s × USD 0.00002 = USD 0.00002 = Rp 0.33; 1M WRU × USD 0.000001 = USD 1 = Rp 16,500.
    expect(lines.map((l) => l.price)).toEqual(['lambdaArmGbSecond', 'dynamoWriteRequestUnit']);
    expect(lines[0]!.idr).toBeCloseTo(0.33, 10);
    expect(lines[1]!.idr).toBeCloseTo(16_500, 10);
    expect(totalIdr(lines)).toBeCloseTo(16_500.33, 10);
  });

  it('marks every AWS figure as still to confirm, with the page to confirm it on', () => {
    for (const price of Object.values(AWS_PRICES)) {
      expect(price.confirmed).toBe(false);
      expect(price.source).toMatch(/aws\.amazon\.com\/.+\(Asia Pacific \(Jakarta\)/);
    }
  });
});
