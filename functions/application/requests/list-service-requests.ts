import type { Page } from '#adapters/dynamodb/query-page';
import { listServiceRequests as queryRequests } from '#adapters/dynamodb/service-requests-repository';
import type { PageAsk } from '#application/pages';
import { confinedQuery } from '#application/visible';
import type { Principal } from '#domain/principal';
import type { RequestStatus, ServiceRequest } from '#domain/service-requests';

/** A page of the tenant's service requests. Steps: confine a client user to its own client (another client's: an empty page); query. */
export async function listServiceRequests(who: Principal, query: PageAsk & { status?: RequestStatus; clientId?: string }): Promise<Page<ServiceRequest>> {
  const confined = confinedQuery(who, query);
  return confined ? queryRequests(who.tenantId, confined) : { items: [], nextCursor: null };
}
