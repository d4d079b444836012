/**
 * The local runtime's sign-in, standing in for the Cognito hosted UI: the app's /signin page posts
 * a role and a subject to `POST /local/token` and gets a token minted as `npm run token` mints it.
 * Anyone who can reach the local runtime may sign in as anyone: it is a developer's machine, and
 * this endpoint does not exist on AWS.
 */
import * as z from 'zod';
import { ROLES } from '../declaration.ts';
import { DEFAULT_TOKEN_TTL_SECONDS, mintToken, type SigningKey } from './auth.ts';
import type { Reply } from './http-api.ts';

const signInRequest = z.object({
  role: z.enum(ROLES),
  // The same subjects the API stores as staff and driver ids: short, no spaces.
  sub: z.string().trim().regex(/^[A-Za-z0-9._@-]{1,128}$/),
});

const reply = (status: number, body: unknown): Reply => ({
  status,
  headers: [
    ['content-type', 'application/json'],
    ['cache-control', 'no-store'],
  ],
  body: Buffer.from(JSON.stringify(body)),
});

export function localSignIn(key: SigningKey): (body: Buffer) => Promise<Reply> {
  return async (body) => {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(400, { error: { code: 'VALIDATION_FAILED', message: 'The body is not JSON', details: [] } });
    }
    const parsed = signInRequest.safeParse(json);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return reply(400, { error: { code: 'VALIDATION_FAILED', message: 'A role and a subject are needed', details } });
    }
    const { role, sub } = parsed.data;
    const accessToken = await mintToken(key, { sub, roles: [role] });
    return reply(200, { accessToken, expiresIn: DEFAULT_TOKEN_TTL_SECONDS, role, sub });
  };
}
