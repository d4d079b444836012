import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import * as z from 'zod';
import type { Role } from '../../infra/declaration.ts';

/**
 * Cognito Post Confirmation: whoever signs themselves up and confirms their email is a citizen.
 * Roles are Cognito groups and a new account is in none, so without this every citizen route
 * would refuse the people it is for. Staff roles are never given here: an operator adds staff to
 * their group (see the README).
 */
export const SELF_SIGN_UP_ROLE: Role = 'citizen';

const confirmation = z.object({
  triggerSource: z.string(),
  userPoolId: z.string().min(1),
  userName: z.string().min(1),
});

const cognito = new CognitoIdentityProviderClient({});

export const handler = async (event: PostConfirmationTriggerEvent): Promise<PostConfirmationTriggerEvent> => {
  const { triggerSource, userPoolId, userName } = confirmation.parse(event);
  // A confirmed password reset is an existing account, possibly staff: it keeps the groups it has.
  if (triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
  // Adding a member twice is a no-op, so Cognito's retry of a timed-out trigger is harmless. A
  // failure is thrown: the app sees the confirmation fail, and the trigger's error alarm fires.
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: userName, GroupName: SELF_SIGN_UP_ROLE }));
  return event;
};
