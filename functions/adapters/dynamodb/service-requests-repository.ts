/**
 * Service requests in the application table. Keys (all under the tenant):
 *   item        PK = T#t#REQUEST#<id>              SK = REQUEST
 *   all         GSI1PK = T#t#REQUESTS              GSI1SK = <id>
 *   by client   GSI2PK = T#t#CLIENT#<c>#REQUESTS   GSI2SK = <id>
 * Creation writes the `request.created` outbox event in the same transaction.
 */
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RequestStatus, ServiceRequest } from '#domain/service-requests';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { outboxPut, type OutboxEvent } from './outbox';
import { queryPage, type Page } from './query-page';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const requestKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'REQUEST', id), SK: 'REQUEST' });

function requestItem(tenantId: string, request: ServiceRequest): Record<string, unknown> {
  return {
    ...requestKey(tenantId, request.id),
    entity: 'service-request',
    GSI1PK: tenantKey(tenantId, 'REQUESTS'),
    GSI1SK: request.id,
    ...(request.clientId ? { GSI2PK: tenantKey(tenantId, 'CLIENT', request.clientId, 'REQUESTS'), GSI2SK: request.id } : {}),
    ...request,
  };
}

export async function createServiceRequest(tenantId: string, request: ServiceRequest, event: OutboxEvent): Promise<void> {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName, Item: requestItem(tenantId, request), ConditionExpression: 'attribute_not_exists(PK)' } },
        outboxPut(tenantId, event),
      ],
    }),
  );
}

export async function getServiceRequest(tenantId: string, id: string): Promise<ServiceRequest | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: requestKey(tenantId, id), ConsistentRead: true }));
  return out.Item ? withoutKeys<ServiceRequest>(out.Item) : undefined;
}

export async function listServiceRequests(
  tenantId: string,
  query: { clientId?: string; status?: RequestStatus; limit: number; cursor?: string },
): Promise<Page<ServiceRequest>> {
  const byClient = query.clientId !== undefined;
  return queryPage(
    {
      tableName,
      index: byClient ? 'GSI2' : 'GSI1',
      partitionAttribute: byClient ? 'GSI2PK' : 'GSI1PK',
      partitionValue: byClient ? tenantKey(tenantId, 'CLIENT', query.clientId as string, 'REQUESTS') : tenantKey(tenantId, 'REQUESTS'),
      limit: query.limit,
      cursor: query.cursor,
      filters: { status: query.status },
      newestFirst: true,
    },
    (item) => withoutKeys<ServiceRequest>(item),
  );
}

/** The Put of a request at the version it was read, for a transaction. */
export function requestVersionPut(tenantId: string, request: ServiceRequest, readVersion: number): TransactItem {
  return {
    Put: { TableName: tableName, Item: requestItem(tenantId, request), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } },
  };
}
