/**
 * `npm run generate`: writes the files derived from the app model — openapi.yaml, the
 * batch route's handler map, the Postman collection and the SDK's types. Tests fail when
 * they are stale.
 */
import { writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { stringify } from 'yaml';
import { buildOpenApi } from '#lib/openapi';
import { buildPostmanCollection } from '#lib/postman';
import { appModel } from '#lib/model/index';
import { isBatchable } from '#lib/model/routes/batch';
import { DEMO_API_KEY } from '#lib/local/bootstrap/demo-data';
import { GRAPHQL_SCHEMA } from '#lib/model/graphql/schema';

const GENERATED_HEADER = 'Generated from the app model (lib/model) by `npm run generate`. Do not edit by hand.';

export const GENERATED = {
  'openapi.yaml': () => `# ${GENERATED_HEADER}\n${stringify(buildOpenApi(), { lineWidth: 0, aliasDuplicateObjects: false })}`,
  'functions/wiring/route-handlers.ts': () =>
    [
      `// ${GENERATED_HEADER}`,
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
  'lib/model/graphql/schema.graphql': () => `# ${GENERATED_HEADER}\n${GRAPHQL_SCHEMA}`,
  'docs/hydrant.postman_collection.json': () => `${JSON.stringify(buildPostmanCollection(buildOpenApi(), { baseUrl: 'http://localhost:3000', apiKey: DEMO_API_KEY }), null, 2)}\n`,
} as const;

/** Generated files whose generator is asynchronous (openapi-typescript). */
export const GENERATED_ASYNC = {
  'sdk/src/schema.d.ts': async () => `// ${GENERATED_HEADER}\n${astToString(await openapiTS(buildOpenApi() as unknown as Parameters<typeof openapiTS>[0]))}`,
} as const;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, render] of [...Object.entries(GENERATED), ...Object.entries(GENERATED_ASYNC)]) {
    writeFileSync(new URL(`../${file}`, import.meta.url), await render());
    console.log(`${file} written`);
  }
}
