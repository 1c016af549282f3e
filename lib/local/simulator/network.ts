/**
 * A network scenario for the simulator and `bench:leaks`: one district metered area with
 * an inlet meter and an outlet meter (water passed on to a neighbouring zone), realistic
 * diurnal demand and noise, and optionally a leak that starts on a chosen night at a
 * chosen rate. Pure and deterministic: every hour's values are drawn from a generator
 * seeded by (scenario seed, hour), so any hour can be asked for in any order.
 *
 * What the net inflow is made of, per hour (m³/h):
 *   - household use: `connections × demand per connection`, shaped by the simulator's
 *     diurnal curve (`demand` in ./signals), above a night floor;
 *   - night use: `connections × nightUse L/h`, varied per night (lognormal, more on
 *     Friday and Saturday nights) and per hour (toilet flushes as a Poisson count of 10 L);
 *   - background leakage: `connections × L/h`, with a seasonal swing (±8 %, highest in
 *     winter when the ground moves) and a slow natural rise through the year;
 *   - now and then an odd night: a 1-3 hour draw (fire fighting, flushing a main);
 *   - the leak, from `leak.start` (to `leak.end`), at `leak.rateM3h`;
 *   - meter error: 0.5 % of the reading on each meter; a reading is missing with
 *     probability 1 %, and a meter goes dark for 1-3 days about once a year.
 *
 * The night-to-night noise this gives, and why it is kept as it is. The night's activity
 * (lognormal, σ 0.08-0.2) and the flushes (Poisson) act on the customers' night use, which
 * is 13-55 % of the night flow here (the rest is background leakage), so the minimum night
 * flow varies night to night by (robust spread of the line / its median, as `bench:leaks`
 * measures it on its tuning seeds) 3.0 % at the 10th percentile of zones, 4.7 % at the
 * median and 7.6 % at the 90th: "a few percent", as DMA studies describe it. The night use's
 * own spread matches published DMA data: for DMAs of 596 and 777 users, the hourly user
 * demand at 01:00-05:00 has spread parameters of 0.07-0.21 (IWA Publishing,
 * https://iwaponline.com/view-large/1154811, a table of the Cassino group whose later paper,
 * "Minimum Night Flow Estimation in District Metered Areas", Water 2024, 16(24), 3642, fits
 * the MNF with lognormal and Gumbel laws whose spread falls with the number of users).
 *
 * One simplification to know: the outlet meter passes on a share of this zone's own demand,
 * night use included, so the outlet flow carries this zone's night activity; a neighbour's
 * use is only partly correlated with it in reality. The detector does not use that.
 */
import { gaussian, seededRandom } from '#domain/leaks/robust';
import { wallClock } from '#domain/telemetry/calendar';
import { demand } from './signals';

const HOUR = 3_600_000;

export interface LeakSpec {
  /** Instant the leak starts (a night window start in the bench). */
  readonly start: number;
  /** Instant it is repaired; absent while it runs. */
  readonly end?: number;
  readonly rateM3h: number;
}

export interface NetworkScenario {
  readonly seed: number;
  readonly timezone: string;
  readonly connections: number;
  /** Average daily use per connection, m³ (≈ 2.4 people × 150 L). */
  readonly demandM3PerConnectionPerDay: number;
  /** True legitimate night use, L/connection/h (what the zone's setting tries to capture). */
  readonly nightUseLPerConnectionPerHour: number;
  /** Spread of a night's activity from night to night (lognormal sigma). */
  readonly nightActivitySpread: number;
  /** Background leakage, L/connection/h, at the start of the year. */
  readonly backgroundLeakageLPerConnectionPerHour: number;
  /** Natural rate of rise of background leakage, share per year. */
  readonly leakageRisePerYear: number;
  /** Share of the zone's own demand that also passes through to the neighbour (the outlet meter). */
  readonly passThroughShare: number;
  /** Odd nights (a 1-3 hour extra draw) per year. */
  readonly oddNightsPerYear: number;
  /** Origin of the year's seasonal and rising terms. */
  readonly epoch: number;
  readonly leak?: LeakSpec;
}

/** A zone drawn at random from ranges seen in UK and French DMAs (500-5 000 connections). */
export function randomScenario(seed: number, epoch: number, timezone = 'Europe/London'): NetworkScenario {
  const random = seededRandom(seed * 7919 + 1);
  const between = (a: number, b: number) => a + (b - a) * random();
  return {
    seed,
    timezone,
    connections: Math.round(Math.exp(between(Math.log(500), Math.log(5000)))),
    demandM3PerConnectionPerDay: between(0.3, 0.45),
    nightUseLPerConnectionPerHour: between(1.2, 2.5),
    nightActivitySpread: between(0.08, 0.2),
    backgroundLeakageLPerConnectionPerHour: between(2, 8),
    leakageRisePerYear: between(0, 0.1),
    passThroughShare: between(0, 0.5),
    oddNightsPerYear: between(2, 12),
    epoch,
  };
}

/** A generator for one (scenario, index) pair: values do not depend on the order hours are asked for. */
const streamOf = (seed: number, kind: number, index: number) => seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77) ^ Math.imul(kind, 0xc2b2ae3d)) | 0);

/** Demand shape above its night floor, 0 at night; and its daily mean, to scale daytime use. */
const FLOOR = Math.min(...Array.from({ length: 96 }, (_, i) => demand(i / 4)));
const SHAPE_MEAN = Array.from({ length: 96 }, (_, i) => demand(i / 4) - FLOOR).reduce((s, x) => s + x, 0) / 96;

