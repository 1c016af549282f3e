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
import { entityRepository } from './entity-repository';
import type { Page } from './query-page';

const lookupKey = (clientId: string) => ({ PK: `APP_CLIENT#${clientId}`, SK: 'APP_CLIENT' });

const records = entityRepository<AppClientRecord>()({
  entity: 'app-client',
  key: (tenantId, id) => ({ PK: tenantKey(tenantId, 'APP_CLIENT', id), SK: 'APP_CLIENT' }),
  indexes: {
    byKind: {
      name: 'GSI1',
      partition: (t: string, kind: AppClientKind) => tenantKey(t, kind === 'machine' ? 'MACHINE_CLIENTS' : 'PARTNER_APPS'),
      entry: (r) => ({ in: r.kind, sort: `${r.createdAt}#${r.id}` }),
    },
  },
});

export async function createAppClientRecord(tenantId: string, record: AppClientRecord): Promise<void> {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        records.transact.create(tenantId, record),
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

export const getAppClientRecord = (tenantId: string, id: string): Promise<AppClientRecord | undefined> => records.get(tenantId, id);

export const listAppClientRecords = (tenantId: string, kind: AppClientKind, q: { limit: number; cursor?: string }): Promise<Page<AppClientRecord>> =>
  records.list(tenantId, 'byKind', kind, q);

export async function deleteAppClientRecord(tenantId: string, record: AppClientRecord): Promise<void> {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: tableName, Key: records.key(tenantId, record.id) } },
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
