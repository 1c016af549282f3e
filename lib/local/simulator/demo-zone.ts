/**
 * The simulator's network scenario (`npm run simulate -- --network`): the demo district
 * metered area, its inlet and outlet meters, and the history its loggers upload before
 * the live readings: `nights` nights of hourly flows (./network) with, when asked, a leak
 * from a chosen night at a chosen rate. Pure: the simulator posts what this plans.
 */
import { nightWindows } from '#domain/leaks/night-flow';
import type { ZoneSpec } from '#domain/leaks/zones';
import { hourlySeries, meanTrueNightFlow, randomScenario, type NetworkScenario } from './network';

const DAY = 86_400_000;

export const DEMO_ZONE_NAME = 'Secteur centre (simulated DMA)';
export const DEMO_ZONE_METERS = { inlet: 'FLOW_IN_DMA', outlet: 'FLOW_OUT_DMA' } as const;
export const DEMO_ZONE_TIMEZONE = 'Europe/Paris';

export interface DemoZoneOptions {
  readonly seed: number;
  /** Nights of history uploaded before the live readings. */
  readonly nights: number;
  /** The night the leak starts (YYYY-MM-DD, local), or null for none. */
  readonly leakNight: string | null;
  /** The leak's rate, m³/h; null: 20 % of the zone's true night flow. */
  readonly leakRateM3h: number | null;
}

export interface DemoZonePlan {
  readonly scenario: NetworkScenario;
  /** The zone as `POST /v1/zones` takes it, but for its site. */
  readonly zone: Omit<ZoneSpec, 'siteId'>;
  /** The leak as simulated, or null. */
  readonly leak: { readonly night: string; readonly start: number; readonly rateM3h: number } | null;
  /** Hourly readings of both meters over the history, for `POST /v1/telemetry`. */
  readonly history: ReadonlyArray<{ readonly sensorId: string; readonly ts: number; readonly value: number }>;
}

/** Plans the demo zone at `now`: the scenario, the zone, its leak and its history. */
export function planDemoZone(options: DemoZoneOptions, now: number): DemoZonePlan {
  const from = now - options.nights * DAY;
  const base = randomScenario(options.seed, from - 180 * DAY, DEMO_ZONE_TIMEZONE);
  const zone: Omit<ZoneSpec, 'siteId'> = {
    name: DEMO_ZONE_NAME,
    boundary: { type: 'Polygon', coordinates: [[[4.825, 45.752], [4.84, 45.752], [4.84, 45.764], [4.825, 45.764], [4.825, 45.752]]] },
    meters: [
      { sensorId: DEMO_ZONE_METERS.inlet, direction: 'in' },
      { sensorId: DEMO_ZONE_METERS.outlet, direction: 'out' },
    ],
    pressureSensorIds: [],
    serviceConnections: base.connections,
    mainsLengthKm: Math.round((base.connections / 60) * 10) / 10,
    timezone: DEMO_ZONE_TIMEZONE,
    nightWindow: { start: '02:00', end: '04:00' },
    legitimateNightUseLPerConnectionPerHour: 1.7,
  };
  const windows = nightWindows(zone, from - 28 * DAY, now + 2 * DAY);
  const window = options.leakNight === null ? undefined : windows.find((w) => w.night === options.leakNight);
  if (options.leakNight !== null && !window) throw new Error(`--leak-night ${options.leakNight} is not a night between ${windows[0]?.night} and ${windows.at(-1)?.night}`);
  const before = window ? windows.filter((w) => w.end <= window.start).slice(-28) : [];
  const rateM3h = window ? (options.leakRateM3h ?? 0.2 * meanTrueNightFlow(base, before)) : 0;
  const scenario: NetworkScenario = window ? { ...base, leak: { start: window.start, rateM3h } } : base;
  const history = hourlySeries(scenario, from, now, DEMO_ZONE_METERS).flatMap((series) => series.samples.map((s) => ({ sensorId: series.sensorId, ts: s.ts, value: Math.round(s.value * 1000) / 1000 })));
  return { scenario, zone, leak: window ? { night: window.night, start: window.start, rateM3h } : null, history };
}
