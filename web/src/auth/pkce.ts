/**
 * The authorization code flow with PKCE (RFC 7636, S256) against the Cognito hosted UI: the app is
 * a public client (no secret), so the code it gets back is useless without the verifier that only
 * this tab holds. Plain Web Crypto: no library for three small functions.
 */

/** base64url without padding, as RFC 7636 and OAuth use it. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes: a 43-character verifier, inside RFC 7636's 43–128. */
export function randomVerifier(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 challenge: base64url(SHA-256(verifier)). */
export async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface HostedUi {
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  readonly domain: string;
  readonly clientId: string;
  /** https://<app>/signin/callback, as registered on the client. */
  readonly redirectUri: string;
}

/** Where the browser goes to sign in; the scopes are the client's (openid and every role's). */
export function authorizeUrl(ui: HostedUi, input: { challenge: string; state: string; scope: string }): string {
  const url = new URL('/oauth2/authorize', ui.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: ui.clientId,
    redirect_uri: ui.redirectUri,
    scope: input.scope,
    state: input.state,
    code_challenge: input.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** The form the callback posts to `<domain>/oauth2/token` to trade the code for tokens. */
export function tokenRequest(ui: HostedUi, input: { code: string; verifier: string }): { url: string; body: URLSearchParams } {
  return {
    url: new URL('/oauth2/token', ui.domain).toString(),
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: ui.clientId,
      code: input.code,
      redirect_uri: ui.redirectUri,
      code_verifier: input.verifier,
    }),
  };
}

/** Cognito's sign-out ends the hosted UI's session too, then comes back to the app. */
export function logoutUrl(ui: HostedUi, logoutUri: string): string {
  const url = new URL('/logout', ui.domain);
  url.search = new URLSearchParams({ client_id: ui.clientId, logout_uri: logoutUri }).toString();
  return url.toString();
}
