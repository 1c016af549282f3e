/**
 * The house's dependency rule, read from the imports of every source file:
 *
 *   functions/http, functions/workers, functions/auth   (entry points: parse, call one use case, answer)
 *        ↓
 *   functions/application                               (use cases: the steps, one function each)
 *        ↓                       ↓
 *   functions/domain (pure)      functions/adapters (AWS, one module per aggregate or service)
 *
 *   functions/http-stack (the HTTP middleware stack) and functions/platform (what any
 *   Lambda may use) take their stores as ports: only functions/wiring binds adapters to them.
 *
 * A rule broken here is a room in the wrong place, so each test names the offending imports.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sources(relative);
    return relative.endsWith('.ts') && !relative.endsWith('.d.ts') ? [relative] : [];
  });
}

/** The module specifiers a file imports (static imports, re-exports and dynamic `import('…')`). */
export function importsOf(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*'([^']+)'/g)) found.add(match[1] as string);
  for (const match of text.matchAll(/(?:^|\n)\s*import\s*'([^']+)'/g)) found.add(match[1] as string);
  for (const match of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.add(match[1] as string);
  return [...found];
}

/** Where a specifier points, as a path from the root (`#adapters/x` → `functions/adapters/x`); packages as they are. */
function target(file: string, specifier: string): string {
  const aliases: Record<string, string> = {
    '#domain/': 'functions/domain/',
    '#adapters/': 'functions/adapters/',
    '#platform/': 'functions/platform/',
    '#http-stack/': 'functions/http-stack/',
    '#application/': 'functions/application/',
    '#wiring/': 'functions/wiring/',
    '#workers/': 'functions/workers/',
    '#graphql/': 'functions/graphql/',
    '#appsync/': 'functions/appsync/',
    '#lib/': 'lib/',
  };
  for (const [alias, folder] of Object.entries(aliases)) if (specifier.startsWith(alias)) return folder + specifier.slice(alias.length);
  if (specifier.startsWith('.')) return path.join(path.dirname(file), specifier);
  return specifier;
}

/** `file → imported` lines for every file under `from` importing something `forbidden` matches. */
function offending(from: string[], forbidden: (target: string) => boolean): string[] {
  return from.flatMap((dir) =>
    sources(dir).flatMap((file) =>
      importsOf(readFileSync(path.join(ROOT, file), 'utf8'))
        .map((specifier) => target(file, specifier))
        .filter(forbidden)
        .map((imported) => `${file} → ${imported}`),
    ),
  );
}

const under = (...folders: string[]) => (t: string) => folders.some((folder) => t === folder || t.startsWith(`${folder}/`));

describe('the dependency rule', () => {
  it('finds the imports it checks (the reader itself)', () => {
    expect(importsOf("import { a } from '#adapters/x';\nexport { b } from './y';\nconst c = await import('#domain/z');\nimport 'side';").sort()).toEqual(['#adapters/x', '#domain/z', './y', 'side']);
  });

  it('entry points (routes, workers, triggers, WebSocket routes, GraphQL resolvers) reach adapters only through use cases', () => {
    expect(offending(['functions/http', 'functions/workers', 'functions/auth', 'functions/websocket', 'functions/graphql', 'functions/appsync'], under('functions/adapters'))).toEqual([]);
  });

  it('use cases know nothing of HTTP, middy or the Lambda event types', () => {
    expect(offending(['functions/application'], (t) => under('functions/http-stack', 'functions/wiring', 'functions/http')(t) || t === 'aws-lambda' || t.startsWith('@middy/'))).toEqual([]);
  });

  it('the domain is pure: no AWS SDK, no Lambda types, no adapters, no layer above it', () => {
    expect(
      offending(['functions/domain'], (t) => t.startsWith('@aws-sdk/') || t === 'aws-lambda' || under('functions/adapters', 'functions/application', 'functions/platform', 'functions/http-stack', 'functions/http', 'functions/workers')(t)),
    ).toEqual([]);
  });

  it('the platform and the HTTP stack take their stores as ports: no arrow into adapters', () => {
    expect(offending(['functions/platform', 'functions/http-stack'], under('functions/adapters', 'functions/application'))).toEqual([]);
  });

  it('lib/ (the model, the cloud and the local stack) does not reach into the function runtime', () => {
    expect(offending(['lib'], under('functions/platform', 'functions/http-stack', 'functions/wiring'))).toEqual([]);
  });
});

describe('routes are thin', () => {
  it('no route handler is longer than 40 lines', () => {
    const long = sources('functions/http')
      .map((file) => ({ file, lines: readFileSync(path.join(ROOT, file), 'utf8').trimEnd().split('\n').length }))
      .filter(({ lines }) => lines > 40)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
