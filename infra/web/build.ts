/**
 * Builds the web app (web/, Vite) into web/dist: `npm run build:web`, and `npm start` or a browser
 * test when the build is missing or older than its sources. The new build is written beside the
 * old one and swapped in with renames, so a runtime serving web/dist (or a second build started
 * at the same moment) never sees half a build.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_ROOT = join(REPO_ROOT, 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

/** What the bundle is made of: the app, the reference data it imports, and the locked packages. */
const SOURCES = [join(WEB_ROOT, 'src'), join(WEB_ROOT, 'index.html'), join(WEB_ROOT, 'vite.config.ts'), join(REPO_ROOT, 'shared/reference'), join(REPO_ROOT, 'package-lock.json')];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** True when web/dist is missing or any source changed after it was built. */
export function isWebAppStale(): boolean {
  const built = join(WEB_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestChange(source) > builtAt);
}

export interface WebAppBuild {
  readonly ms: number;
  /** Each JavaScript and CSS file of the build with its size as sent gzip-compressed. */
  readonly assets: readonly { readonly file: string; readonly bytes: number; readonly gzipBytes: number }[];
}

export async function buildWebApp(): Promise<WebAppBuild> {
  const started = performance.now();
  const { build } = await import('vite');
  const staging = join(WEB_ROOT, `.dist-${process.pid}-${Date.now()}`);
  try {
    await build({
      root: WEB_ROOT,
      configFile: join(WEB_ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
    const previous = `${staging}-previous`;
    if (existsSync(WEB_DIST)) await rename(WEB_DIST, previous).catch(ignoreMissing);
    // Another build that finished in between is as good as this one: keep it.
    await rename(staging, WEB_DIST).catch(ignoreCode('ENOTEMPTY', 'EEXIST'));
    await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { ms: performance.now() - started, assets: builtAssets() };
}

/** Builds unless web/dist is up to date; says which it did. */
export async function ensureWebAppBuilt(log: (line: string) => void): Promise<void> {
  if (!isWebAppStale()) return;
  log('Building the web app (web/ → web/dist) ...');
  const { ms } = await buildWebApp();
  log(`Built the web app in ${(ms / 1000).toFixed(1)} s.`);
}

export function builtAssets(): WebAppBuild['assets'] {
  const dir = join(WEB_DIST, 'assets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const content = readFileSync(join(dir, name));
      return { file: relative(WEB_DIST, join(dir, name)), bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
}

const ignoreCode =
  (...codes: string[]) =>
  (error: NodeJS.ErrnoException): void => {
    if (!codes.includes(error.code ?? '')) throw error;
  };
const ignoreMissing = ignoreCode('ENOENT');
