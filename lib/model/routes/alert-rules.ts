/** Alert rules: thresholds on sensors that raise alerts. */
import { AlertRule, alertRuleExample, CreateAlertRuleBody, ListAlertRulesQuery, UpdateAlertRuleBody } from '../schemas/alert-rules';
import { STAFF_WRITERS } from './access';
import { crudRoutes } from './crud';
import type { RouteDecl } from '../types';

export const alertRulesRoutes: readonly RouteDecl[] = crudRoutes({
  collection: 'alert-rules',
  name: 'AlertRule',
  tag: 'Alerts',
  schema: AlertRule,
  example: alertRuleExample,
  createBody: CreateAlertRuleBody,
  createExample: {
    name: alertRuleExample.name,
    siteId: alertRuleExample.siteId,
    kind: alertRuleExample.kind,
    condition: alertRuleExample.condition,
    severity: alertRuleExample.severity,
  },
  updateBody: UpdateAlertRuleBody,
  updateExample: { enabled: false },
  listQuery: ListAlertRulesQuery,
  readers: ['admin', 'manager', 'technician'],
  writers: STAFF_WRITERS,
});
