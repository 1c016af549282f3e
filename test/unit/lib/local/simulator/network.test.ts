/** The simulator's network scenario: deterministic hours, diurnal demand, the leak, and gaps. */
import { describe, expect, it } from 'vitest';
import { nightFlow } from '#domain/leaks/night-flow';
import { hourFlows, hourlySeries, randomScenario } from '#lib/local/simulator/network';

const H = 3_600_000;
const EPOCH = Date.UTC(2026, 0, 1);

describe('network scenario', () => {
  const zone = randomScenario(42, EPOCH, 'Europe/Paris');

  it('gives the same hour whatever order it is asked in', () => {
    const t = EPOCH + 1000 * H;
    const first = hourFlows(zone, t);
    hourFlows(zone, t + 5 * H);
    expect(hourFlows(zone, t + 1234)).toEqual(first);
  });

  it('draws more by day than at night, and the outlet meter passes water on', () => {
    const day = Date.UTC(2026, 4, 12);
    const at = (localHour: number) => hourFlows(zone, day + (localHour - 2) * H).trueNetM3h; // Paris is UTC+2 in May
    expect(at(8)).toBeGreaterThan(2 * at(3));
    expect(at(20)).toBeGreaterThan(2 * at(3));
    const flows = Array.from({ length: 24 }, (_, i) => hourFlows(zone, day + i * H));
    expect(flows.some((f) => f.outletM3h !== null && f.outletM3h > 0) || zone.passThroughShare < 0.01).toBe(true);
  });

  it('adds the leak from its start, and the night flow sees it', () => {
    const start = Date.UTC(2026, 4, 20);
    const leaky = { ...zone, leak: { start, rateM3h: 5 } };
    expect(hourFlows(leaky, start - H).leakM3h).toBe(0);
    expect(hourFlows(leaky, start + H).trueNetM3h - hourFlows(zone, start + H).trueNetM3h).toBeCloseTo(5, 9);
    const from = Date.UTC(2026, 4, 10);
    const to = Date.UTC(2026, 4, 30);
    const spec = {
      name: 'sim',
      boundary: { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
      meters: [
        { sensorId: 'FLOW_IN', direction: 'in' as const },
        { sensorId: 'FLOW_OUT', direction: 'out' as const },
      ],
      pressureSensorIds: [],
      serviceConnections: zone.connections,
      mainsLengthKm: 20,
      timezone: zone.timezone,
      nightWindow: { start: '02:00', end: '04:00' },
      legitimateNightUseLPerConnectionPerHour: 1.7,
    };
    const mean = (rows: ReturnType<typeof nightFlow>) => {
      const v = rows.map((r) => r.minimumNightFlowM3h).filter((x): x is number => x !== null);
      return v.reduce((s, x) => s + x, 0) / v.length;
    };
    const before = nightFlow(spec, hourlySeries(zone, from, to), from, to);
    const after = nightFlow(spec, hourlySeries(leaky, from, to), from, to);
    const split = before.findIndex((r) => r.windowStart >= start);
    expect(mean(after.slice(split)) - mean(before.slice(split))).toBeCloseTo(5, 0);
    expect(mean(after.slice(0, split))).toBeCloseTo(mean(before.slice(0, split)), 6);
  });

  it('misses about 1 % of readings, plus a dark spell now and then', () => {
    const [inlet] = hourlySeries(zone, EPOCH, EPOCH + 365 * 24 * H);
    const missing = 1 - inlet!.samples.length / (365 * 24);
    expect(missing).toBeGreaterThan(0.005);
    expect(missing).toBeLessThan(0.05);
  });
});
