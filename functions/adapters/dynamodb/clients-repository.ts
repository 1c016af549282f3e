/**
 * Clients in the application table. Keys (all under the tenant):
 *   item     PK = T#t#CLIENT#<id>   SK = CLIENT
 *   all      GSI1PK = T#t#CLIENTS   GSI1SK = <normalised name>#<id>  (sorted by name)
 * `?search=` queries the tenant's partition with a filter on the normalised
 * `searchText` (name and e-mail): a Query, never a Scan.
 */
import { DeleteCommand, GetCommand, PutCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { clientSearchText, normaliseSearch, type Client } from '#domain/clients';
import { NotFound, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { readPage, type Page } from './query-page';

export const clientKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'CLIENT', id), SK: 'CLIENT' });

const toClient = (item: Record<string, unknown>): Client => {
  const { searchText: _s, ...rest } = withoutKeys<Client & { searchText?: string }>(item);
  return rest;
};

export function clientItem(tenantId: string, client: Client): Record<string, unknown> {
  return {
    ...clientKey(tenantId, client.id),
    entity: 'client',
    GSI1PK: tenantKey(tenantId, 'CLIENTS'),
    GSI1SK: `${normaliseSearch(client.name)}#${client.id}`,
    searchText: clientSearchText(client),
    ...client,
  };
}

export async function createClient(tenantId: string, client: Client): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: clientItem(tenantId, client), ConditionExpression: 'attribute_not_exists(PK)' }));
}

export async function getClient(tenantId: string, id: string): Promise<Client | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: clientKey(tenantId, id) }));
  return out.Item ? toClient(out.Item) : undefined;
}

export async function listClients(tenantId: string, q: { limit: number; cursor?: string; search?: string; status?: string }): Promise<Page<Client>> {
  const pk = tenantKey(tenantId, 'CLIENTS');
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': pk };
  if (q.search) {
    names['#st'] = 'searchText';
    values[':q'] = normaliseSearch(q.search);
    filters.push('contains(#st, :q)');
  }
  if (q.status) {
    names['#status'] = 'status';
    values[':status'] = q.status;
    filters.push('#status = :status');
  }
  const input: QueryCommandInput = {
    TableName: tableName,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
  return readPage({ input, partition: { attribute: 'GSI1PK', value: pk }, limit: q.limit, ...(q.cursor !== undefined ? { cursor: q.cursor } : {}) }, toClient);
}

export async function updateClient(tenantId: string, client: Client, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({ TableName: tableName, Item: clientItem(tenantId, client), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('The client changed while it was being updated; read it again');
    throw error;
  }
}

export async function deleteClient(tenantId: string, id: string, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName, Key: clientKey(tenantId, id), ConditionExpression: 'attribute_exists(PK) AND version = :v', ExpressionAttributeValues: { ':v': readVersion } }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (!(await getClient(tenantId, id))) throw new NotFound('Client', id);
    throw new VersionConflict('The client changed while it was being deleted; read it again');
  }
}
