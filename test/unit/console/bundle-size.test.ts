/**
 * The console's bundle-size budget: a production build of console/src must stay under
 * 120 KB of gzipped JavaScript (preact, uPlot, the SDK and the pages) and one small CSS file.
 * The figures are printed, so CI logs show the trend.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConsole } from '#lib/console/build';

export const JS_BUDGET_GZIP_BYTES = 120 * 1024;
export const CSS_BUDGET_GZIP_BYTES = 10 * 1024;

describe('the console bundle', () => {
  const build = buildConsole(mkdtempSync(join(tmpdir(), 'console-budget-')));

  it(`stays under ${JS_BUDGET_GZIP_BYTES / 1024} KB of gzipped JavaScript`, () => {
    console.log(`[console] bundle: ${build.js} ${(build.jsBytes / 1024).toFixed(1)} KB, ${(build.jsGzipBytes / 1024).toFixed(1)} KB gzip; ${build.css} ${(build.cssGzipBytes / 1024).toFixed(1)} KB gzip`);
    expect(build.jsGzipBytes).toBeGreaterThan(10 * 1024);
    expect(build.jsGzipBytes).toBeLessThan(JS_BUDGET_GZIP_BYTES);
    expect(build.cssGzipBytes).toBeLessThan(CSS_BUDGET_GZIP_BYTES);
  });

  it('writes one JS and one CSS file with content hashes, named by index.html, with no inline script or style', () => {
    const files = readdirSync(build.outDir).sort();
    expect(files).toEqual(['index.html', build.css, build.js].sort());
    expect(build.js).toMatch(/^main-[A-Z0-9]{8}\.js$/);
    expect(build.css).toMatch(/^main-[A-Z0-9]{8}\.css$/);
    const html = readFileSync(join(build.outDir, 'index.html'), 'utf8');
    expect(html).toContain(`src="${build.js}"`);
    expect(html).toContain(`href="${build.css}"`);
    expect(html).not.toMatch(/<script>|<style|style="/);
  });

  it('leaves the server-side domain (and zod) out of the browser bundle', () => {
    const js = readFileSync(join(build.outDir, build.js), 'utf8');
    expect(js).not.toContain('zod');
    expect(js).toContain('in_progress');
  });
});
