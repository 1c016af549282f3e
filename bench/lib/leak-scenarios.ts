/**
 * Zone-years for `bench:leaks`: each seed draws a zone (lib/local/simulator/network.ts),
 * a leak size among the sizes studied and a start night, simulates a year of hourly inlet
 * and outlet readings, and runs the domain's night-flow computation on them. The
 * detectors are then scored on the cached night lines.
 */
import { detectLeaks, type DetectorParams, type NightInput } from '#domain/leaks/detector';
import { nightFlow, nightWindows } from '#domain/leaks/night-flow';
import { MAD_TO_SIGMA, mad, median, seededRandom } from '#domain/leaks/robust';
import type { ZoneSpec } from '#domain/leaks/zones';
import { hourlySeries, meanTrueNightFlow, randomScenario, type NetworkScenario } from '#lib/local/simulator/network';

const DAY = 86_400_000;

/** Leak sizes as a share of the zone's night flow; 0 is a year without a leak. */
export const LEAK_SIZES = [0, 0.05, 0.1, 0.2, 0.5] as const;
const TIMEZONES = ['Europe/London', 'Europe/Paris', 'America/New_York'];

export interface ZoneYear {
  readonly seed: number;
  readonly size: number;
  readonly line: NightInput[];
  /** Night index of the leak's first night, or null. */
  readonly leakStart: number | null;
  /** First night index after the repair, or null (runs to the year's end). */
  readonly leakEnd: number | null;
  readonly trueRateM3h: number;
}

/** A year of one seeded zone, with its leak, reduced to the night line. */
export function simulateZoneYear(seed: number, index: number): ZoneYear {
  const epoch = Date.UTC(2026, 0, 1);
  const timezone = TIMEZONES[seed % TIMEZONES.length]!;
  const base = randomScenario(seed, epoch, timezone);
  const size = LEAK_SIZES[index % LEAK_SIZES.length]!;
  const zone: ZoneSpec = {
    name: `bench ${seed}`,
    boundary: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
    meters: [
      { sensorId: 'FLOW_IN', direction: 'in' },
      { sensorId: 'FLOW_OUT', direction: 'out' },
    ],
    pressureSensorIds: [],
    serviceConnections: base.connections,
    mainsLengthKm: base.connections / 60,
    timezone,
    nightWindow: { start: '02:00', end: '04:00' },
    legitimateNightUseLPerConnectionPerHour: 1.7,
  };
  const from = epoch;
  const to = epoch + 365 * DAY;
  const windows = nightWindows(zone, from, to);
  const random = seededRandom(seed * 31 + 17);
  let scenario: NetworkScenario = base;
  let leakStart: number | null = null;
  let leakEnd: number | null = null;
  let trueRate = 0;
  if (size > 0) {
    leakStart = 45 + Math.floor(random() * 256);
    if (random() < 0.5) leakEnd = Math.min(windows.length, leakStart + 30 + Math.floor(random() * 61));
    // The true night flow: the lowest hourly true net inflow in each window, over the 28 nights before the leak.
    trueRate = size * meanTrueNightFlow(base, windows.slice(leakStart - 28, leakStart));
    scenario = {
      ...base,
      leak: { start: windows[leakStart]!.start, ...(leakEnd !== null && leakEnd < windows.length ? { end: windows[leakEnd]!.start } : {}), rateM3h: trueRate },
    };
  }
  const rows = nightFlow(zone, hourlySeries(scenario, from - DAY, to + DAY), from, to);
  return {
    seed,
    size,
    line: rows.map((r) => ({ night: r.night, minimumNightFlowM3h: r.minimumNightFlowM3h, nightDayFactorHours: r.nightDayFactorHours })),
    leakStart,
    leakEnd: leakEnd !== null && leakEnd < windows.length ? leakEnd : null,
    trueRateM3h: trueRate,
  };
}

/** An alarm as the scorer sees it: the night it was raised and, if cleared, the night it cleared. */
export interface Alarm {
  readonly raised: number;
  readonly cleared: number | null;
  /** Added flow estimated on the night it was raised (m³/h), and its 95 % interval. */
  readonly estimate?: { readonly added: number; readonly low: number; readonly high: number };
}

export type Detector = (line: NightInput[]) => Alarm[];

/** The CUSUM detector of the domain, as the bench scores it. */
export function cusumDetector(params: DetectorParams, withEstimates = false): Detector {
  return (line) => {
    const index = new Map(line.map((n, i) => [n.night, i]));
    return detectLeaks(line, params).events.map((e) => {
      const raised = index.get(e.detectedNight)!;
      let estimate: Alarm['estimate'];
      if (withEstimates) {
        // What the alert said on the night it was raised: the detector run up to that night.
        const then = detectLeaks(line.slice(0, raised + 1), params).active!;
        estimate = { added: then.addedFlowM3h, low: then.addedFlowInterval95M3h[0], high: then.addedFlowInterval95M3h[1] };
      }
      return { raised, cleared: e.clearedNight === null ? null : index.get(e.clearedNight)!, ...(estimate ? { estimate } : {}) };
    });
  };
}

