/** `npm run openapi`: writes openapi.yaml from the app model. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { buildOpenApi } from '#lib/openapi';

export const renderOpenApi = (): string =>
  `# Generated from the app model (lib/model) by \`npm run openapi\`. Do not edit by hand.\n${stringify(buildOpenApi(), { lineWidth: 0, aliasDuplicateObjects: false })}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../openapi.yaml', import.meta.url), renderOpenApi());
  console.log('openapi.yaml written');
}
