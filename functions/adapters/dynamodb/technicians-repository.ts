/**
 * Technicians in the application table. Keys (all under the tenant):
 *   item        PK = T#t#TECH#<id>            SK = TECH
 *   all         GSI1PK = T#t#TECHS            GSI1SK = <id>
 *   by user     GSI2PK = T#t#USER#<userId>#TECH  GSI2SK = <id>
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Technician } from '#domain/technicians';
import { VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { readPage, type Page } from './query-page';

export const technicianKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'TECH', id), SK: 'TECH' });

export function technicianItem(tenantId: string, technician: Technician): Record<string, unknown> {
  return {
    ...technicianKey(tenantId, technician.id),
    entity: 'technician',
    GSI1PK: tenantKey(tenantId, 'TECHS'),
    GSI1SK: technician.id,
    ...(technician.userId ? { GSI2PK: tenantKey(tenantId, 'USER', technician.userId, 'TECH'), GSI2SK: technician.id } : {}),
    ...technician,
  };
}

export async function createTechnician(tenantId: string, technician: Technician): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: tableName, Item: technicianItem(tenantId, technician), ConditionExpression: 'attribute_not_exists(PK)' }),
  );
}

export async function getTechnician(tenantId: string, id: string): Promise<Technician | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: technicianKey(tenantId, id) }));
  return out.Item ? withoutKeys<Technician>(out.Item) : undefined;
}

export async function listTechnicians(tenantId: string, query: { limit: number; cursor?: string; active?: boolean; skill?: string }): Promise<Page<Technician>> {
  const pk = tenantKey(tenantId, 'TECHS');
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': pk };
  if (query.active !== undefined) {
    names['#active'] = 'active';
    values[':active'] = query.active;
    filters.push('#active = :active');
  }
  if (query.skill !== undefined) {
    names['#skills'] = 'skills';
    values[':skill'] = query.skill;
    filters.push('contains(#skills, :skill)');
  }
  return readPage(
    {
      input: {
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
      partition: { attribute: 'GSI1PK', value: pk },
      limit: query.limit,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    },
    (item) => withoutKeys<Technician>(item),
  );
}

/** The technician profile linked to a user (its Cognito username or sub), if any. */
export async function findTechnicianByUser(tenantId: string, userIds: readonly (string | undefined)[]): Promise<Technician | undefined> {
  for (const userId of userIds) {
    if (!userId) continue;
    const out = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': tenantKey(tenantId, 'USER', userId, 'TECH') },
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    if (item) return getTechnician(tenantId, item.id as string);
  }
  return undefined;
}

/** Replaces a technician if it still has the version it was read at. */
export async function updateTechnician(tenantId: string, technician: Technician, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: technicianItem(tenantId, technician),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': readVersion },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('The technician changed while it was being updated; read it again');
    throw error;
  }
}
