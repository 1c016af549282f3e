import type { Page } from '#adapters/dynamodb/query-page';
import { listTechnicians as queryTechnicians } from '#adapters/dynamodb/technicians-repository';
import type { PageAsk } from '#application/pages';
import type { Principal } from '#domain/principal';
import type { Technician } from '#domain/technicians';

/** A page of the tenant's technicians, filtered by activity and skill. */
export async function listTechnicians(who: Principal, query: PageAsk & { active?: boolean; skill?: string }): Promise<Page<Technician>> {
  return queryTechnicians(who.tenantId, query);
}