/**
 * The baseline: a fixed threshold set at commissioning, `(1 + margin) ×` the median of the
 * year's first 28 nights, raised on any night above it and cleared on a night below.
 */
export function fixedThresholdDetector(margin: number): Detector {
  return (line) => {
    const first = line.slice(0, 28).map((n) => n.minimumNightFlowM3h).filter((x): x is number => x !== null).sort((a, b) => a - b);
    const threshold = (1 + margin) * first[first.length >> 1]!;
    const alarms: Alarm[] = [];
    let open: number | null = null;
    line.forEach((n, i) => {
      if (i < 28 || n.minimumNightFlowM3h === null) return;
      if (open === null && n.minimumNightFlowM3h > threshold) open = i;
      else if (open !== null && n.minimumNightFlowM3h <= threshold) {
        alarms.push({ raised: open, cleared: i });
        open = null;
      }
    });
    if (open !== null) alarms.push({ raised: open, cleared: null });
    return alarms;
  };
}

export interface Score {
  readonly zoneYears: number;
  readonly falseAlarms: number;
  /** Per leak size: leaks, found at all, found within 3 nights, nights to detection. */
  readonly bySize: Map<number, { leaks: number; found: number; within3: number; nights: number[]; ratios: number[]; covered: number; cleared: number; repaired: number }>;
}

/** Scores a detector over zone-years: an alarm raised while a leak runs finds it; any other alarm is false. */
export function score(years: readonly ZoneYear[], detector: Detector): Score {
  const bySize: Score['bySize'] = new Map();
  let falseAlarms = 0;
  for (const y of years) {
    const alarms = detector(y.line);
    const end = y.leakEnd ?? y.line.length;
    let found: Alarm | null = null;
    for (const a of alarms) {
      if (y.leakStart !== null && a.raised >= y.leakStart && a.raised < end && found === null) found = a;
      else falseAlarms++;
    }
    if (y.size === 0) continue;
    const s = bySize.get(y.size) ?? { leaks: 0, found: 0, within3: 0, nights: [], ratios: [], covered: 0, cleared: 0, repaired: 0 };
    bySize.set(y.size, s);
    s.leaks++;
    if (!found) continue;
    const nights = found.raised - y.leakStart! + 1;
    s.found++;
    s.nights.push(nights);
    if (nights <= 3) s.within3++;
    if (found.estimate) {
      s.ratios.push(found.estimate.added / y.trueRateM3h);
      if (found.estimate.low <= y.trueRateM3h && y.trueRateM3h <= found.estimate.high) s.covered++;
    }
    if (y.leakEnd !== null) {
      s.repaired++;
      if (found.cleared !== null && Math.abs(found.cleared - y.leakEnd) <= 2) s.cleared++;
    }
  }
  return { zoneYears: years.length, falseAlarms, bySize };
}

/** Share of leaks of at least 10 % of night flow found within 3 nights. */
export function within3Share(s: Score): number {
  let leaks = 0;
  let within = 0;
  for (const [size, x] of s.bySize) {
    if (size < 0.1) continue;
    leaks += x.leaks;
    within += x.within3;
  }
  return leaks === 0 ? 0 : within / leaks;
}

/**
 * How noisy a zone's night line is before any leak: the robust night-to-night spread
 * (1.4826 × MAD of first differences / √2) as a share of the median night flow.
 */
export function nightNoise(y: ZoneYear): number {
  const before = y.line.slice(0, y.leakStart ?? y.line.length).map((n) => n.minimumNightFlowM3h).filter((x): x is number => x !== null);
  const diffs = before.slice(1).map((x, i) => x - before[i]!);
  return (MAD_TO_SIGMA * mad(diffs)) / Math.SQRT2 / median(before);
}

/** Standard normal upper tail, P(N > x) (Abramowitz & Stegun 7.1.26 through erfc; error < 1.5e-7). */
function upperTail(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-(x * x) / 2);
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** The z a one-sided test must exceed for a tail probability p (bisection on `upperTail`). */
function upperQuantile(p: number): number {
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (upperTail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * What no detector on the night line can beat, approximately: for each leak, a clairvoyant
 * test that knows the zone's baseline and its night-to-night σ (the zone's `nightNoise`,
 * robust, so the odd nights do not count) and that the leak started 3 nights ago, on
 * Gaussian nights, sums those 3 nights and alarms above the level giving one false alarm
 * per 365 nights: P(found) = P(N > q − δ√3), δ = size / noise, q the upper 1/365 quantile.
 * A real detector must also estimate the baseline and σ and does not know when to look.
 */
export function ceiling(years: readonly ZoneYear[]): { share: number; bySize: Array<[number, number]> } {
  const q = upperQuantile(1 / 365);
  const bySize = new Map<number, number[]>();
  for (const y of years) {
    if (y.size === 0) continue;
    const p = upperTail(q - (y.size / nightNoise(y)) * Math.sqrt(3));
    bySize.set(y.size, [...(bySize.get(y.size) ?? []), p]);
  }
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const big = [...bySize].filter(([size]) => size >= 0.1).flatMap(([, ps]) => ps);
  return { share: mean(big), bySize: [...bySize].sort((a, b) => a[0] - b[0]).map(([size, ps]) => [size, mean(ps)]) };
}
