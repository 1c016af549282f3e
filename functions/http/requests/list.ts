import type { z } from 'zod';
import { listServiceRequests as list } from '#application/requests/list-service-requests';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { serviceRequestRoutes } from '#lib/model/routes/service-requests';
import type { ListServiceRequestsQuery } from '#lib/model/schemas/service-requests';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** A client user always gets its own client's requests, whatever `clientId` it asks for. */
export async function listServiceRequests({ query, principal }: HttpRequest<unknown, z.infer<typeof ListServiceRequestsQuery>>) {
  return pageResult(await list(caller(principal), query));
}

export const handler = httpRoute(findRoute(serviceRequestRoutes, 'listServiceRequests'), listServiceRequests);
