import { ulid } from 'ulid';
import { createSite as saveSite } from '#adapters/dynamodb/sites-repository';
import type { Principal } from '#domain/principal';
import { newSite, type NewSite, type Site } from '#domain/sites';

/**
 * Creates a site. Steps:
 *   1. build the site (a fresh id, version 1, no assets yet);
 *   2. save it in the caller's tenant.
 */
export async function createSite(who: Principal, fields: NewSite): Promise<Site> {
  const site = newSite(ulid(), fields, new Date().toISOString());
  await saveSite(who.tenantId, site);
  return site;
}
