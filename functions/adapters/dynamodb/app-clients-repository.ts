/**
 * Machine clients and partner apps in the application table. Keys:
 *   record   PK = T#t#APP_CLIENT#<id>      SK = APP_CLIENT
 *   by kind  GSI1PK = T#t#MACHINE_CLIENTS | T#t#PARTNER_APPS   GSI1SK = <createdAt>#<id>
 *   lookup   PK = APP_CLIENT#<clientId>    SK = APP_CLIENT   (tenantId, id)
 * The lookup item is a directory by Cognito client id (unique across pools, like sensor
 * codes): the pre-token-generation trigger reads it with one GetItem to put the tenant
 * into a machine token. Both items are written and deleted in one transaction.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AppClientKind, AppClientRecord } from '#domain/identity';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { queryPage, type Page } from './query-page';

const recordKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'APP_CLIENT', id), SK: 'APP_CLIENT' });
const lookupKey = (clientId: string) => ({ PK: `APP_CLIENT#${clientId}`, SK: 'APP_CLIENT' });
const listKey = (tenantId: string, kind: AppClientKind) => tenantKey(tenantId, kind === 'machine' ? 'MACHINE_CLIENTS' : 'PARTNER_APPS');

const toRecord = (item: Record<string, unknown>): AppClientRecord => withoutKeys<AppClientRecord>(item);

export async function createAppClientRecord(tenantId: string, record: AppClientRecord): Promise<void> {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { ...recordKey(tenantId, record.id), entity: 'app-client', GSI1PK: listKey(tenantId, record.kind), GSI1SK: `${record.createdAt}#${record.id}`, ...record },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { ...lookupKey(record.clientId), entity: 'app-client-directory', tenantId, id: record.id, kind: record.kind },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
    }),
  );
}

export async function getAppClientRecord(tenantId: string, id: string): Promise<AppClientRecord | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: recordKey(tenantId, id) }));
  return out.Item ? toRecord(out.Item) : undefined;
}

export async function listAppClientRecords(tenantId: string, kind: AppClientKind, q: { limit: number; cursor?: string }): Promise<Page<AppClientRecord>> {
  return queryPage({ tableName, index: 'GSI1', partitionAttribute: 'GSI1PK', partitionValue: listKey(tenantId, kind), limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) }, toRecord);
}

export async function deleteAppClientRecord(tenantId: string, record: AppClientRecord): Promise<void> {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: tableName, Key: recordKey(tenantId, record.id) } },
        { Delete: { TableName: tableName, Key: lookupKey(record.clientId) } },
      ],
    }),
  );
}

/** The tenant of a Cognito app client registered through Hydrant, or undefined. */
export async function tenantOfAppClient(clientId: string): Promise<string | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: lookupKey(clientId) }));
  return typeof out.Item?.tenantId === 'string' ? out.Item.tenantId : undefined;
}
