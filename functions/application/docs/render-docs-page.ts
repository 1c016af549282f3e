/**
 * The docs page: Swagger UI's styles inline, its script (`docs/swagger-ui.js`) and the
 * contract (`openapi.json`) by relative URLs, so the page loads everything from its own
 * origin, under a stage prefix too (`/dev/docs` reads `/dev/openapi.json`).
 *
 * Steps: read Swagger UI's styles (once per instance); put them in the page.
 */
import { readPackagedText } from '#adapters/files/packaged-files';
import { SWAGGER_UI_STYLES } from '#lib/model/routes/docs';

let page: string | undefined;

export function renderDocsPage(): string {
  page ??= [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Hydrant API reference</title>',
    `<style>${readPackagedText(SWAGGER_UI_STYLES)}</style>`,
    '</head>',
    '<body>',
    '<div id="swagger-ui"></div>',
    '<script src="docs/swagger-ui.js"></script>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return page;
}
