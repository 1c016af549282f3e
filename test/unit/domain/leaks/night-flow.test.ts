/** Minimum night flow per local night: net inflow, completeness, DST nights, night-day factor. */
import { describe, expect, it } from 'vitest';
import { nightFlow, nightWindows, type SensorSeries } from '#domain/leaks/night-flow';
import type { ZoneSpec } from '#domain/leaks/zones';

const H = 3_600_000;

const zone: ZoneSpec = {
  name: 'Z',
  boundary: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
  meters: [
    { sensorId: 'IN', direction: 'in' },
    { sensorId: 'OUT', direction: 'out' },
  ],
  pressureSensorIds: [],
  serviceConnections: 2000,
  mainsLengthKm: 30,
  timezone: 'UTC',
  nightWindow: { start: '02:00', end: '04:00' },
  legitimateNightUseLPerConnectionPerHour: 1.7,
};

/** Hourly samples from `from` for `hours` hours, value given by the hour index. */
const hourly = (sensorId: string, from: number, hours: number, value: (i: number, ts: number) => number | undefined): SensorSeries => ({
  sensorId,
  intervalMs: H,
  samples: Array.from({ length: hours }, (_, i) => ({ ts: from + i * H, value: value(i, from + i * H)! })).filter((s) => s.value !== undefined),
});

describe('nightFlow', () => {
  const day = Date.UTC(2026, 5, 1);

  it('takes the lowest hourly mean of in minus out within the window', () => {
    // In: 20 at 02h, 14 at 03h; out: 2 at both. Net 18 then 12: the minimum is 12 at 03h.
    const inflow = hourly('IN', day, 24, (i) => (i === 2 ? 20 : i === 3 ? 14 : 50));
    const outflow = hourly('OUT', day, 24, () => 2);
    const [row] = nightFlow(zone, [inflow, outflow], day, day + 24 * H);
    expect(row).toMatchObject({
      night: '2026-06-01',
      minimumNightFlowM3h: 12,
      minimumAt: day + 3 * H,
      legitimateNightUseM3h: 3.4,
      nightDayFactorHours: 24,
      nightDayFactorBasis: 'assumed_24h',
      status: 'ok',
      meters: [
        { sensorId: 'IN', completeness: 1 },
        { sensorId: 'OUT', completeness: 1 },
      ],
    });
    expect(row!.estimatedLeakageM3h).toBeCloseTo(8.6, 10);
    expect(row!.estimatedLeakageM3PerDay).toBeCloseTo(8.6 * 24, 10);
  });

  it('averages finer samples into hourly means before taking the minimum', () => {
    const q = 900_000;
    const inflow: SensorSeries = { sensorId: 'IN', intervalMs: q, samples: Array.from({ length: 96 }, (_, i) => ({ ts: day + i * q, value: i >= 8 && i < 12 ? [10, 2, 30, 10][i - 8]! : 40 })) };
    const outflow = hourly('OUT', day, 24, () => 0);
    // 02h-03h: mean of 10, 2, 30, 10 = 13 (a single low quarter-hour is not the minimum).
    expect(nightFlow(zone, [inflow, outflow], day, day + 24 * H)[0]!.minimumNightFlowM3h).toBe(13);
  });

  it('says insufficient_data when a meter misses part of the window, and reports its completeness', () => {
    const inflow = hourly('IN', day, 24, (i) => (i === 3 ? undefined : 10));
    const outflow = hourly('OUT', day, 24, () => 1);
    const [row] = nightFlow(zone, [inflow, outflow], day, day + 24 * H);
    expect(row).toMatchObject({ status: 'insufficient_data', minimumNightFlowM3h: null, estimatedLeakageM3h: null });
    expect(row!.meters).toEqual([
      { sensorId: 'IN', completeness: 0.5 },
      { sensorId: 'OUT', completeness: 1 },
    ]);
    expect(nightFlow(zone, [inflow], day, day + 24 * H)[0]!.meters[1]).toEqual({ sensorId: 'OUT', completeness: 0 });
  });

  it('scales the daily volume by the pressure night-day factor when pressures are known', () => {
    const inflow = hourly('IN', day, 24, () => 10);
    const pressure = hourly('P1', day, 24, (i) => (i >= 2 && i < 4 ? 50 : 35));
    const [row] = nightFlow({ ...zone, averagePressureM: 40 }, [inflow, hourly('OUT', day, 24, () => 0)], day, day + 24 * H, [pressure]);
    expect(row!.nightPressureM).toBe(50);
    expect(row!.nightDayFactorBasis).toBe('pressure');
    expect(row!.nightDayFactorHours).toBeCloseTo(19.2, 10);
    expect(row!.estimatedLeakageM3PerDay).toBeCloseTo((10 - 3.4) * 19.2, 10);
  });
});

describe('nightWindows in a time zone with DST', () => {
  const paris = { timezone: 'Europe/Paris', nightWindow: { start: '02:00', end: '04:00' } };

  it('gives a 1-hour window on the spring-forward night and a 3-hour one on the fall-back night', () => {
    const spring = nightWindows(paris, Date.UTC(2026, 2, 28, 12), Date.UTC(2026, 2, 30, 12));
    expect(spring.map((w) => [w.night, (w.end - w.start) / H])).toEqual([
      ['2026-03-29', 1],
      ['2026-03-30', 2],
    ]);
    expect(spring[0]!.start).toBe(Date.UTC(2026, 2, 29, 1)); // 03:00 CEST, the instant the clock jumps
    const autumn = nightWindows(paris, Date.UTC(2026, 9, 24, 12), Date.UTC(2026, 9, 25, 12));
    expect(autumn).toEqual([{ night: '2026-10-25', start: Date.UTC(2026, 9, 25, 0), end: Date.UTC(2026, 9, 25, 3) }]);
  });

  it('labels a window that crosses midnight by the date it starts', () => {
    const w = nightWindows({ timezone: 'Europe/Paris', nightWindow: { start: '23:00', end: '01:00' } }, Date.UTC(2026, 5, 1), Date.UTC(2026, 5, 3));
    expect(w.map((x) => x.night)).toEqual(['2026-06-01', '2026-06-02']);
    expect(w[0]).toMatchObject({ start: Date.UTC(2026, 5, 1, 21), end: Date.UTC(2026, 5, 1, 23) });
  });

  it('finds the minimum over the three slots of a fall-back night', () => {
    const from = Date.UTC(2026, 9, 24, 12);
    const inflow = hourly('IN', from, 24, (_, ts) => (ts === Date.UTC(2026, 9, 25, 2) ? 7 : 9));
    const rows = nightFlow({ ...zone, ...paris }, [inflow, hourly('OUT', from, 24, () => 0)], from, from + 24 * H);
    expect(rows[0]).toMatchObject({ night: '2026-10-25', minimumNightFlowM3h: 7, minimumAt: Date.UTC(2026, 9, 25, 2), status: 'ok' });
  });
});
