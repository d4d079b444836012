/**
 * The web app on the API's origin, as CloudFront serves it on AWS: the built files of web/dist
 * (hashed assets cached for a year, the page itself revalidated), `index.html` for every app
 * route (a path with no file extension), `/config.json` with this runtime's settings, and a
 * strict Content-Security-Policy on the page: nothing loads from another origin but the map's
 * tiles, when they are on.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Reply } from './http-api.ts';

export interface WebAppOptions {
  /** The built app (web/dist). */
  readonly distDir: string;
  /** Tile URL template with {z}/{x}/{y}, or null for a map without tiles. */
  readonly mapTiles: string | null;
}

export interface WebAppRequest {
  readonly rawPath: string;
  readonly acceptEncoding: string | undefined;
  readonly ifNoneMatch: string | undefined;
}

export type WebApp = (request: WebAppRequest) => Promise<Reply>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.webmanifest', '.txt']);

/** Vite names every file under assets/ by its content's hash: a name never changes meaning. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export function createWebApp(options: WebAppOptions): WebApp {
  const policy = contentSecurityPolicy(options.mapTiles);
  const config = Buffer.from(JSON.stringify({ auth: { mode: 'local' }, mapTiles: options.mapTiles }));
  const compressed = new Map<string, { mtimeMs: number; body: Buffer }>();

  const common: [string, string][] = [
    ['x-content-type-options', 'nosniff'],
    // The page's path holds the tracking token: other origins (the tile server) learn only ours.
    ['referrer-policy', 'strict-origin'],
  ];
  const notFound = (message: string): Reply => ({ status: 404, headers: [['content-type', 'text/plain; charset=utf-8'], ...common], body: Buffer.from(message) });

  const file = async (path: string, request: WebAppRequest, cacheControl: string): Promise<Reply | undefined> => {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const extension = extname(path);
    const etag = `"${createHash('sha1').update(`${path}:${info.size}:${info.mtimeMs}`).digest('base64url').slice(0, 16)}"`;
    const headers: [string, string][] = [
      ['content-type', CONTENT_TYPES[extension] ?? 'application/octet-stream'],
      ['cache-control', cacheControl],
      ['etag', etag],
      ...common,
    ];
    if (extension === '.html') headers.push(['content-security-policy', policy]);
    if (request.ifNoneMatch === etag) return { status: 304, headers, body: Buffer.alloc(0) };
    let body: Buffer = await readFile(path);
    if (COMPRESSIBLE.has(extension)) {
      headers.push(['vary', 'accept-encoding']);
      if (/\bgzip\b/.test(request.acceptEncoding ?? '')) {
        let cached = compressed.get(path);
        if (cached?.mtimeMs !== info.mtimeMs) compressed.set(path, (cached = { mtimeMs: info.mtimeMs, body: gzipSync(body) }));
        body = cached.body;
        headers.push(['content-encoding', 'gzip']);
      }
    }
    return { status: 200, headers, body };
  };

  return async (request) => {
    if (request.rawPath === '/config.json') {
      return { status: 200, headers: [['content-type', 'application/json'], ['cache-control', 'no-store'], ...common], body: config };
    }
    const segments = pathSegments(request.rawPath);
    if (!segments) return notFound('Not Found');
    const index = join(options.distDir, 'index.html');
    if (!existsSync(index)) return notFound('The web app is not built: run `npm run build:web` (npm start builds it).');

    const last = segments.at(-1) ?? '';
    if (segments.length === 0 || !last.includes('.')) {
      // An app route: the page, which reads its path itself.
      return (await file(index, request, REVALIDATE)) ?? notFound('Not Found');
    }
    const cacheControl = segments[0] === 'assets' ? IMMUTABLE : REVALIDATE;
    return (await file(join(options.distDir, ...segments), request, cacheControl)) ?? notFound('Not Found');
  };
}

/** Decoded segments, or undefined for a path that could leave the folder or name a hidden file. */
function pathSegments(rawPath: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (!raw) continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment.startsWith('.') || segment.includes('/') || segment.includes(sep) || segment.includes('\0')) return undefined;
    segments.push(segment);
  }
  return segments;
}

/**
 * Scripts, styles, fonts and data only from this origin; images also as data: URLs (Leaflet's
 * control icons) and from the tile server when the map has tiles. No inline script or style.
 */
export function contentSecurityPolicy(mapTiles: string | null): string {
  const tiles = mapTiles ? ` ${tileSource(mapTiles)}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${tiles}`,
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`. */
export function tileSource(template: string): string {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(template);
  if (!match) throw new Error(`The map tile template must be an http(s) URL with {z}/{x}/{y}, got "${template}"`);
  const host = match[2]!.replace(/\{[^}]*\}/g, '*');
  return `${match[1]!.toLowerCase()}://${host}`;
}
