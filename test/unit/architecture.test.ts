import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The bounded contexts talk only through the shared kernel (message contracts, fares, ports) and
 * meet only in the wiring (shared/wiring/*-wiring.ts) and the handlers (functions/). This reads
 * every source file's imports, so a new reach from one context into another fails here.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const CONTEXTS = ['ordering', 'dispatch', 'promotion', 'notification'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports or re-exports, statically or dynamically, as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gms)].map((m) => (m[1] ?? m[2])!);
  return specifiers.flatMap((specifier) => {
    const alias = /^#(\w+)\/(.+)$/.exec(specifier);
    if (alias) return [`shared/${alias[1]}/${alias[2]}${alias[2]!.endsWith('.ts') || alias[1] === 'reference' ? '' : '.ts'}`];
    if (specifier.startsWith('.')) return [relative(ROOT, resolve(file, '..', specifier))];
    return [];
  });
}

const layerOf = (path: string): string | undefined => /^shared\/([^/]+)\//.exec(path)?.[1];

function reaches(from: string, forbidden: readonly string[]): string[] {
  return sourceFiles(join(ROOT, 'shared', from)).flatMap((file) =>
    importsOf(file)
      .filter((target) => forbidden.includes(layerOf(target) ?? ''))
      .map((target) => `${relative(ROOT, file)} → ${target}`),
  );
}

describe('bounded contexts', () => {
  it.each(CONTEXTS)('%s imports no other context (only the kernel and the platform)', (context) => {
    expect(reaches(context, [...CONTEXTS.filter((other) => other !== context), 'wiring'])).toEqual([]);
  });

  it('the kernel imports no context and no wiring', () => {
    expect(reaches('kernel', [...CONTEXTS, 'wiring'])).toEqual([]);
  });

  it('the platform imports nothing above it', () => {
    expect(reaches('platform', [...CONTEXTS, 'kernel', 'wiring'])).toEqual([]);
  });

  it('sees the imports it checks (a reach written either way is caught)', () => {
    // Guards the guard: the parser must see relative and aliased imports of the wiring files.
    const wiring = sourceFiles(join(ROOT, 'shared', 'wiring')).flatMap(importsOf);
    expect(wiring).toContain('shared/ordering/adapters/food-order-adapters.ts');
    expect(wiring.some((target) => layerOf(target) === 'promotion')).toBe(true);
    expect(wiring.some((target) => layerOf(target) === 'dispatch')).toBe(true);
    const handlers = sourceFiles(join(ROOT, 'functions')).flatMap(importsOf);
    expect(handlers).toContain('shared/wiring/festival-wiring.ts');
  });
});

/**
 * Inside a context, hexagonal layers in folders: the domain (entities and rules) imports nothing
 * but itself; ports (the interfaces the use cases need) only the domain; the application (use
 * cases) never an adapter; the HTTP contract (api/) never an adapter; adapters may use them all.
 * Only the wiring and the handlers put adapters and use cases together.
 */
const LAYERS = ['domain', 'ports', 'application', 'api', 'adapters'] as const;
type Layer = (typeof LAYERS)[number];
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  domain: ['domain'],
  ports: ['domain', 'ports'],
  application: ['domain', 'ports', 'application'],
  api: ['domain', 'application', 'api'],
  adapters: ['domain', 'ports', 'application', 'adapters'],
};

describe('layers inside a context', () => {
  it.each(CONTEXTS)('every file of %s lives in one of the layer folders', (context) => {
    const loose = sourceFiles(join(ROOT, 'shared', context))
      .map((file) => relative(join(ROOT, 'shared', context), file))
      .filter((file) => !LAYERS.some((layer) => file.startsWith(`${layer}/`)));
    expect(loose).toEqual([]);
  });

  it.each(CONTEXTS)('%s: each layer imports only the layers below it', (context) => {
    const base = join(ROOT, 'shared', context);
    const wrong = sourceFiles(base).flatMap((file) => {
      const layer = relative(base, file).split('/')[0] as Layer;
      return importsOf(file)
        .filter((target) => target.startsWith(`shared/${context}/`))
        .map((target) => target.split('/')[2] as Layer)
        .filter((targetLayer) => !MAY_IMPORT[layer].includes(targetLayer))
        .map((targetLayer) => `${relative(ROOT, file)} (${layer}) → ${targetLayer}`);
    });
    expect(wrong).toEqual([]);
  });
});
