import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/platform/cognito-post-confirmation.ts';

const cognito = mockClient(CognitoIdentityProviderClient);

const confirmed = (triggerSource: PostConfirmationTriggerEvent['triggerSource']): PostConfirmationTriggerEvent =>
  ({
    version: '1',
    triggerSource,
    region: 'ap-southeast-3',
    userPoolId: 'ap-southeast-3_example',
    userName: '5c1f0e7a-warga-genteng',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    request: { userAttributes: { sub: '5c1f0e7a-warga-genteng', email: 'warga@example.id', email_verified: 'true' } },
    response: {},
  }) as PostConfirmationTriggerEvent;

describe('cognito post confirmation', () => {
  beforeEach(() => cognito.reset());

  it('puts a citizen who signed up and confirmed into the citizen group of their pool', async () => {
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const event = confirmed('PostConfirmation_ConfirmSignUp');
    await expect(handler(event)).resolves.toEqual(event);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: 'ap-southeast-3_example', Username: '5c1f0e7a-warga-genteng', GroupName: 'citizen' },
    ]);
  });

  it('leaves the groups of an existing account alone when it confirms a password reset', async () => {
    await handler(confirmed('PostConfirmation_ConfirmForgotPassword'));
    expect(cognito.calls()).toHaveLength(0);
  });

  it('fails the confirmation when the group cannot be set, so nobody is left a citizen without the role unnoticed', async () => {
    cognito.on(AdminAddUserToGroupCommand).rejects(new Error('TooManyRequestsException'));
    await expect(handler(confirmed('PostConfirmation_ConfirmSignUp'))).rejects.toThrow('TooManyRequestsException');
  });
});
