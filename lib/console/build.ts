/**
 * Builds the operations console (`console/src`, preact + uPlot) into static files: one JS and
 * one CSS file with content hashes in their names (cached for a year by CloudFront and the
 * browser), and `index.html` naming them (never cached). `config.json` (the API's URL) is not
 * part of the build: the dev server writes it, and the CDK stack writes it at deploy time.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync, type BuildOptions } from 'esbuild';

export const CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));
export const CONSOLE_DIST = join(CONSOLE_DIR, 'dist');

/** What a build wrote, and its sizes. */
export interface ConsoleBuild {
  readonly outDir: string;
  readonly js: string;
  readonly css: string;
  readonly jsBytes: number;
  readonly jsGzipBytes: number;
  readonly cssGzipBytes: number;
}

export const ESBUILD_OPTIONS: BuildOptions = {
  entryPoints: [join(CONSOLE_DIR, 'src/main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  legalComments: 'none',
  metafile: true,
  logLevel: 'silent',
};

/** Builds into `outDir` (emptied first). Synchronous, so a CDK construct can call it during synthesis. */
export function buildConsole(outDir: string = CONSOLE_DIST): ConsoleBuild {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = buildSync({ ...ESBUILD_OPTIONS, outdir: outDir, write: true });
  const outputs = Object.keys(result.metafile!.outputs).map((p) => join(process.cwd(), p));
  const js = outputs.find((p) => p.endsWith('.js'));
  const css = outputs.find((p) => p.endsWith('.css'));
  if (!js || !css) throw new Error(`console build: expected one .js and one .css, got ${outputs.join(', ')}`);
  const name = (p: string) => relative(outDir, p);
  writeFileSync(join(outDir, 'index.html'), indexHtml(name(js), name(css)));
  const jsText = readFileSync(js);
  return {
    outDir,
    js: name(js),
    css: name(css),
    jsBytes: jsText.length,
    jsGzipBytes: gzipSync(jsText, { level: 9 }).length,
    cssGzipBytes: gzipSync(readFileSync(css), { level: 9 }).length,
  };
}

/** The page: no inline script or style, so the CSP can forbid both. */
export function indexHtml(js: string, css: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hydrant</title>
<link rel="stylesheet" href="${css}">
<script type="module" src="${js}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The Hydrant console needs JavaScript.</noscript>
</body>
</html>
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const b = buildConsole();
  console.log(`console built in ${b.outDir}: ${b.js} ${(b.jsGzipBytes / 1024).toFixed(1)} KB gzip, ${b.css} ${(b.cssGzipBytes / 1024).toFixed(1)} KB gzip`);
}
