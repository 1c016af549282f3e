/** Alerts raised by the rules (issue 4, "Alerts"); the rules are in `alert-rules.ts`. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { ALERT_STATUSES } from '#domain/alerts/alerts';
import { CONDITION_TYPES } from '#domain/alerts/rules';
import { alertRuleExample, Kind, SensorId, Severity } from './alert-rules';
import { Id, IsoDateTime, PageQuery, ResourceMeta } from './common';

const Status = lazySchema(() => z.enum(ALERT_STATUSES));

export const ListAlertsQuery = lazySchema(() => PageQuery.extend({
  status: Status.optional(),
  severity: Severity.optional(),
  siteId: Id.optional(),
  sensorId: SensorId.optional(),
}));

export const Alert = lazySchema(() => z
  .object({
    ...ResourceMeta,
    ruleId: Id,
    ruleName: z.string(),
    conditionType: z.enum(CONDITION_TYPES).describe('`transient`: a pressure transient of a burst posted to POST /v1/sensors/{id}/transients'),
    severity: Severity,
    sensorId: SensorId,
    siteId: Id,
    kind: Kind,
    clientId: Id.nullable(),
    status: Status,
    message: z.string(),
    raisedBy: z.object({ ts: IsoDateTime, value: z.number().nullable() }),
    raisedAt: IsoDateTime,
    acknowledgedAt: IsoDateTime.nullable(),
    acknowledgedBy: z.object({ subject: z.string(), username: z.string().nullable() }).nullable(),
    clearedAt: IsoDateTime.nullable(),
    clearedBy: z.object({ ts: IsoDateTime, value: z.number().nullable(), reason: z.string() }).nullable(),
    workOrderRequested: z.boolean(),
  })
  .meta({ id: 'Alert' }));

export const alertExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A11',
  version: 1,
  createdAt: '2026-11-21T09:31:02.000Z',
  updatedAt: '2026-11-21T09:31:02.000Z',
  ruleId: alertRuleExample.id,
  ruleName: alertRuleExample.name,
  conditionType: 'threshold',
  severity: 'major',
  sensorId: 'PH_001',
  siteId: alertRuleExample.siteId,
  kind: 'ph',
  clientId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D',
  status: 'active',
  message: 'pH too high at the plant: PH_001 9.1 is above 8.5',
  raisedBy: { ts: '2026-11-21T09:31:00.000Z', value: 9.1 },
  raisedAt: '2026-11-21T09:31:02.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  clearedAt: null,
  clearedBy: null,
  workOrderRequested: false,
};
