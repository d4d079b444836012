import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '#platform/logger';
import { ROLES, scopeFor, type Role } from '../../infra/declaration.ts';

/**
 * Cognito Pre Token Generation (V2): the HTTP API's JWT authorizer checks OAuth scopes, while a
 * user's roles are Cognito groups. This trigger turns each group that is a Gancang role into the
 * `gancang/<role>` scope of the access token; groups that are not roles grant nothing.
 *
 * Staff roles act on other people's orders and data, so they need a second factor. Cognito cannot
 * require MFA for some groups only, and requiring it pool-wide would shut out citizens on basic
 * phones; so MFA is OPTIONAL (TOTP) on the pool and this trigger gives a staff role only to a
 * user who has TOTP enabled. With MFA optional, Cognito asks every such user for the code at each
 * sign-in, so a token with a staff scope always comes from a sign-in that passed the second factor.
 * Without TOTP, a staff member gets a token without the staff scopes and without the staff groups
 * in `cognito:groups` (which the handlers read), and can use it to enrol TOTP.
 */
export const STAFF_ROLES: readonly Role[] = ['pharmacy', 'admin', 'taxi_operator', 'merchant'];

const groupsOf = z.object({
  userPoolId: z.string().min(1),
  userName: z.string().min(1),
  request: z.object({
    groupConfiguration: z.object({ groupsToOverride: z.array(z.string()).optional() }),
  }),
});

const isRole = (group: string): group is Role => (ROLES as readonly string[]).includes(group);
const isStaff = (group: string): boolean => (STAFF_ROLES as readonly string[]).includes(group);

const cognito = new CognitoIdentityProviderClient({});

/** The pool allows TOTP as its only second factor, so any enabled MFA setting is TOTP. */
async function hasSecondFactor(userPoolId: string, userName: string): Promise<boolean> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }));
  return (user.UserMFASettingList ?? []).length > 0;
}

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  // An event of another shape fails the sign-in rather than issuing a token without checks.
  const { userPoolId, userName, request } = groupsOf.parse(event);
  let groups = request.groupConfiguration.groupsToOverride ?? [];

  // Only staff pay for the lookup; a lookup that fails fails the sign-in (and alarms) rather
  // than quietly signing a pharmacist in without the pharmacy role.
  const staffGroups = groups.filter(isStaff);
  const details = event.response.claimsAndScopeOverrideDetails ?? {};
  if (staffGroups.length > 0 && !(await hasSecondFactor(userPoolId, userName))) {
    logger.warn('Staff roles withheld: no second factor enrolled', { userName, withheld: staffGroups });
    groups = groups.filter((group) => !isStaff(group));
    details.groupOverrideDetails = { ...details.groupOverrideDetails, groupsToOverride: groups };
  }

  const scopesToAdd = [...new Set(groups.filter(isRole))].map(scopeFor);
  if (scopesToAdd.length > 0) details.accessTokenGeneration = { ...details.accessTokenGeneration, scopesToAdd };
  event.response.claimsAndScopeOverrideDetails = details;
  return event;
};
