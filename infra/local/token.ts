/**
 * `npm run --silent token -- --role ROLE --sub SUBJECT [--ttl 12h]` prints one bearer token (and
 * nothing else on stdout) that the local runtime using the same GANCANG_DATA_DIR accepts.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../declaration.ts';
import { DEFAULT_TOKEN_TTL_SECONDS, loadSigningKey, mintToken } from './auth.ts';

const USAGE = `Usage: npm run --silent token -- --role ROLE --sub SUBJECT [--ttl DURATION]

  --role   one of: ${ROLES.join(', ')}
  --sub    the caller's subject (user id), e.g. apoteker-rsud-blambangan
  --ttl    lifetime: seconds, or with a unit (30m, 12h, 7d); default ${DEFAULT_TOKEN_TTL_SECONDS / 3600}h

Signs with the key in GANCANG_DATA_DIR (default .data), the folder \`npm start\` uses.`;

function usage(problem: string): never {
  process.stderr.write(`${problem}\n\n${USAGE}\n`);
  process.exit(2);
}

function parseTtl(raw: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(raw.trim());
  if (!match) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 ? seconds : undefined;
}

async function main(): Promise<void> {
  let values: { role?: string; sub?: string; ttl?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { role: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const role = values.role;
  if (!role) usage('--role is required');
  if (!(ROLES as readonly string[]).includes(role)) usage(`Unknown role "${role}"`);
  const sub = values.sub?.trim();
  if (!sub) usage('--sub is required');
  const ttlSeconds = values.ttl === undefined ? DEFAULT_TOKEN_TTL_SECONDS : parseTtl(values.ttl);
  if (ttlSeconds === undefined) usage(`Invalid --ttl "${values.ttl}"`);

  const key = await loadSigningKey(resolve(process.env.GANCANG_DATA_DIR || '.data'));
  process.stdout.write(`${await mintToken(key, { sub, roles: [role as Role], ttlSeconds })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
