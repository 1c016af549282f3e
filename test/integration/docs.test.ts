/**
 * The docs page as a browser meets it: no key, no token, every script, style and fetch from
 * the API's own origin (nothing from a CDN, so it works offline), and the contract it shows
 * is openapi.yaml exactly.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { apiUrl, call } from '../support/api';

/** Every URL the page's markup and styles name (script/link/img sources, CSS url(...), @import). */
function referencedUrls(html: string): string[] {
  const attributes = [...html.matchAll(/<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1] as string);
  const css = [...html.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/gi)].map((m) => m[1] as string).filter((u) => !u.startsWith('data:'));
  const imports = [...html.matchAll(/@import\s+["']([^"']+)["']/gi)].map((m) => m[1] as string);
  return [...attributes, ...css, ...imports];
}

describe('GET /docs', () => {
  it('serves Swagger UI with no key and no token, loading its script from the same origin under a CSP that allows only that origin', async () => {
    const page = await call('GET', '/docs', { apiKey: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:/);

    const pageUrl = `${apiUrl()}/docs`;
    const urls = referencedUrls(page.body as string);
    expect(urls).toContain('docs/swagger-ui.js');
    for (const url of urls) expect(new URL(url, pageUrl).origin, url).toBe(new URL(apiUrl()).origin);
    for (const url of urls) {
      const res = await fetch(new URL(url, pageUrl));
      expect(res.status, url).toBe(200);
    }
  });

  it("serves the page's script: Swagger UI, started on the contract beside the page, with no outside call (no validator badge)", async () => {
    const script = await call('GET', '/docs/swagger-ui.js', { apiKey: null });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const text = script.body as string;
    expect(text).toContain('SwaggerUIBundle');
    const start = text.slice(text.lastIndexOf('window.ui = SwaggerUIBundle('));
    expect(start).toContain("url: 'openapi.json'");
    expect(start).toContain('validatorUrl: null');
    // Relative to the page, the contract is on the same origin, under a stage prefix too.
    expect(new URL('openapi.json', `${apiUrl()}/docs`).href).toBe(`${apiUrl()}/openapi.json`);
    expect(new URL('openapi.json', 'https://abc123.execute-api.eu-west-1.amazonaws.com/dev/docs').pathname).toBe('/dev/openapi.json');
  });

  it('answers 304 to a revalidation of its script (browsers keep 1.7 MB of Swagger UI)', async () => {
    const first = await fetch(`${apiUrl()}/docs/swagger-ui.js`);
    await first.text();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    const again = await fetch(`${apiUrl()}/docs/swagger-ui.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });
});

describe('GET /openapi.json', () => {
  it('is the generated openapi.yaml, exactly, with every route, its examples, roles and problem codes', async () => {
    const res = await call('GET', '/openapi.json', { apiKey: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const yaml = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
    expect(res.body).toEqual(yaml);
    const getSite = res.body.paths['/v1/sites/{id}'].get;
    expect(getSite['x-roles']).toEqual(['admin', 'manager', 'technician', 'client']);
    expect(getSite['x-problem-codes']['404']).toEqual(['NOT_FOUND']);
    expect(getSite.description).toContain('404 NOT_FOUND');
    expect(getSite.responses['200'].content['application/json'].example).toBeDefined();
  });
});
