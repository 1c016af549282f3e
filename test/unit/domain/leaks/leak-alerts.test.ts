/** The leak loop's decisions on a zone's night line: raise once, group repeats, clear, and a second run for the same night. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTOR_PARAMS, detectLeaks, type NightInput } from '#domain/leaks/detector';
import { clearedLeakAlert, decideLeakAlert, leakInvestigation, leakSuspectedEvent, NO_LEAK_STATE, raisedLeakAlert, repeatedLeakAlert, type JudgedNight } from '#domain/leaks/leak-alerts';
import { gaussian, seededRandom } from '#domain/leaks/robust';
import { leakRuleFor, newAlertRule, type AlertRule } from '#domain/alerts/rules';
import { webhookPayloads } from '#lib/model/webhook-payloads';

const DAY = 86_400_000;
const night = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
const judged = (i: number): JudgedNight => ({ night: night(i), windowStart: Date.UTC(2026, 0, 1 + i, 2) });
const NOW = '2026-03-01T06:00:00.000Z';
const zone = { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01', name: 'Croix-Rousse', siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', clientId: null };

/** `n` nights around 20 m³/h with 3 % noise, plus `extra(i)` m³/h. */
function line(n: number, extra: (i: number) => number = () => 0): NightInput[] {
  const random = seededRandom(5);
  return Array.from({ length: n }, (_, i) => ({ night: night(i), minimumNightFlowM3h: 20 * (1 + 0.03 * gaussian(random)) + extra(i) }));
}

/** The line up to night `last` included, judged. */
const upTo = (input: NightInput[], last: number) => detectLeaks(input.slice(0, last + 1), DEFAULT_DETECTOR_PARAMS);

const rule = (fields: Partial<Parameters<typeof newAlertRule>[1]>, id: string): AlertRule =>
  newAlertRule(id, { name: `rule ${id}`, condition: { type: 'leak' }, severity: 'critical', enabled: true, openWorkOrder: true, ...fields }, NOW);

describe('decideLeakAlert', () => {
  const leaking = line(60, (i) => (i >= 40 ? 4 : 0)); // +20 % from night 40

  it('stays quiet on a line without a leak, and raises once the leak is detected', () => {
    expect(decideLeakAlert(NO_LEAK_STATE, upTo(leaking, 39), judged(39))).toEqual({ kind: 'quiet' });
    const raisedOn = Array.from({ length: 20 }, (_, k) => 40 + k).find((i) => decideLeakAlert(NO_LEAK_STATE, upTo(leaking, i), judged(i)).kind === 'raise')!;
    expect(raisedOn - 40).toBeLessThanOrEqual(2);
    const decision = decideLeakAlert(NO_LEAK_STATE, upTo(leaking, raisedOn), judged(raisedOn));
    expect(decision.kind).toBe('raise');
  });

  it('judges a night once: a second run for the same (or an older) night decides nothing', () => {
    const state = { lastNight: night(45), openAlertId: 'A1', version: 3 };
    expect(decideLeakAlert(state, upTo(leaking, 45), judged(45))).toEqual({ kind: 'already-judged' });
    expect(decideLeakAlert(state, upTo(leaking, 44), judged(44))).toEqual({ kind: 'already-judged' });
    expect(decideLeakAlert(state, upTo(leaking, 46), judged(46)).kind).toBe('repeat');
    expect(decideLeakAlert(NO_LEAK_STATE, upTo(leaking, 46), null)).toEqual({ kind: 'already-judged' });
  });

  it('groups the nights of one leak on one alert: figures follow the event, count and lastSeenNight move on', () => {
    const first = decideLeakAlert(NO_LEAK_STATE, upTo(leaking, 43), judged(43));
    if (first.kind !== 'raise') throw new Error(`expected a raise, got ${first.kind}`);
    const alert = raisedLeakAlert('A1', zone, undefined, first.event, judged(43), NOW);
    expect(alert).toMatchObject({ zoneId: zone.id, sensorId: null, kind: null, conditionType: 'leak', ruleId: null, severity: 'major', status: 'active', workOrderRequested: false });
    expect(alert.leak).toMatchObject({ count: 1, lastSeenNight: night(43), clearedNight: null });
    expect(Math.abs(Date.parse(alert.leak!.startNight) - Date.parse(night(40))) / DAY).toBeLessThanOrEqual(1);
    expect(alert.leak!.addedFlowM3h).toBeGreaterThan(3);
    expect(alert.leak!.addedFlowM3h).toBeLessThan(5);
    const [lo, hi] = alert.leak!.addedFlowInterval95M3h;
    expect(lo).toBeLessThan(alert.leak!.addedFlowM3h);
    expect(hi).toBeGreaterThan(alert.leak!.addedFlowM3h);

    const again = decideLeakAlert({ lastNight: night(43), openAlertId: 'A1', version: 1 }, upTo(leaking, 50), judged(50));
    if (again.kind !== 'repeat') throw new Error(`expected a repeat, got ${again.kind}`);
    const repeated = repeatedLeakAlert(alert, zone.name, again.event, judged(50), NOW);
    expect(repeated).toMatchObject({ id: 'A1', version: 2, status: 'active' });
    expect(repeated.leak).toMatchObject({ count: 2, lastSeenNight: night(50), startNight: alert.leak!.startNight });
    expect(repeated.leak!.volumeLostM3).toBeGreaterThan(alert.leak!.volumeLostM3);
  });

  it('clears when the night line returns, with the closed event and the night it returned', () => {
    const repaired = line(90, (i) => (i >= 40 && i < 60 ? 4 : 0));
    const decision = decideLeakAlert({ lastNight: night(59), openAlertId: 'A1', version: 9 }, upTo(repaired, 75), judged(75));
    if (decision.kind !== 'clear') throw new Error(`expected a clear, got ${decision.kind}`);
    expect(decision.event?.outcome).toBe('cleared');
    expect(decision.reason).toMatch(/returned/);
    const open = raisedLeakAlert('A1', zone, undefined, upTo(repaired, 45).active!, judged(45), NOW);
    const cleared = clearedLeakAlert({ ...open, leak: { ...open.leak!, count: 14, lastSeenNight: night(58) } }, decision, judged(75), NOW);
    expect(cleared).toMatchObject({ status: 'cleared', clearedAt: NOW, version: 2 });
    expect(cleared.clearedBy?.reason).toMatch(/returned on/);
    expect(cleared.leak).toMatchObject({ count: 14, lastSeenNight: night(58), clearedNight: decision.event!.clearedNight });
    expect(Math.abs(Date.parse(cleared.leak!.clearedNight!) - Date.parse(night(60))) / DAY).toBeLessThanOrEqual(3);
  });

  it('clears an open alert the detector no longer holds at all', () => {
    expect(decideLeakAlert({ lastNight: night(30), openAlertId: 'A1', version: 2 }, upTo(line(40), 39), judged(39))).toMatchObject({ kind: 'clear', event: null, reason: 'the night line shows no leak' });
  });
});

