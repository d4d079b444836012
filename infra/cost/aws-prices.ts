/**
 * What AWS charges in Jakarta (ap-southeast-3) for the services one order uses, for the cost per
 * delivery that `npm run bench` prints (test/bench/cost-bench.ts). USD, without free tiers
 * (they are account-wide and run out), on-demand, Lambda on arm64 as deployed.
 *
 * NONE OF THESE FIGURES HAS BEEN READ OFF AWS'S PAGES: they were written from memory on the date
 * below, on a machine without access to them. Each says the page to confirm it on; until someone
 * does and sets `confirmed`, the rupiah they give are an estimate of the order of magnitude.
 */
import { IDR_PER_USD } from '../../shared/notification/domain/prices.ts';

/** The same round rate as the notification prices, so both tables' rupiah agree. */
export { IDR_PER_USD };

export const AWS_PRICES_AS_OF = '2026-11-30';
export const AWS_PRICES_REGION = 'ap-southeast-3';

export type AwsPriceName =
  | 'lambdaRequest'
  | 'lambdaArmGbSecond'
  | 'dynamoWriteRequestUnit'
  | 'dynamoReadRequestUnit'
  | 'sqsStandardRequest'
  | 'httpApiRequest'
  | 'logsIngestedGb';

export interface AwsPrice {
  readonly usd: number;
  /** What one unit is. */
  readonly per: string;
  readonly source: string;
  readonly confirmed: boolean;
}

export const AWS_PRICES: Readonly<Record<AwsPriceName, AwsPrice>> = {
  lambdaRequest: {
    usd: 0.2 / 1e6,
    per: 'Lambda request',
    source: 'aws.amazon.com/lambda/pricing (Asia Pacific (Jakarta), Requests): USD 0.20 per 1M, to confirm',
    confirmed: false,
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 'Lambda GB-second, Arm, first 7.5 billion GB-s a month',
    source: 'aws.amazon.com/lambda/pricing (Asia Pacific (Jakarta), Arm price, Duration): to confirm',
    confirmed: false,
  },
  dynamoWriteRequestUnit: {
    usd: 0.7115 / 1e6,
    per: 'DynamoDB on-demand write request unit (Standard table class)',
    source:
      'aws.amazon.com/dynamodb/pricing/on-demand (Asia Pacific (Jakarta)): USD 1.4231 per 1M before the November 2024 halving, ' +
      'so about 0.7115: to confirm',
    confirmed: false,
  },
  dynamoReadRequestUnit: {
    usd: 0.1423 / 1e6,
    per: 'DynamoDB on-demand read request unit (Standard table class)',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand (Asia Pacific (Jakarta)): about USD 0.1423 per 1M after the 2024 halving, to confirm',
    confirmed: false,
  },
  sqsStandardRequest: {
    usd: 0.4 / 1e6,
    per: 'SQS standard queue request (each 64 KB chunk of a payload)',
    source: 'aws.amazon.com/sqs/pricing (Asia Pacific (Jakarta), Standard queue): USD 0.40 per 1M, to confirm',
    confirmed: false,
  },
  httpApiRequest: {
    usd: 1.1 / 1e6,
    per: 'API Gateway HTTP API request (each 512 KB), first 300M a month',
    source: 'aws.amazon.com/api-gateway/pricing (Asia Pacific (Jakarta), HTTP APIs): about USD 1.10 per 1M, to confirm',
    confirmed: false,
  },
  logsIngestedGb: {
    usd: 0.66,
    per: 'CloudWatch Logs data ingested, Standard log class, per GB',
    source: 'aws.amazon.com/cloudwatch/pricing (Asia Pacific (Jakarta), Logs, Collect): about USD 0.66 per GB, to confirm',
    confirmed: false,
  },
};
