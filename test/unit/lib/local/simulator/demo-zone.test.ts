/** The simulator's network scenario: the demo zone, its history, and a leak the detector finds where it was put. */
import { describe, expect, it } from 'vitest';
import { detectLeaks } from '#domain/leaks/detector';
import { nightFlow } from '#domain/leaks/night-flow';
import { DEMO_ZONE_METERS, planDemoZone } from '#lib/local/simulator/demo-zone';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-30T09:00:00Z');

const seriesOf = (history: ReturnType<typeof planDemoZone>['history'], sensorId: string) => ({
  sensorId,
  intervalMs: HOUR,
  samples: history.filter((r) => r.sensorId === sensorId).map((r) => ({ ts: r.ts, value: r.value })),
});

describe('planDemoZone', () => {
  it('plans a zone with an inlet and an outlet meter and hourly history of both, without a leak unless asked', () => {
    const plan = planDemoZone({ seed: 3, nights: 30, leakNight: null, leakRateM3h: null }, NOW);
    expect(plan.zone.meters).toEqual([
      { sensorId: DEMO_ZONE_METERS.inlet, direction: 'in' },
      { sensorId: DEMO_ZONE_METERS.outlet, direction: 'out' },
    ]);
    expect(plan.leak).toBeNull();
    expect(plan.history.length).toBeGreaterThan(2 * 24 * 30 * 0.9);
    expect(plan.history.length).toBeLessThanOrEqual(2 * 24 * 30);
    expect(plan.history.every((r) => r.ts >= NOW - 30 * DAY && r.ts < NOW)).toBe(true);
    const rows = nightFlow({ ...plan.zone, siteId: undefined }, [seriesOf(plan.history, DEMO_ZONE_METERS.inlet), seriesOf(plan.history, DEMO_ZONE_METERS.outlet)], NOW - 30 * DAY, NOW);
    expect(detectLeaks(rows).active).toBeNull();
  });

  it('starts the leak on the chosen night at the chosen rate: the detector dates and sizes it', () => {
    const plan = planDemoZone({ seed: 3, nights: 42, leakNight: '2026-11-24', leakRateM3h: null }, NOW);
    expect(plan.leak?.night).toBe('2026-11-24');
    const rows = nightFlow({ ...plan.zone, siteId: undefined }, [seriesOf(plan.history, DEMO_ZONE_METERS.inlet), seriesOf(plan.history, DEMO_ZONE_METERS.outlet)], NOW - 42 * DAY, NOW);
    const leak = detectLeaks(rows).active!;
    expect(leak).not.toBeNull();
    expect(Math.abs(Date.parse(leak.startNight) - Date.parse('2026-11-24')) / DAY).toBeLessThanOrEqual(1);
    expect(leak.addedFlowM3h).toBeGreaterThan(plan.leak!.rateM3h * 0.6);
    expect(leak.addedFlowM3h).toBeLessThan(plan.leak!.rateM3h * 1.4);

    const given = planDemoZone({ seed: 3, nights: 42, leakNight: '2026-11-24', leakRateM3h: 12.5 }, NOW);
    expect(given.leak?.rateM3h).toBe(12.5);
    expect(() => planDemoZone({ seed: 3, nights: 42, leakNight: '2027-05-01', leakRateM3h: null }, NOW)).toThrow(/not a night/);
  });
});