describe('the leak rule of a zone, and the work order it opens', () => {
  const own = rule({ zoneId: zone.id, severity: 'critical' }, '01JD5Y7Z8M6Q2V3W4X5Y6Z7R03');
  const everyZone = rule({ severity: 'minor', openWorkOrder: false }, '01JD5Y7Z8M6Q2V3W4X5Y6Z7R01');
  const sensorRule = newAlertRule('01JD5Y7Z8M6Q2V3W4X5Y6Z7R00', { name: 'pH', sensorId: 'PH_001', condition: { type: 'threshold', comparison: 'above', value: 9, deadband: 0 }, severity: 'major', enabled: true, openWorkOrder: true }, NOW);

  it("prefers the zone's own rule, then a rule of every zone; ignores disabled and sensor rules", () => {
    expect(leakRuleFor([sensorRule, everyZone, own], zone.id)).toBe(own);
    expect(leakRuleFor([sensorRule, everyZone, own], 'another zone')).toBe(everyZone);
    expect(leakRuleFor([sensorRule, { ...everyZone, enabled: false }], zone.id)).toBeUndefined();
  });

  it('gives the alert its severity and a leak-investigation work order asking for the leak-detection skill', () => {
    const event = upTo(line(60, (i) => (i >= 40 ? 4 : 0)), 50).active!;
    const alert = raisedLeakAlert('A1', zone, own, event, judged(50), NOW);
    expect(alert).toMatchObject({ ruleId: own.id, ruleName: own.name, severity: 'critical', workOrderRequested: true });
    expect(leakInvestigation(alert, zone.name)).toMatchObject({ title: 'Leak investigation: zone Croix-Rousse', type: 'inspection', priority: 'critical', source: 'alert', sourceRef: 'A1', requiredSkills: ['leak-detection'] });
    expect(leakSuspectedEvent('E1', 'acme', alert, NOW)).toEqual({ id: 'E1', type: 'leak.suspected', occurredAt: NOW, tenant: 'acme', data: alert });
  });

  it('matches the contract: the payload examples of leak.suspected and leak.cleared validate, and so does a raised alert', () => {
    for (const payload of webhookPayloads) expect(payload.schema.safeParse(payload.example).success, payload.type).toBe(true);
    const event = upTo(line(60, (i) => (i >= 40 ? 4 : 0)), 50).active!;
    const alert = raisedLeakAlert('01JD5Y7Z8M6Q2V3W4X5Y6Z7M09', zone, own, event, judged(50), NOW);
    const suspected = webhookPayloads.find((p) => p.type === 'leak.suspected')!;
    expect(suspected.schema.safeParse(leakSuspectedEvent('01JD5Y7Z8M6Q2V3W4X5Y6Z7E09', 'acme', alert, NOW)).success).toBe(true);
  });
});
