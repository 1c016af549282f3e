/**
 * Technicians in the application table. Keys (all under the tenant):
 *   item        PK = T#t#TECH#<id>            SK = TECH
 *   all         GSI1PK = T#t#TECHS            GSI1SK = <id>
 *   by user     GSI2PK = T#t#USER#<userId>#TECH  GSI2SK = <id>
 */
import type { Technician } from '#domain/technicians';
import { tenantKey } from './client';
import { entityRepository, listPartition, ownerListIndex, tenantListIndex } from './entity-repository';
import type { Page } from './query-page';

export const technicianKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'TECH', id), SK: 'TECH' });

const technicians = entityRepository<Technician>()({
  entity: 'technician',
  key: technicianKey,
  indexes: {
    all: tenantListIndex('GSI1', 'TECHS'),
    byUser: ownerListIndex<Technician>('GSI2', 'USER', 'TECH', (tech) => tech.userId),
  },
});

export const technicianItem = technicians.item;

export const createTechnician = technicians.create;

export const getTechnician = (tenantId: string, id: string): Promise<Technician | undefined> => technicians.get(tenantId, id);

export async function listTechnicians(tenantId: string, query: { limit: number; cursor?: string; active?: boolean; skill?: string }): Promise<Page<Technician>> {
  return technicians.list(tenantId, 'all', undefined, { limit: query.limit, cursor: query.cursor, where: { equals: { active: query.active }, contains: { skills: query.skill } } });
}

/** The technician profile linked to a user (its Cognito username or sub), if any. */
export async function findTechnicianByUser(tenantId: string, userIds: readonly (string | undefined)[]): Promise<Technician | undefined> {
  for (const userId of userIds) {
    if (!userId) continue;
    const { items } = await listPartition(technicians.partition(tenantId, 'byUser', userId), { limit: 1 }, (item) => item.id as string);
    if (items[0]) return getTechnician(tenantId, items[0]);
  }
  return undefined;
}

/** Replaces a technician if it still has the version it was read at. */
export const updateTechnician = technicians.putVersion;
