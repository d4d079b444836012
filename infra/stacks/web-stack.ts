/**
 * The upload of the built web app into the API stack's bucket, with its `config.json`, on every
 * deploy (WebAppUpload). It depends on the API stack (bucket, distribution, web client) and
 * nothing depends on it, so it adds no cycle; being apart, its library-made upload function is
 * not mistaken for one of Gancang's functions.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { WebAppHosting } from '../constructs/web-app-hosting.ts';
import { WebAppUpload } from '../constructs/web-app-upload.ts';

export interface WebStackProps extends StackProps {
  /** The built app (`web/dist`). */
  readonly appDir: string;
  /** The API stack's hosting: bucket, distribution and the app's configuration. */
  readonly hosting: WebAppHosting;
}

export class WebStack extends Stack {
  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    new WebAppUpload(this, 'Upload', {
      appDir: props.appDir,
      bucketArnExport: props.hosting.bucketArnExport,
      distribution: props.hosting.distribution,
      config: props.hosting.config,
    });
  }
}