export interface HourFlows {
  /** Mean inlet flow over the hour, m³/h; null when the reading is missing. */
  readonly inletM3h: number | null;
  readonly outletM3h: number | null;
  /** The true net inflow, without meter error (for the bench's ground truth). */
  readonly trueNetM3h: number;
  /** The leak's part of it. */
  readonly leakM3h: number;
}

/** The leak's flow during the hour starting at `ts`. */
export function leakAt(s: NetworkScenario, ts: number): number {
  return s.leak && ts >= s.leak.start && (s.leak.end === undefined || ts < s.leak.end) ? s.leak.rateM3h : 0;
}

/** The zone's flows over the hour starting at `ts` (floored to the hour). */
export function hourFlows(s: NetworkScenario, ts: number): HourFlows {
  const hourStart = Math.floor(ts / HOUR) * HOUR;
  const hourIndex = Math.floor(hourStart / HOUR);
  const w = wallClock(hourStart, s.timezone);
  const localDay = Math.floor(Date.UTC(w.year, w.month - 1, w.day) / 86_400_000);
  // The night belongs to the evening before it, so a night's activity holds from 18:00 to 06:00.
  const nightIndex = w.hour >= 18 ? localDay : localDay - 1;
  const dayRandom = streamOf(s.seed, 1, localDay);
  const nightRandom = streamOf(s.seed, 2, nightIndex);
  const hourRandom = streamOf(s.seed, 3, hourIndex);
  const years = (hourStart - s.epoch) / (365.25 * 86_400_000);
  const season = Math.cos(2 * Math.PI * years); // 1 at the epoch (winter), -1 in summer

  const hour = w.hour + 0.5;
  const nightUse = s.nightUseLPerConnectionPerHour;
  const dayFactor = Math.exp(0.06 * gaussian(dayRandom)) * (1 - 0.1 * season);
  const daytime = s.connections * ((s.demandM3PerConnectionPerDay - (24 * nightUse) / 1000) * dayFactor) * ((demand(hour) - FLOOR) / SHAPE_MEAN / 24);
  const weekday = new Date(nightIndex * 86_400_000).getUTCDay(); // the evening's weekday
  const weekend = weekday === 5 || weekday === 6 ? 1.3 : 1;
  const nightActivity = Math.exp(s.nightActivitySpread * gaussian(nightRandom)) * weekend;
  const flushesPerHour = (s.connections * nightUse * nightActivity) / 10;
  const nightM3h = (Math.max(0, flushesPerHour + Math.sqrt(flushesPerHour) * gaussian(hourRandom)) * 10) / 1000;
  const background = ((s.connections * s.backgroundLeakageLPerConnectionPerHour) / 1000) * (1 + 0.08 * season) * (1 + s.leakageRisePerYear * years);

  let odd = 0;
  if (nightRandom() < s.oddNightsPerYear / 365) {
    const startHour = Math.floor(nightRandom() * 6); // 00:00-05:00
    const hours = 1 + Math.floor(nightRandom() * 3);
    const size = (0.2 + 0.8 * nightRandom()) * ((s.connections * (nightUse + s.backgroundLeakageLPerConnectionPerHour)) / 1000);
    if (w.hour < 12 && w.hour >= startHour && w.hour < startHour + hours) odd = size;
  }

  const leak = leakAt(s, hourStart);
  const own = daytime + nightM3h + background + odd + leak;
  const passThrough = s.passThroughShare * (daytime + nightM3h) * (1 + 0.05 * gaussian(hourRandom));
  const dark = (meter: number) => {
    const r = streamOf(s.seed, 10 + meter, Math.floor(localDay / 3));
    return r() < 3 / 365;
  };
  const read = (value: number, meter: number) => (hourRandom() < 0.01 || dark(meter) ? null : value * (1 + 0.005 * gaussian(hourRandom)));
  return {
    inletM3h: read(own + passThrough, 0),
    outletM3h: read(passThrough, 1),
    trueNetM3h: own,
    leakM3h: leak,
  };
}

/** Hourly samples of both meters over `[from, to)` in the shape the night-flow domain reads. */
export function hourlySeries(s: NetworkScenario, from: number, to: number, ids = { inlet: 'FLOW_IN', outlet: 'FLOW_OUT' }) {
  const inlet: Array<{ ts: number; value: number }> = [];
  const outlet: Array<{ ts: number; value: number }> = [];
  for (let ts = Math.ceil(from / HOUR) * HOUR; ts < to; ts += HOUR) {
    const f = hourFlows(s, ts);
    if (f.inletM3h !== null) inlet.push({ ts, value: f.inletM3h });
    if (f.outletM3h !== null) outlet.push({ ts, value: f.outletM3h });
  }
  return [
    { sensorId: ids.inlet, intervalMs: HOUR, samples: inlet },
    { sensorId: ids.outlet, intervalMs: HOUR, samples: outlet },
  ];
}

/**
 * The true minimum night flow of the scenario (without meter error), averaged over the
 * given night windows: what a leak's size is a share of (the bench's sizes, the
 * simulator's default leak rate).
 */
export function meanTrueNightFlow(s: NetworkScenario, windows: readonly { readonly start: number; readonly end: number }[]): number {
  const minima = windows.map((w) => {
    let min = Number.POSITIVE_INFINITY;
    for (let t = w.start; t + HOUR <= w.end; t += HOUR) min = Math.min(min, hourFlows(s, t).trueNetM3h);
    return min;
  });
  return minima.reduce((sum, x) => sum + x, 0) / Math.max(1, minima.length);
}
