/**
 * The docs page's one script: Swagger UI's bundle, then the lines that start it on the
 * contract beside the page (no inline script, so the page's CSP allows scripts of its own
 * origin only; no validator badge, which would call validator.swagger.io).
 *
 * Steps: read the bundle (once per instance); append the start-up.
 */
import { readPackagedText } from '#adapters/files/packaged-files';
import { SWAGGER_UI_SCRIPT } from '#lib/model/routes/docs';

const START = `
;window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  showExtensions: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

let script: string | undefined;

export function readDocsScript(): string {
  script ??= `${readPackagedText(SWAGGER_UI_SCRIPT)}\n${START}`;
  return script;
}
