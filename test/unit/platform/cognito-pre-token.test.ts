import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/platform/cognito-pre-token.ts';

const cognito = mockClient(CognitoIdentityProviderClient);

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

const withTotp = () => cognito.on(AdminGetUserCommand).resolves({ Username: 'apoteker-blambangan', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
const withoutMfa = () => cognito.on(AdminGetUserCommand).resolves({ Username: 'apoteker-blambangan' });

describe('cognito pre token generation', () => {
  beforeEach(() => cognito.reset());

  it('adds the gancang scope of each role group and ignores other groups', async () => {
    withTotp();
    const out = await handler(signIn(['pharmacy', 'unknown']));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd).toEqual(['gancang/pharmacy']);
  });

  it('adds one scope per role for a user in several role groups', async () => {
    withTotp();
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

  it('signs citizens and drivers in without looking up a second factor', async () => {
    const out = await handler(signIn(['citizen', 'driver']));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd).toEqual(['gancang/citizen', 'gancang/driver']);
    expect(out.response.claimsAndScopeOverrideDetails.groupOverrideDetails).toBeUndefined();
    expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
  });

  it('gives a staff role to a staff member who has TOTP enabled, checked with Cognito for this user', async () => {
    withTotp();
    const out = await handler(signIn(['merchant']));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd).toEqual(['gancang/merchant']);
    expect(out.response.claimsAndScopeOverrideDetails.groupOverrideDetails).toBeUndefined();
    expect(cognito.commandCalls(AdminGetUserCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: 'ap-southeast-3_example', Username: 'apoteker-blambangan' },
    ]);
  });

  it.each(['pharmacy', 'admin', 'taxi_operator', 'merchant'])(
    'withholds the %s scope and group from a staff member without a second factor, keeping the citizen role',
    async (staffRole) => {
      withoutMfa();
      const out = await handler(signIn(['citizen', staffRole]));
      expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd).toEqual(['gancang/citizen']);
      // The handlers read roles from cognito:groups, so the group goes too, not only the scope.
      expect(out.response.claimsAndScopeOverrideDetails.groupOverrideDetails?.groupsToOverride).toEqual(['citizen']);
    },
  );

  it('issues an admin without a second factor a token with no role at all', async () => {
    withoutMfa();
    const out = await handler(signIn(['admin']));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toBeUndefined();
    expect(out.response.claimsAndScopeOverrideDetails.groupOverrideDetails?.groupsToOverride).toEqual([]);
  });

  it('fails the sign-in when the second factor cannot be checked, rather than guessing', async () => {
    cognito.on(AdminGetUserCommand).rejects(new Error('TooManyRequestsException'));
    await expect(handler(signIn(['pharmacy']))).rejects.toThrow('TooManyRequestsException');
  });
});
