import { getServiceRequest as loadRequest } from '#adapters/dynamodb/service-requests-repository';
import { visibleOrNotFound } from '#application/visible';
import type { Principal } from '#domain/principal';
import { canSeeRequest, type ServiceRequest } from '#domain/service-requests';

/** A service request. Steps: load it; NotFound when it does not exist or belongs to another client than a client user's. */
export async function getServiceRequest(who: Principal, id: string): Promise<ServiceRequest> {
  return visibleOrNotFound(await loadRequest(who.tenantId, id), (r) => canSeeRequest(who, r), 'Service request', id);
}
