import { createAlertRuleIfAbsent } from '#adapters/dynamodb/alert-rules-repository';
import { DEFAULT_ALERT_RULES, defaultRuleId, defaultRuleInput } from '#domain/alerts/default-rules';
import { newAlertRule } from '#domain/alerts/rules';

/**
 * Gives a tenant the default alert rules (`#domain/alerts/default-rules`), for a fresh
 * stack's tenant and whenever a tenant is set up. Steps:
 *   1. build each default rule with its id derived from the tenant and its key;
 *   2. write each one that is not there yet (a rule the tenant tuned or disabled is left
 *      as it is; one it deleted comes back only by provisioning again).
 * Returns how many were written.
 */
export async function provisionDefaultAlertRules(tenantId: string, now = new Date().toISOString()): Promise<number> {
  let written = 0;
  for (const rule of DEFAULT_ALERT_RULES) {
    if (await createAlertRuleIfAbsent(tenantId, newAlertRule(defaultRuleId(tenantId, rule.key), defaultRuleInput(rule), now))) written++;
  }
  return written;
}
