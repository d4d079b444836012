import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import * as z from 'zod';
import { ROLES, scopeFor, type Role } from '../../infra/declaration.ts';

/**
 * Cognito Pre Token Generation (V2): the HTTP API's JWT authorizer checks OAuth scopes, while a
 * user's roles are Cognito groups. This trigger turns each group that is a Gancang role into the
 * `gancang/<role>` scope of the access token; groups that are not roles grant nothing.
 */
const groupsOf = z.object({
  request: z.object({
    groupConfiguration: z.object({ groupsToOverride: z.array(z.string()).optional() }),
  }),
});

const isRole = (group: string): group is Role => (ROLES as readonly string[]).includes(group);

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  // An event of another shape fails the sign-in rather than issuing a token without checks.
  const groups = groupsOf.parse(event).request.groupConfiguration.groupsToOverride ?? [];
  const scopesToAdd = [...new Set(groups.filter(isRole))].map(scopeFor);
  if (scopesToAdd.length === 0) return event;

  const details = event.response.claimsAndScopeOverrideDetails ?? {};
  event.response.claimsAndScopeOverrideDetails = {
    ...details,
    accessTokenGeneration: { ...details.accessTokenGeneration, scopesToAdd },
  };
  return event;
};
