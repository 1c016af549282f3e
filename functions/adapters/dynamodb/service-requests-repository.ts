/**
 * Service requests in the application table. Keys (all under the tenant):
 *   item        PK = T#t#REQUEST#<id>              SK = REQUEST
 *   all         GSI1PK = T#t#REQUESTS              GSI1SK = <id>
 *   by client   GSI2PK = T#t#CLIENT#<c>#REQUESTS   GSI2SK = <id>
 * Creation writes the `request.created` outbox event in the same transaction.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { RequestStatus, ServiceRequest } from '#domain/service-requests';
import { documentClient, tenantKey } from './client';
import { entityRepository, ownerListIndex, tenantListIndex, type TransactItem } from './entity-repository';
import { outboxPut, type OutboxEvent } from './outbox';
import type { Page } from './query-page';

export const requestKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'REQUEST', id), SK: 'REQUEST' });

const requests = entityRepository<ServiceRequest>()({
  entity: 'service-request',
  key: requestKey,
  indexes: {
    all: tenantListIndex('GSI1', 'REQUESTS'),
    byClient: ownerListIndex<ServiceRequest>('GSI2', 'CLIENT', 'REQUESTS', (r) => r.clientId),
  },
  consistentReads: true,
});

export async function createServiceRequest(tenantId: string, request: ServiceRequest, event: OutboxEvent): Promise<void> {
  await documentClient.send(new TransactWriteCommand({ TransactItems: [requests.transact.create(tenantId, request), outboxPut(tenantId, event)] }));
}

export const getServiceRequest = (tenantId: string, id: string): Promise<ServiceRequest | undefined> => requests.get(tenantId, id);

export async function listServiceRequests(
  tenantId: string,
  query: { clientId?: string; status?: RequestStatus; limit: number; cursor?: string },
): Promise<Page<ServiceRequest>> {
  const shape = { limit: query.limit, cursor: query.cursor, where: { equals: { status: query.status } }, newestFirst: true };
  return query.clientId !== undefined ? requests.list(tenantId, 'byClient', query.clientId, shape) : requests.list(tenantId, 'all', undefined, shape);
}

/** The Put of a request at the version it was read, for a transaction. */
export const requestVersionPut = (tenantId: string, request: ServiceRequest, readVersion: number): TransactItem => requests.transact.putVersion(tenantId, request, readVersion);
