import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/platform/cognito-pre-token.ts';

const signIn = (groups: string[] | undefined): PreTokenGenerationV2TriggerEvent => ({
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  region: 'ap-southeast-3',
  userPoolId: 'ap-southeast-3_example',
  userName: 'apoteker-blambangan',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
  request: { userAttributes: { sub: 'user-1' }, groupConfiguration: { groupsToOverride: groups } },
  response: { claimsAndScopeOverrideDetails: {} },
});

describe('cognito pre token generation', () => {
  it('adds the gancang scope of each role group and ignores other groups', async () => {
    const out = await handler(signIn(['pharmacy', 'unknown']));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd).toEqual(['gancang/pharmacy']);
  });

  it('adds one scope per role for a user in several role groups', async () => {
    const out = await handler(signIn(['admin', 'pharmacy', 'admin']));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd).toEqual([
      'gancang/admin',
      'gancang/pharmacy',
    ]);
  });

  it('adds no scope to a user without a role group', async () => {
    const out = await handler(signIn(undefined));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toBeUndefined();
  });

  it('refuses an event without a group configuration instead of issuing an unchecked token', async () => {
    const event = { ...signIn([]), request: { userAttributes: {} } } as unknown as PreTokenGenerationV2TriggerEvent;
    await expect(handler(event)).rejects.toThrow();
  });
});
