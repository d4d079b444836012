import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizeUrl, base64Url, challengeFor, logoutUrl, randomVerifier, tokenRequest } from '../../../web/src/auth/pkce.ts';
import { homeFor, sessionFromToken } from '../../../web/src/auth/session.ts';
import { sameOriginPath } from '../../../web/src/auth/same-origin-path.ts';
import { absoluteTrackingUrl, firstName } from '../../../web/src/desk/handover.ts';

const ui = {
  domain: 'https://gancang-prod.auth.ap-southeast-3.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'https://app.example.id/signin/callback',
};

describe('sign-in with the hosted UI (authorization code and PKCE)', () => {
  it('makes a fresh 43-character base64url verifier each time', () => {
    const a = randomVerifier();
    const b = randomVerifier();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('derives the S256 challenge as base64url(SHA-256(verifier)), as the token endpoint recomputes it', async () => {
    const verifier = randomVerifier();
    expect(await challengeFor(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(base64Url(new Uint8Array([251, 255, 191]))).toBe('-_-_'); // the URL-safe letters, no padding
  });

  it('sends the browser to /oauth2/authorize with the code flow, the challenge and the state', () => {
    const url = new URL(authorizeUrl(ui, { challenge: 'chal', state: 'st', scope: 'openid gancang/pharmacy' }));
    expect(url.origin + url.pathname).toBe(`${ui.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: ui.redirectUri,
      scope: 'openid gancang/pharmacy',
      state: 'st',
      code_challenge: 'chal',
      code_challenge_method: 'S256',
    });
  });

  it('trades the code at /oauth2/token with the verifier and no secret', () => {
    const request = tokenRequest(ui, { code: 'the-code', verifier: 'the-verifier' });
    expect(request.url).toBe(`${ui.domain}/oauth2/token`);
    expect(Object.fromEntries(request.body)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'the-code',
      redirect_uri: ui.redirectUri,
      code_verifier: 'the-verifier',
    });
    expect(new URL(logoutUrl(ui, 'https://app.example.id/')).searchParams.get('logout_uri')).toBe('https://app.example.id/');
  });

  it("reads the token's subject, groups and expiry, and sends pharmacists to the desk", () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'apoteker-rsud-blambangan', 'cognito:groups': ['pharmacy'], exp: 2_000_000_000 })).toString('base64url');
    const session = sessionFromToken(`e30.${payload}.sig`);
    expect(session).toMatchObject({ sub: 'apoteker-rsud-blambangan', roles: ['pharmacy'], expiresAt: 2_000_000_000 });
    expect(homeFor(session!)).toBe('/desk');
    expect(sessionFromToken('not-a-token')).toBeUndefined();
  });
});

describe('the handover slip', () => {
  it('resolves a relative tracking link against the page origin and keeps an absolute one', () => {
    expect(absoluteTrackingUrl('/track/abc', 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/track/abc');
    expect(absoluteTrackingUrl('https://app.example.id/track/abc', 'http://127.0.0.1:3000')).toBe('https://app.example.id/track/abc');
    expect(firstName('  Siti  Aminah ')).toBe('Siti');
  });
});

describe('where signing in leads afterwards', () => {
  it('is a path of this origin, never another site however the link writes it', () => {
    expect(sameOriginPath('/desk')).toBe('/desk');
    expect(sameOriginPath('/food-orders/fo_01JD')).toBe('/food-orders/fo_01JD');
    for (const elsewhere of ['//evil.example', '/\\evil.example', 'https://evil.example/desk', 'desk', '', null]) {
      expect(sameOriginPath(elsewhere), String(elsewhere)).toBeUndefined();
    }
  });
});
