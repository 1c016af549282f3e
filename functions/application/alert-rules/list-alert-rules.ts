import { listAlertRules as queryRules } from '#adapters/dynamodb/alert-rules-repository';
import type { Page } from '#adapters/dynamodb/query-page';
import type { AlertRule } from '#domain/alerts/rules';
import type { Principal } from '#domain/principal';

/** A page of the tenant's alert rules, of one sensor or one site when asked. */
export async function listAlertRules(who: Principal, query: { limit: number; cursor?: string; sensorId?: string; siteId?: string }): Promise<Page<AlertRule>> {
  return queryRules(who.tenantId, query);
}
