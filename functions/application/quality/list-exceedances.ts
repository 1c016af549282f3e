import { listExceedances as queryExceedances } from '#adapters/dynamodb/exceedances-repository';
import { confinedClientId, type Principal } from '#domain/principal';
import type { Exceedance } from '#domain/quality/exceedances';

export interface ExceedanceListQuery {
  readonly siteId?: string;
  readonly parameter?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Lists exceedances, newest start first, a page at a time. Steps:
 *   1. confine a client user to their client's sites, whichever filters they pass (as sites);
 *   2. read the page: of a site when `siteId` is given, else of the client or the tenant;
 *      `parameter` filters, `from`/`to` keep those that overlap `[from, to)` (still open ones included).
 */
export async function listExceedances(who: Principal, query: ExceedanceListQuery): Promise<{ items: Exceedance[]; nextCursor: string | null }> {
  const clientId = confinedClientId(who);
  return queryExceedances(who.tenantId, { ...query, ...(clientId !== undefined ? { clientId } : {}) });
}
