/**
 * The deploy's upload of the built web app (`web/dist`) into the app bucket, with the generated
 * `config.json`, then a CloudFront invalidation. It uses aws-cdk-lib's BucketDeployment, whose
 * upload function (Python with the AWS CLI, a managed logging policy, wildcard grants) is the
 * library's and not one of Gancang's functions; it lives in a stack of its own (WebStack) so
 * that the rules every Gancang function keeps (tests in test/infra/functions.test.ts) stay exact.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DefaultStackSynthesizer, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { WebAppConfig } from './web-app-hosting.ts';

/** Vite puts every hashed file under this folder of the build. */
export const HASHED_ASSETS = 'assets';
export const HASHED_ASSETS_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface WebAppUploadProps {
  /** The built app (`web/dist`): must hold an `index.html`. */
  readonly appDir: string;
  /** The name of the export that holds the app bucket's ARN. */
  readonly bucketArnExport: string;
  readonly distribution: IDistribution;
  readonly config: WebAppConfig;
}

export class WebAppUpload extends Construct {
  constructor(scope: Construct, id: string, props: WebAppUploadProps) {
    super(scope, id);
    const bucket = Bucket.fromBucketArn(this, 'AppBucket', Fn.importValue(props.bucketArnExport));
    if (!existsSync(path.join(props.appDir, 'index.html'))) {
      throw new Error(`The web app is not built (no index.html in ${props.appDir}): run \`npm run build:web\` (npm run deploy does it first).`);
    }

    // Hashed assets never change under a name: cached for a year, and never pruned, so a page
    // loaded before a deploy can still fetch its chunks after it.
    const hashedAssets = new BucketDeployment(this, 'HashedAssets', {
      destinationBucket: bucket,
      sources: [Source.asset(props.appDir)],
      include: [`${HASHED_ASSETS}/*`],
      exclude: ['*'],
      prune: false,
      cacheControl: [CacheControl.fromString(HASHED_ASSETS_CACHE_CONTROL)],
    });
    // Everything else (index.html, config.json, unhashed public files) is revalidated on every
    // load, and CloudFront's copies are invalidated once the new ones are in place.
    const documents = new BucketDeployment(this, 'Documents', {
      destinationBucket: bucket,
      sources: [Source.asset(props.appDir, { exclude: [`${HASHED_ASSETS}/**`] }), Source.jsonData('config.json', props.config)],
      exclude: [`${HASHED_ASSETS}/*`],
      prune: true,
      cacheControl: [CacheControl.noCache()],
      distribution: props.distribution,
      distributionPaths: ['/*'],
    });
    documents.node.addDependency(hashedAssets);
    acknowledgeUploadFunction(documents, props.bucketArnExport);
  }
}

/**
 * The two deployments share the library's one upload function (a singleton in the stack); the
 * findings about its role and runtime are acknowledged on it.
 */
function acknowledgeUploadFunction(deployment: BucketDeployment, bucketArnExport: string): void {
  const handler = deployment.handlerRole.node.scope;
  if (!handler) throw new Error('BucketDeployment handler role without a function');
  const libraryGrant = (what: string): string =>
    `aws-cdk-lib's BucketDeployment grants its upload function ${what}; it runs only during a deploy, on the deploy's own objects.`;
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The upload function of aws-cdk-lib\'s BucketDeployment writes its own logs through the basic execution policy (CloudWatch Logs only).',
    },
    ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: libraryGrant(`the ${action} family (Bucket.grantReadWrite) on the app bucket and read on the CDK asset bucket`),
    })),
    {
      id: `AwsSolutions-IAM5[Resource::${bucketArnExport}/*]`,
      reason: libraryGrant('every object of the app bucket, since it syncs and prunes the whole build'),
    },
    {
      id: `AwsSolutions-IAM5[Resource::${assetBucketObjects(Stack.of(handler))}]`,
      reason: libraryGrant('read on the CDK bootstrap asset bucket, where the zipped build is staged'),
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: libraryGrant('cloudfront:CreateInvalidation and GetInvalidation, which IAM cannot scope to one distribution'),
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'The upload function\'s runtime is chosen by aws-cdk-lib (it bundles the AWS CLI layer for it) and moves with the library version.',
    },
  );
}

/**
 * The CDK bootstrap asset bucket's objects as cdk-nag names them: the partition, account and
 * region appear literally when the stack's environment knows them (`cdk deploy` with a profile),
 * as placeholders otherwise (the tests).
 */
function assetBucketObjects(stack: Stack): string {
  const shown = (value: string, placeholder: string): string => (Token.isUnresolved(value) ? `<${placeholder}>` : value);
  const qualifier = (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  return `arn:${shown(stack.partition, 'AWS::Partition')}:s3:::cdk-${qualifier}-assets-${shown(stack.account, 'AWS::AccountId')}-${shown(stack.region, 'AWS::Region')}/*`;
}
