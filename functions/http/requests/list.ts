import { listServiceRequests as queryRequests } from '#adapters/dynamodb/service-requests-repository';
import { confinedClientId } from '#domain/principal';
import type { RequestStatus } from '#domain/service-requests';
import { findRoute } from '#lib/model/find-route';
import { requestsRoutes } from '#lib/model/routes/requests';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string; status?: RequestStatus; clientId?: string };

/** A client user always gets its own client's requests, whatever `clientId` it asks for. */
export async function listServiceRequests({ query, principal }: HttpRequest<unknown, Query>) {
  const who = caller(principal);
  const confined = confinedClientId(who);
  if (confined && query.clientId && query.clientId !== confined) return pageResult({ items: [], nextCursor: null });
  return pageResult(await queryRequests(who.tenantId, { ...query, clientId: confined ?? query.clientId }));
}

export const handler = httpRoute(findRoute(requestsRoutes, 'listServiceRequests'), listServiceRequests);
