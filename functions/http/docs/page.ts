import { findRoute } from '#lib/model/find-route';
import { docsRoutes } from '#lib/model/routes/docs';
import { renderDocsPage } from '#application/docs/render-docs-page';
import { httpRoute } from '#wiring/http-route';

/**
 * The page's own policy instead of the API's `default-src 'none'`: scripts and the contract from
 * this origin only; inline styles, which Swagger UI sets on its elements; its icons as data: URLs.
 */
export const DOCS_PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const getDocsPage = async () => ({
  status: 200,
  rawBody: { contentType: 'text/html; charset=utf-8', text: renderDocsPage() },
  headers: { 'Content-Security-Policy': DOCS_PAGE_POLICY },
});

export const handler = httpRoute(findRoute(docsRoutes, 'getDocsPage'), getDocsPage);
