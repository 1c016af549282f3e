/**
 * `npm run generate`: writes the files derived from the app model —
 * openapi.yaml and the batch route's handler map. Tests fail when they are stale.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { buildOpenApi } from '#lib/openapi';
import { appModel } from '#lib/model/index';
import { isBatchable } from '#lib/model/routes/batch';

export const GENERATED = {
  'openapi.yaml': () =>
    `# Generated from the app model (lib/model) by \`npm run generate\`. Do not edit by hand.\n${stringify(buildOpenApi(), { lineWidth: 0, aliasDuplicateObjects: false })}`,
  'functions/wiring/route-handlers.ts': () =>
    [
      '// Generated from the app model (lib/model) by `npm run generate`. Do not edit by hand.',
      '// Static imports, so esbuild bundles every route a batch may run into the batch function.',
      "import type { Context } from 'aws-lambda';",
      '',
      'type RouteHandler = (event: never, context: Context) => Promise<unknown>;',
      '',
      'export const ROUTE_HANDLERS: Readonly<Record<string, () => Promise<{ handler: RouteHandler }>>> = {',
      ...appModel.routes.filter(isBatchable).map((r) => `  ${r.operationId}: () => import('../${r.handler}'),`),
      '};',
      '',
    ].join('\n'),
} as const;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, render] of Object.entries(GENERATED)) {
    writeFileSync(new URL(`../${file}`, import.meta.url), render());
    console.log(`${file} written`);
  }
}
