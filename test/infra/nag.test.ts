import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize, type Synthesized } from './support/synth.ts';

/**
 * cdk-nag's AWS Solutions pack runs on every synth (buildApp attaches it). Findings surface in the
 * cloud assembly's validation report; acknowledged ones are removed from it. Every finding we
 * accept is acknowledged next to its resource, with a reason, and listed here so that a new one
 * is a deliberate, reviewed change.
 */
const ACKNOWLEDGED = [
  'AwsSolutions-APIG4',
  'AwsSolutions-COG2',
  'AwsSolutions-COG8',
  'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
  'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
  'AwsSolutions-IAM5[Resource::*]',
  // The web app's distribution: no geo restriction, no WAF, the cloudfront.net certificate.
  'AwsSolutions-CFR1',
  'AwsSolutions-CFR2',
  'AwsSolutions-CFR4',
  // The access-log bucket does not log itself.
  'AwsSolutions-S1',
  // aws-cdk-lib's BucketDeployment upload function (role, grants and runtime are the library's).
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'AwsSolutions-IAM5[Action::s3:Abort*]',
  'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
  'AwsSolutions-IAM5[Action::s3:GetBucket*]',
  'AwsSolutions-IAM5[Action::s3:GetObject*]',
  'AwsSolutions-IAM5[Action::s3:List*]',
  'AwsSolutions-IAM5[Resource::Gancang-Api-AppBucketArn/*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
  'AwsSolutions-L1',
  // The notification replies' failed-replies queue is itself a dead-letter queue.
  'AwsSolutions-SQS3',
];

describe('cdk-nag (AWS Solutions)', () => {
  let synthesized: Synthesized;
  beforeAll(() => {
    // Throws, with the report, if any finding is neither fixed nor acknowledged. With CDK's own
    // template validation too, as `cdk synth` runs it.
    synthesized = synthesize({ builtinValidation: true });
  });

  it('leaves no unacknowledged error or warning in the validation report', () => {
    const report = JSON.parse(readFileSync(path.join(synthesized.assemblyDir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
    };
    const findings = report.pluginReports.flatMap((p) => p.violations.map((v) => `${p.pluginName} ${v.severity} ${v.ruleName}`));
    expect(findings).toEqual([]);
  });

  it('leaves no warning or error annotation on any stack', () => {
    expect(synthesized.annotations).toEqual([]);
  });

  it('acknowledges only the reviewed rules, each with a reason', () => {
    const acknowledged = new Map<string, string[]>();
    const visit = (construct: IConstruct): void => {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          expect(String(reason).length, `${construct.node.path} ${id}`).toBeGreaterThan(40);
          // Recorded as `Annotation::<rule>` by CDK; cdk-nag matches the bare rule id.
          const rule = id.replace(/^annotation::/i, '');
          acknowledged.set(rule, [...(acknowledged.get(rule) ?? []), construct.node.path]);
        }
      }
      construct.node.children.forEach(visit);
    };
    visit(synthesized.gancang.app);
    expect([...acknowledged.keys()].sort()).toEqual([...ACKNOWLEDGED].sort());
    // Public routes are the only ones without authorization.
    expect(acknowledged.get('AwsSolutions-APIG4')?.every((p) => p.includes('/Api/HttpApi/'))).toBe(true);
    // The hosting's acknowledgements sit on the distribution, the log bucket and the upload function, nowhere else.
    for (const rule of ['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR4']) {
      expect(acknowledged.get(rule)).toEqual(['Gancang-Api/Web/Distribution']);
    }
    expect(acknowledged.get('AwsSolutions-S1')).toEqual(['Gancang-Api/Web/AccessLogs']);
    for (const rule of ['AwsSolutions-L1', 'AwsSolutions-IAM5[Action::s3:DeleteObject*]']) {
      expect(acknowledged.get(rule)).toEqual([expect.stringMatching(/^Gancang-Web\/Custom::CDKBucketDeployment/)]);
    }
  });
});
