import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError } from '../errors.ts';
import { isRole, type Role } from '../roles.ts';

/** Who is calling, from claims the authorizer has already verified. */
export interface Caller {
  readonly sub: string;
  readonly roles: ReadonlySet<Role>;
}

export const hasRole = (caller: Caller, role: Role): boolean => caller.roles.has(role);

export function requireRole(caller: Caller, ...roles: Role[]): void {
  if (!roles.some((role) => caller.roles.has(role))) throw new ForbiddenError();
}

/**
 * API Gateway hands JWT claims to the function as strings: an array claim such as
 * `cognito:groups` arrives as "[pharmacy admin]". Accept that form and a real array.
 */
export function parseListClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner.split(/[\s,]+/).filter(Boolean);
}

interface JwtAuthorizerContext {
  readonly authorizer?: { readonly jwt?: { readonly claims?: Record<string, unknown> } };
}

export function callerFromEvent(event: Pick<APIGatewayProxyEventV2, 'requestContext'>): Caller | undefined {
  const claims = (event.requestContext as JwtAuthorizerContext).authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  const roles = new Set(parseListClaim(claims['cognito:groups']).filter(isRole));
  return { sub: claims.sub, roles };
}
