import type { z } from 'zod';
import { listServiceRequests as list } from '#application/requests/list-service-requests';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { requestsRoutes } from '#lib/model/routes/requests';
import type { ListServiceRequestsQuery } from '#lib/model/schemas/requests';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** A client user always gets its own client's requests, whatever `clientId` it asks for. */
export async function listServiceRequests({ query, principal }: HttpRequest<unknown, z.infer<typeof ListServiceRequestsQuery>>) {
  return pageResult(await list(caller(principal), query));
}

export const handler = httpRoute(findRoute(requestsRoutes, 'listServiceRequests'), listServiceRequests);
