/**
 * Files a service request. Steps:
 *   1. a site or asset it names must exist and be visible to the caller (400 otherwise,
 *      the same for one of another client), and the asset be on the site;
 *   2. the request belongs to the client user's own client (staff may name one, else the place's);
 *   3. stored `open` with its `request.created` outbox event.
 */
import { ulid } from 'ulid';
import { getAsset } from '#adapters/dynamodb/assets-repository';
import { createServiceRequest as saveRequest } from '#adapters/dynamodb/service-requests-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { canSeeClientData, type Principal } from '#domain/principal';
import { newServiceRequest, requestClientId, requestCreatedEvent, type NewServiceRequest, type ServiceRequest } from '#domain/service-requests';
import { ValidationFailed } from '#platform/errors';

export async function createServiceRequest(who: Principal, input: NewServiceRequest): Promise<ServiceRequest> {
  const site = input.siteId ? await getSite(who.tenantId, input.siteId) : undefined;
  if (input.siteId && (!site || !canSeeClientData(who, site.clientId))) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${input.siteId}` }]);
  const asset = input.assetId ? await getAsset(who.tenantId, input.assetId) : undefined;
  if (input.assetId && (!asset || !canSeeClientData(who, asset.clientId))) throw new ValidationFailed('The asset does not exist', [{ path: 'body.assetId', message: `no asset ${input.assetId}` }]);
  if (site && asset && asset.siteId !== site.id) throw new ValidationFailed('The asset is not on that site', [{ path: 'body.assetId', message: 'not on body.siteId' }]);
  const request = newServiceRequest(ulid(), input, requestClientId(who, input, asset?.clientId ?? site?.clientId), who, new Date().toISOString());
  await saveRequest(who.tenantId, request, requestCreatedEvent(ulid(), who.tenantId, request, request.createdAt));
  return request;
}
