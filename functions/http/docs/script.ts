import { findRoute } from '#lib/model/find-route';
import { docsRoutes } from '#lib/model/routes/docs';
import { readDocsScript } from '#application/docs/read-docs-script';
import { httpRoute } from '#wiring/http-route';

export const getDocsScript = async () => ({ status: 200, rawBody: { contentType: 'text/javascript; charset=utf-8', text: readDocsScript() } });

export const handler = httpRoute(findRoute(docsRoutes, 'getDocsScript'), getDocsScript);
