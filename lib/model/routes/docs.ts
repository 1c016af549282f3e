/**
 * The docs page: Swagger UI over the generated contract, self-hosted (no CDN: the page and
 * its script come from the API itself, so it works offline and under a strict CSP).
 * Public and keyless like the health route: a browser opening a link sends no header, and
 * the contract holds nothing a partner may not read before being given a key.
 */
import { OpenApiDocument } from '../schemas/docs';
import { PUBLIC } from './access';
import type { RouteDecl } from '../types';

/** The Swagger UI files the docs functions read at run time (copied beside their bundle in the cloud). */
export const SWAGGER_UI_SCRIPT = 'swagger-ui-dist/swagger-ui-bundle.js';
export const SWAGGER_UI_STYLES = 'swagger-ui-dist/swagger-ui.css';

const common = {
  tag: 'Docs',
  auth: PUBLIC,
  apiKey: false,
  // Changes only with a deployment; the ETag revalidates after that.
  cacheControl: 'public, max-age=300',
} as const;

export const docsRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'getDocsPage',
    method: 'GET',
    path: '/docs',
    summary: 'The API reference: an HTML page (Swagger UI) over GET /openapi.json',
    handler: 'http/docs/page',
    responses: { 200: { description: 'An HTML page; its script and the contract come from the same origin', contentType: 'text/html' } },
    fn: { memoryMb: 256, access: {}, files: [SWAGGER_UI_STYLES] },
  },
  {
    ...common,
    operationId: 'getDocsScript',
    method: 'GET',
    path: '/docs/swagger-ui.js',
    summary: "The docs page's script: Swagger UI and the lines that start it on /openapi.json",
    handler: 'http/docs/script',
    responses: { 200: { description: 'JavaScript', contentType: 'text/javascript' } },
    fn: { memoryMb: 256, access: {}, files: [SWAGGER_UI_SCRIPT] },
  },
  {
    ...common,
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/openapi.json',
    summary: 'The contract: this OpenAPI 3.1 document, as openapi.yaml holds it, in JSON',
    handler: 'http/docs/openapi',
    responses: {
      200: {
        description: 'The OpenAPI document',
        contentType: 'application/json',
        schema: OpenApiDocument,
        example: { openapi: '3.1.0', info: { title: 'Hydrant API', version: '1.0.0' }, paths: { '/v1/health': { get: { operationId: 'getHealth' } } }, components: { schemas: {} } },
      },
    },
    // Built from the model once per instance: the zod schemas of every route.
    fn: { memoryMb: 512, access: {} },
  },
];
