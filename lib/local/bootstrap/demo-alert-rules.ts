/**
 * Demo alert rules of the local stack, so the simulator's anomalies show up as
 * alerts: on every demo site, pH outside 6.5..8.5, chlorine under 0.2 mg/L for five
 * minutes, and pressure anomalies. Written through the rules repository.
 */
import { ulid } from 'ulid';
import type { NewAlertRule } from '#domain/alerts/rules';
import { DEMO_TENANT_ID } from './demo-data';

const RULES: readonly Omit<NewAlertRule, 'siteId'>[] = [
  { name: 'pH above 8.5', kind: 'ph', condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.2 }, severity: 'major', enabled: true, openWorkOrder: false },
  { name: 'pH below 6.5', kind: 'ph', condition: { type: 'threshold', comparison: 'below', value: 6.5, deadband: 0.2 }, severity: 'major', enabled: true, openWorkOrder: false },
  {
    name: 'Chlorine under 0.2 mg/L for 5 minutes',
    kind: 'chlorine',
    condition: { type: 'duration', comparison: 'below', value: 0.2, deadband: 0.05, seconds: 300 },
    severity: 'critical',
    enabled: true,
    openWorkOrder: true,
  },
  { name: 'Pressure anomaly', kind: 'pressure', condition: { type: 'anomaly', k: 3, windowMinutes: 60, minSamples: 10 }, severity: 'minor', enabled: true, openWorkOrder: false },
];

export async function seedDemoAlertRules(siteIds: readonly string[]): Promise<void> {
  const { createAlertRule } = await import('#adapters/dynamodb/alert-rules-repository');
  const { newAlertRule } = await import('#domain/alerts/rules');
  const now = new Date().toISOString();
  for (const siteId of siteIds) {
    for (const rule of RULES) await createAlertRule(DEMO_TENANT_ID, newAlertRule(ulid(), { ...rule, siteId }, now));
  }
}
