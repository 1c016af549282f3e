import { describe, expect, it } from 'vitest';
import { acknowledgedAlert, alertEvent, canSeeAlert, clearedAlert, raisedAlert } from '#domain/alerts/alerts';
import { evaluateReadings } from '#domain/alerts/evaluate';
import type { Principal } from '#domain/principal';
import { applyAlertRulePatch, newAlertRule, ruleWatches } from '#domain/alerts/rules';

const NOW = '2026-11-21T09:31:02.000Z';
const T = Date.parse('2026-11-21T09:31:00.000Z');
const rule = newAlertRule(
  '01JD5Y7Z8M6Q2V3W4X5Y6Z7R01',
  { name: 'pH high', siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', kind: 'ph', condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.2 }, severity: 'major', enabled: true, openWorkOrder: true },
  NOW,
);
const sensor = { sensorId: 'PH_001', siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', kind: 'ph' as const, clientId: 'ACME' };
const [raise, clear] = evaluateReadings(rule.condition, undefined, [{ ts: T, value: 9.1 }, { ts: T + 60_000, value: 8.2 }], T, () => 'ALERT1').transitions;
const user = (role: Principal['role'], clientId?: string): Principal => ({ kind: 'user', subject: `sub-${role}`, username: `${role}@x`, tenantId: 't', role, scopes: [], ...(clientId ? { clientId } : {}) });

describe('alert lifecycle', () => {
  const alert = raisedAlert(rule, sensor, raise!, NOW);

  it('is raised active, with the reading that raised it and its rule', () => {
    expect(alert).toMatchObject({ id: 'ALERT1', version: 1, status: 'active', ruleId: rule.id, severity: 'major', clientId: 'ACME', raisedBy: { ts: '2026-11-21T09:31:00.000Z', value: 9.1 }, acknowledgedAt: null, clearedAt: null });
    expect(alert.message).toContain('9.1 is above 8.5');
  });

  it('records who acknowledged and when; a cleared alert keeps it', () => {
    const acked = acknowledgedAlert(alert, user('manager'), '2026-11-21T09:35:00.000Z');
    expect(acked).toMatchObject({ status: 'acknowledged', version: 2, acknowledgedAt: '2026-11-21T09:35:00.000Z', acknowledgedBy: { subject: 'sub-manager', username: 'manager@x' } });
    const cleared = clearedAlert(acked, clear!, '2026-11-21T09:40:00.000Z');
    expect(cleared).toMatchObject({ status: 'cleared', version: 3, clearedAt: '2026-11-21T09:40:00.000Z', acknowledgedBy: { subject: 'sub-manager' }, clearedBy: { value: 8.2 } });
  });

  it('is visible to staff and to the client of its site only', () => {
    expect(canSeeAlert(user('technician'), alert)).toBe(true);
    expect(canSeeAlert(user('client', 'ACME'), alert)).toBe(true);
    expect(canSeeAlert(user('client', 'OTHER'), alert)).toBe(false);
    expect(canSeeAlert(user('client'), alert)).toBe(false);
  });

  it('makes the event envelope', () => {
    expect(Object.keys(alertEvent('E1', 'alert.raised', 't', alert, NOW)).sort()).toEqual(['data', 'id', 'occurredAt', 'tenant', 'type']);
  });
});

describe('alert rules', () => {
  it('watch one sensor, or every sensor of a kind at a site', () => {
    expect(ruleWatches(rule, sensor)).toBe(true);
    expect(ruleWatches(rule, { ...sensor, kind: 'chlorine' })).toBe(false);
    expect(ruleWatches(rule, { ...sensor, siteId: 'OTHER' })).toBe(false);
    const one = newAlertRule('R2', { name: 'x', sensorId: 'PH_002', condition: rule.condition, severity: 'minor', enabled: true, openWorkOrder: false }, NOW);
    expect([one.siteId, one.kind]).toEqual([null, null]);
    expect(ruleWatches(one, { ...sensor, sensorId: 'PH_002' })).toBe(true);
    expect(ruleWatches(one, sensor)).toBe(false);
  });

  it('keep their scope when patched, and count versions', () => {
    const patched = applyAlertRulePatch(rule, { severity: 'critical' }, '2026-11-22T00:00:00.000Z');
    expect(patched).toMatchObject({ severity: 'critical', version: 2, siteId: rule.siteId, kind: 'ph', createdAt: NOW });
  });
});
