import { findRoute } from '#lib/model/find-route';
import { docsRoutes } from '#lib/model/routes/docs';
import { readContract } from '#application/docs/read-contract';
import { httpRoute } from '#wiring/http-route';

export const getOpenApi = async () => ({ status: 200, rawBody: { contentType: 'application/json', text: readContract() } });

export const handler = httpRoute(findRoute(docsRoutes, 'getOpenApi'), getOpenApi);
