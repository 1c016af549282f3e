/**
 * Sites in the application table. Keys (all under the tenant):
 *   item        PK = T#t#SITE#<id>        SK = SITE
 *   all sites   GSI1PK = T#t#SITES        GSI1SK = <id>
 *   by client   GSI2PK = T#t#CLIENT#<c>#SITES  GSI2SK = <id>
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Site } from '#domain/sites';
import { Conflict, NotFound, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { entityRepository, ownerListIndex, tenantListIndex } from './entity-repository';
import type { Page } from './query-page';

export const siteKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'SITE', id), SK: 'SITE' });

export const sites = entityRepository<Site>()({
  entity: 'site',
  key: siteKey,
  indexes: {
    all: tenantListIndex('GSI1', 'SITES'),
    byClient: ownerListIndex<Site>('GSI2', 'CLIENT', 'SITES', (s) => s.clientId),
  },
});

export const siteItem = sites.item;

export const createSite = sites.create;

export const getSite = (tenantId: string, id: string): Promise<Site | undefined> => sites.get(tenantId, id);

export async function listSites(tenantId: string, query: { clientId?: string; limit: number; cursor?: string }): Promise<Page<Site>> {
  return query.clientId !== undefined ? sites.list(tenantId, 'byClient', query.clientId, query) : sites.list(tenantId, 'all', undefined, query);
}

/** Replaces a site if it still has the version it was read at. */
export const putSiteVersion = sites.putVersion;

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
