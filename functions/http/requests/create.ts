/**
 * `POST /v1/requests`. Steps: a site or asset it names must be visible to the caller
 * (400 otherwise, as for one that does not exist); the request belongs to the client user's own client (staff may name
 * one, else the place's); stored `open` with the `request.created` outbox event.
 */
import { ulid } from 'ulid';
import { getAsset } from '#adapters/dynamodb/assets-repository';
import { createServiceRequest as saveRequest } from '#adapters/dynamodb/service-requests-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { canSeeClientData } from '#domain/principal';
import { newServiceRequest, requestClientId, type NewServiceRequest } from '#domain/service-requests';
import { findRoute } from '#lib/model/find-route';
import { requestsRoutes } from '#lib/model/routes/requests';
import { ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function createServiceRequest({ body, principal }: HttpRequest<unknown, unknown, NewServiceRequest>) {
  const who = caller(principal);
  const site = body.siteId ? await getSite(who.tenantId, body.siteId) : undefined;
  if (body.siteId && (!site || !canSeeClientData(who, site.clientId))) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${body.siteId}` }]);
  const asset = body.assetId ? await getAsset(who.tenantId, body.assetId) : undefined;
  if (body.assetId && (!asset || !canSeeClientData(who, asset.clientId))) throw new ValidationFailed('The asset does not exist', [{ path: 'body.assetId', message: `no asset ${body.assetId}` }]);
  if (site && asset && asset.siteId !== site.id) throw new ValidationFailed('The asset is not on that site', [{ path: 'body.assetId', message: 'not on body.siteId' }]);
  const request = newServiceRequest(ulid(), body, requestClientId(who, body, asset?.clientId ?? site?.clientId), who, new Date().toISOString());
  await saveRequest(who.tenantId, request, { id: ulid(), type: 'request.created', occurredAt: request.createdAt, tenant: who.tenantId, data: request });
  return resourceResult(request, 201, { Location: `/v1/requests/${request.id}` });
}

export const handler = httpRoute(findRoute(requestsRoutes, 'createServiceRequest'), createServiceRequest);
