/**
 * Sites in the application table. Keys (all under the tenant):
 *   item        PK = T#t#SITE#<id>        SK = SITE
 *   all sites   GSI1PK = T#t#SITES        GSI1SK = <id>
 *   by client   GSI2PK = T#t#CLIENT#<c>#SITES  GSI2SK = <id>
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Site } from '#domain/sites';
import { Conflict, NotFound, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { queryPage, type Page } from './query-page';

export const siteKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'SITE', id), SK: 'SITE' });

export function siteItem(tenantId: string, site: Site): Record<string, unknown> {
  return {
    ...siteKey(tenantId, site.id),
    entity: 'site',
    GSI1PK: tenantKey(tenantId, 'SITES'),
    GSI1SK: site.id,
    ...(site.clientId ? { GSI2PK: tenantKey(tenantId, 'CLIENT', site.clientId, 'SITES'), GSI2SK: site.id } : {}),
    ...site,
  };
}

export async function createSite(tenantId: string, site: Site): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: tableName, Item: siteItem(tenantId, site), ConditionExpression: 'attribute_not_exists(PK)' }),
  );
}

export async function getSite(tenantId: string, id: string): Promise<Site | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: siteKey(tenantId, id) }));
  return out.Item ? withoutKeys<Site>(out.Item) : undefined;
}

export async function listSites(tenantId: string, query: { clientId?: string; limit: number; cursor?: string }): Promise<Page<Site>> {
  const byClient = query.clientId !== undefined;
  return queryPage(
    {
      tableName,
      index: byClient ? 'GSI2' : 'GSI1',
      partitionAttribute: byClient ? 'GSI2PK' : 'GSI1PK',
      partitionValue: byClient ? tenantKey(tenantId, 'CLIENT', query.clientId as string, 'SITES') : tenantKey(tenantId, 'SITES'),
      limit: query.limit,
      cursor: query.cursor,
    },
    (item) => withoutKeys<Site>(item),
  );
}

/** Replaces a site if it still has the version it was read at. */
export async function putSiteVersion(tenantId: string, site: Site, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: siteItem(tenantId, site),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': readVersion },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('The site changed while it was being updated; read it again');
    throw error;
  }
}

/** Deletes a site that has no assets, if it is still at the version read. */
export async function deleteSite(tenantId: string, id: string, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: tableName,
        Key: siteKey(tenantId, id),
        ConditionExpression: 'attribute_exists(PK) AND assetCount = :zero AND version = :v',
        ExpressionAttributeValues: { ':zero': 0, ':v': readVersion },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const old = error.Item ? (unmarshall(error.Item) as Site) : undefined;
    if (!old) throw new NotFound('Site', id);
    if (old.assetCount > 0) throw new Conflict(`The site still has ${old.assetCount} asset(s); delete or move them first`, 'SITE_HAS_ASSETS');
    throw new VersionConflict('The site changed while it was being deleted; read it again');
  }
}
