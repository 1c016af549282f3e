import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES, defaultRuleId, defaultRuleInput } from '#domain/alerts/default-rules';
import { newAlertRule, ruleWatches } from '#domain/alerts/rules';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('default alert rules', () => {
  it('cover acoustic noise, chlorine, turbidity, pH and pressure, each with its source', () => {
    expect(new Set(DEFAULT_ALERT_RULES.map((r) => r.kind))).toEqual(new Set(['acoustic', 'chlorine', 'turbidity', 'ph', 'pressure']));
    expect(new Set(DEFAULT_ALERT_RULES.map((r) => r.key)).size).toBe(DEFAULT_ALERT_RULES.length);
    for (const rule of DEFAULT_ALERT_RULES) expect(rule.source.length).toBeGreaterThan(10);
  });

  it('have ids shaped as ULIDs, the same for a tenant and key, different across tenants and keys', () => {
    const id = defaultRuleId('hydrant-demo', 'turbidity-high');
    expect(id).toMatch(ULID);
    expect(defaultRuleId('hydrant-demo', 'turbidity-high')).toBe(id);
    expect(defaultRuleId('other-tenant', 'turbidity-high')).not.toBe(id);
    const ids = DEFAULT_ALERT_RULES.map((r) => defaultRuleId('hydrant-demo', r.key));
    expect(new Set(ids).size).toBe(ids.length);
    for (const other of ids) expect(other).toMatch(ULID);
  });

  it('become rules marked default that watch every sensor of their kind in the tenant', () => {
    const turbidity = DEFAULT_ALERT_RULES.find((r) => r.key === 'turbidity-high')!;
    const rule = newAlertRule(defaultRuleId('t', turbidity.key), defaultRuleInput(turbidity), '2026-12-01T00:00:00.000Z');
    expect(rule).toMatchObject({ default: true, sensorId: null, siteId: null, kind: 'turbidity', enabled: true });
    expect(ruleWatches(rule, { sensorId: 'TURB_1', siteId: 'ANY_SITE', kind: 'turbidity' })).toBe(true);
    expect(ruleWatches(rule, { sensorId: 'PH_1', siteId: 'ANY_SITE', kind: 'ph' })).toBe(false);
  });

  it('a rule written by hand is not a default one', () => {
    const rule = newAlertRule('R', { name: 'x', siteId: 'S', kind: 'ph', condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0 }, severity: 'minor', enabled: true, openWorkOrder: false }, 'now');
    expect(rule.default).toBe(false);
    expect(ruleWatches(rule, { sensorId: 'PH_1', siteId: 'OTHER', kind: 'ph' })).toBe(false);
  });
});
