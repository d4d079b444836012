/**
 * From counted units to rupiah, as AWS bills them: Lambda duration rounded up to the
 * millisecond, SQS requests per 64 KB, HTTP API requests per 512 KB. DynamoDB's request units
 * are the ones DynamoDB (Local) reports for each call (infra/local/call-meter.ts), so they need
 * no arithmetic here. Pure functions, so that a test can check them by hand.
 */
import { AWS_PRICES, IDR_PER_USD, type AwsPriceName } from './aws-prices.ts';

/** Lambda bills each invocation's duration rounded up to the next millisecond. */
export const lambdaBilledMs = (durationMs: number): number => Math.max(1, Math.ceil(durationMs));

/** GB-seconds of one invocation: declared memory × billed duration. */
export const gbSeconds = (memoryMb: number, durationMs: number): number => (memoryMb / 1024) * (lambdaBilledMs(durationMs) / 1000);

/** SQS bills each 64 KB chunk of a request's payload as a request. */
export const sqsRequestUnits = (payloadBytes: number): number => Math.max(1, Math.ceil(payloadBytes / 65_536));

/** The HTTP API bills each 512 KB of a request as a request. */
export const apiRequestUnits = (payloadBytes: number): number => Math.max(1, Math.ceil(payloadBytes / 524_288));

/** What one order (or one month of a fixed cost) used, in the units the prices are per. */
export type Usage = Readonly<Partial<Record<AwsPriceName, number>>>;

export interface CostLine {
  readonly price: AwsPriceName;
  readonly units: number;
  readonly usd: number;
  readonly idr: number;
}

export const rupiahOf = (usd: number): number => usd * IDR_PER_USD;

/** One line per price used, unrounded: the rounding is the printer's, at the end. */
export function costLines(usage: Usage, prices = AWS_PRICES): CostLine[] {
  return (Object.entries(usage) as [AwsPriceName, number][])
    .filter(([, units]) => units > 0)
    .map(([price, units]) => {
      const usd = units * prices[price].usd;
      return { price, units, usd, idr: rupiahOf(usd) };
    });
}

export const totalIdr = (lines: readonly CostLine[]): number => lines.reduce((sum, line) => sum + line.idr, 0);
