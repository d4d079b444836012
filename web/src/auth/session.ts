/**
 * The signed-in person's access token, kept in sessionStorage: it lives as long as the tab, is not
 * sent with every request as a cookie would be, and another tab signs in on its own. What the
 * token says (roles, subject) is read from its payload for display and routing only; the API
 * checks the signature.
 */
export interface Session {
  readonly accessToken: string;
  readonly sub: string;
  readonly roles: readonly string[];
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

const KEY = 'gancang.session';

/** The claims the app reads from an access token (local or Cognito), or undefined if unreadable. */
export function sessionFromToken(accessToken: string): Session | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; 'cognito:groups'?: unknown; exp?: unknown };
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return undefined;
    const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].filter((g): g is string => typeof g === 'string') : [];
    return { accessToken, sub: claims.sub, roles: groups, expiresAt: claims.exp };
  } catch {
    return undefined;
  }
}

export function currentSession(now: number = Date.now() / 1000): Session | undefined {
  let stored: string | null = null;
  try {
    stored = sessionStorage.getItem(KEY);
  } catch {
    return undefined;
  }
  const session = stored ? sessionFromToken(stored) : undefined;
  return session && session.expiresAt > now ? session : undefined;
}

export function keepSession(accessToken: string): Session | undefined {
  const session = sessionFromToken(accessToken);
  if (session) sessionStorage.setItem(KEY, accessToken);
  return session;
}

export function forgetSession(): void {
  sessionStorage.removeItem(KEY);
}

/** Where each role's work is; sign-in sends a person there. */
export function homeFor(session: Session): string {
  if (session.roles.includes('pharmacy')) return '/desk';
  if (session.roles.includes('admin')) return '/ops';
  return '/';
}
