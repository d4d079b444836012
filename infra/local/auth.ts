/**
 * Local stand-in for the Cognito user pool and the HTTP API JWT authorizer: a dev RS256 key kept
 * in the data folder signs tokens shaped like Cognito access tokens, and `verifyAccessToken`
 * applies the checks API Gateway applies (signature, issuer, expiry, audience via `client_id`).
 * Each data folder has its own key, so a token minted for one installation is refused by another.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, link, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import * as z from 'zod';
import { scopeFor, type Role } from '../declaration.ts';

export const LOCAL_ISSUER = 'https://gancang.localhost/local-user-pool';
export const LOCAL_CLIENT_ID = 'gancang-local-client';
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;
const ALG = 'RS256';
const KEY_FILE = 'signing-key.json';

type Key = Awaited<ReturnType<typeof importJWK>>;

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: Key;
  readonly publicKey: Key;
}

const keyFileSchema = z.object({
  kid: z.string().min(1),
  alg: z.literal(ALG),
  privateKey: z.record(z.string(), z.unknown()),
  publicKey: z.record(z.string(), z.unknown()),
});

export const signingKeyPath = (dataDir: string): string => join(dataDir, KEY_FILE);

/** The data folder's signing key, created (with the folder) on first use. */
export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  await mkdir(dataDir, { recursive: true });
  const path = signingKeyPath(dataDir);
  const existing = await readKeyFile(path);
  if (existing) return existing;

  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const file = {
    kid: randomUUID(),
    alg: ALG,
    createdAt: new Date().toISOString(),
    privateKey: await exportJWK(privateKey),
    publicKey: await exportJWK(publicKey),
  };
  // Write aside, then link into place: link fails if another process (`npm run token` racing
  // `npm start`) created the key first, and nobody ever reads a half-written file.
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  const stored = await readKeyFile(path);
  if (!stored) throw new Error(`Could not create the signing key at ${path}`);
  return stored;
}

async function readKeyFile(path: string): Promise<SigningKey | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = keyFileSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new Error(`${path} is not a Gancang signing key; delete it to have a new one created`);
  }
  return {
    kid: parsed.data.kid,
    privateKey: await importJWK(parsed.data.privateKey as JWK, ALG),
    publicKey: await importJWK(parsed.data.publicKey as JWK, ALG),
  };
}

export interface TokenRequest {
  readonly sub: string;
  /** Cognito groups; each also grants its `gancang/<role>` scope. */
  readonly roles: readonly Role[];
  /** Lifetime from now; negative values mint an already expired token (for tests). */
  readonly ttlSeconds?: number;
  /** Extra claims, e.g. what a pre-token-generation trigger would add. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Only for tests of the authorizer: a token from some other issuer. */
  readonly issuer?: string;
}

/** A token shaped like a Cognito access token for the resource server `gancang`. */
export async function mintToken(key: SigningKey, request: TokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const ttl = request.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  return new SignJWT({
    ...request.claims,
    'cognito:groups': [...request.roles],
    scope: request.roles.map(scopeFor).join(' '),
    token_use: 'access',
    client_id: LOCAL_CLIENT_ID,
    username: request.sub,
    auth_time: now,
  })
    .setProtectedHeader({ alg: ALG, kid: key.kid })
    .setSubject(request.sub)
    .setIssuer(request.issuer ?? LOCAL_ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

export interface VerifiedToken {
  readonly claims: JWTPayload;
  readonly scopes: readonly string[];
}

/**
 * What the HTTP API JWT authorizer accepts: `Authorization: Bearer <jwt>` (the prefix is
 * optional there too), RS256 signed by our key, our issuer, not expired, and for an access token
 * a `client_id` in the audience. Anything else is `undefined`, which the adapter turns into 401.
 */
export async function verifyAccessToken(key: SigningKey, authorization: string | undefined): Promise<VerifiedToken | undefined> {
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, key.publicKey, { issuer: LOCAL_ISSUER, algorithms: [ALG] });
    if (payload.token_use !== 'access' || payload.client_id !== LOCAL_CLIENT_ID) return undefined;
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(/\s+/).filter(Boolean) : [];
    return { claims: payload, scopes };
  } catch {
    return undefined;
  }
}
