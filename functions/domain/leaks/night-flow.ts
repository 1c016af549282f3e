/**
 * Minimum night flow (MNF): in the small hours almost nobody draws water, so what still
 * flows into a zone is mostly leakage. Per local night of the zone:
 *
 *   net inflow(t)          = Σ in meters − Σ out meters                      (m³/h)
 *   minimumNightFlowM3h    = the lowest hourly mean of net inflow within the night window
 *   legitimateNightUseM3h  = serviceConnections × L/connection/h ÷ 1000
 *   estimatedLeakageM3h    = max(0, MNF − legitimate night use)
 *   estimatedLeakageM3PerDay = estimatedLeakageM3h × night-day factor (hours)
 *
 * The night-day factor: leakage is pressure dependent and night pressure is the day's
 * highest, so 24 h × the night rate overstates the daily volume. With FAVAD (Lambert
 * 2001, "What do we know about pressure:leakage relationships in distribution systems?",
 * IWA), leak flow ∝ P^N1; with the zone's average pressure and the measured night
 * pressure, NDF = 24 × (average / night)^N1, N1 = 1 (Lambert's default for large systems
 * of mixed materials). Without both pressures NDF = 24 h, an upper bound for a
 * gravity-fed zone, and the row says so (`nightDayFactorBasis`).
 *
 * Nights are labelled by the local date on which their window starts and follow the
 * zone's IANA time zone through DST changes (the 02:00-04:00 window lasts 1 hour on a
 * spring-forward night in Europe and 3 on a fall-back night). Hourly slots run from the
 * window start; a sample (the mean rate over `[ts, ts + intervalMs)`, e.g. an hourly
 * rollup) belongs to the slot holding its midpoint.
 */
import { localToUtc, wallClock } from '#domain/telemetry/calendar';
import { minutesOfDay, type ZoneSpec } from './zones';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The FAVAD exponent N1 used for the night-day factor (Lambert 2001: ~1 for mixed systems). */
export const DEFAULT_LEAKAGE_EXPONENT_N1 = 1;

/** A meter's (or pressure sensor's) share of the window below which the night is not trusted. */
export const DEFAULT_MIN_COMPLETENESS = 0.75;

/** One value: the mean over `[ts, ts + intervalMs)` of the series, flow in m³/h or pressure in m. */
export interface Sample {
  readonly ts: number;
  readonly value: number;
}

export interface SensorSeries {
  readonly sensorId: string;
  /** The length each sample covers, e.g. 3 600 000 for hourly rollups. */
  readonly intervalMs: number;
  readonly samples: readonly Sample[];
}

export type NightStatus = 'ok' | 'insufficient_data' | 'leak_suspected';

export interface NightFlowRow {
  /** Local date (YYYY-MM-DD) on which the window starts. */
  readonly night: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly minimumNightFlowM3h: number | null;
  /** Start of the hourly slot of the minimum. */
  readonly minimumAt: number | null;
  readonly legitimateNightUseM3h: number;
  readonly estimatedLeakageM3h: number | null;
  readonly estimatedLeakageM3PerDay: number | null;
  readonly nightDayFactorHours: number;
  readonly nightDayFactorBasis: 'pressure' | 'assumed_24h';
  /** Mean pressure of the zone's pressure sensors over the window, metres; null without data. */
  readonly nightPressureM: number | null;
  /** Share of the window each meter covered, 0..1. */
  readonly meters: ReadonlyArray<{ readonly sensorId: string; readonly completeness: number }>;
  readonly status: NightStatus;
}

export interface NightFlowOptions {
  readonly minCompleteness?: number;
  readonly leakageExponentN1?: number;
}

export interface NightWindowInstants {
  readonly night: string;
  readonly start: number;
  readonly end: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The night windows of `zone` that lie wholly within `[from, to)`, in order. */
export function nightWindows(zone: Pick<ZoneSpec, 'timezone' | 'nightWindow'>, from: number, to: number): NightWindowInstants[] {
  const startMin = minutesOfDay(zone.nightWindow.start)!;
  const endMin = minutesOfDay(zone.nightWindow.end)!;
  const crosses = endMin <= startMin;
  const tz = zone.timezone;
  const first = wallClock(from - DAY, tz);
  const out: NightWindowInstants[] = [];
  for (let d = 0; ; d++) {
    const date = Date.UTC(first.year, first.month - 1, first.day + d);
    const start = localToUtc(date + startMin * 60_000, tz);
    if (start >= to) break;
    const end = localToUtc(date + (crosses ? DAY : 0) + endMin * 60_000, tz);
    if (start >= from && end <= to) {
      const day = new Date(date);
      out.push({ night: `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`, start, end });
    }
  }
  return out;
}

/** Night-day factor in hours, and what it rests on. */
export function nightDayFactor(averagePressureM: number | null | undefined, nightPressureM: number | null, n1 = DEFAULT_LEAKAGE_EXPONENT_N1) {
  if (averagePressureM && nightPressureM && nightPressureM > 0) {
    return { hours: 24 * (averagePressureM / nightPressureM) ** n1, basis: 'pressure' as const };
  }
  return { hours: 24, basis: 'assumed_24h' as const };
}

/** Samples of a series whose midpoint falls in `[start, end)`, by binary search on sorted samples. */
function samplesIn(series: SensorSeries, sorted: readonly Sample[], start: number, end: number): Sample[] {
  const half = series.intervalMs / 2;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.ts + half < start) lo = mid + 1;
    else hi = mid;
  }
  const out: Sample[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.ts + half < end; i++) if (Number.isFinite(sorted[i]!.value)) out.push(sorted[i]!);
  return out;
}

const mean = (xs: readonly Sample[]) => xs.reduce((s, x) => s + x.value, 0) / xs.length;

/**
 * One row per night of `zone` within `[from, to)`: the minimum night flow and what it
 * implies. A night is `insufficient_data` when a meter covers less than `minCompleteness`
 * of the window or no hourly slot has every meter; `leak_suspected` is set later by the
 * detector (`markSuspectedNights`).
 */
export function nightFlow(
  zone: ZoneSpec,
  meters: readonly SensorSeries[],
  from: number,
  to: number,
  pressure: readonly SensorSeries[] = [],
  options: NightFlowOptions = {},
): NightFlowRow[] {
  const minCompleteness = options.minCompleteness ?? DEFAULT_MIN_COMPLETENESS;
  const sign = new Map(zone.meters.map((m) => [m.sensorId, m.direction === 'in' ? 1 : -1]));
  const bySensor = new Map(meters.map((s) => [s.sensorId, { series: s, sorted: [...s.samples].sort((a, b) => a.ts - b.ts) }]));
  const pressureSorted = pressure.map((s) => ({ series: s, sorted: [...s.samples].sort((a, b) => a.ts - b.ts) }));
  const legitimate = (zone.serviceConnections * zone.legitimateNightUseLPerConnectionPerHour) / 1000;

  return nightWindows(zone, from, to).map(({ night, start, end }) => {
    const length = end - start;
    const slots = Math.max(1, Math.floor(length / HOUR));
    const slotEdges = Array.from({ length: slots + 1 }, (_, k) => (k === slots ? end : start + k * HOUR));
    const net: Array<number | null> = new Array(slots).fill(0);
    const completeness = zone.meters.map((meter) => {
      const entry = bySensor.get(meter.sensorId);
      if (!entry) {
        net.fill(null);
        return { sensorId: meter.sensorId, completeness: 0 };
      }
      let covered = 0;
      for (let k = 0; k < slots; k++) {
        const a = slotEdges[k]!;
        const b = slotEdges[k + 1]!;
        const inSlot = samplesIn(entry.series, entry.sorted, a, b);
        const share = (inSlot.length * entry.series.intervalMs) / (b - a);
        covered += inSlot.length * entry.series.intervalMs;
        const current = net[k];
        net[k] = current === null || current === undefined || share < minCompleteness ? null : current + sign.get(meter.sensorId)! * mean(inSlot);
      }
      return { sensorId: meter.sensorId, completeness: Math.min(1, covered / length) };
    });

    let minimum: number | null = null;
    let minimumAt: number | null = null;
    net.forEach((value, k) => {
      if (value !== null && (minimum === null || value < minimum)) {
        minimum = value;
        minimumAt = slotEdges[k]!;
      }
    });

    const pressureMeans = pressureSorted
      .map(({ series, sorted }) => ({ series, inWindow: samplesIn(series, sorted, start, end) }))
      .filter(({ series, inWindow }) => (inWindow.length * series.intervalMs) / length >= minCompleteness)
      .map(({ inWindow }) => mean(inWindow));
    const nightPressureM = pressureMeans.length > 0 ? pressureMeans.reduce((s, x) => s + x, 0) / pressureMeans.length : null;
    const ndf = nightDayFactor(zone.averagePressureM, nightPressureM, options.leakageExponentN1);

    const complete = minimum !== null && completeness.every((c) => c.completeness >= minCompleteness);
    const leakage = complete ? Math.max(0, minimum! - legitimate) : null;
    return {
      night,
      windowStart: start,
      windowEnd: end,
      minimumNightFlowM3h: complete ? minimum : null,
      minimumAt: complete ? minimumAt : null,
      legitimateNightUseM3h: legitimate,
      estimatedLeakageM3h: leakage,
      estimatedLeakageM3PerDay: leakage === null ? null : leakage * ndf.hours,
      nightDayFactorHours: ndf.hours,
      nightDayFactorBasis: ndf.basis,
      nightPressureM,
      meters: completeness,
      status: complete ? 'ok' : 'insufficient_data',
    };
  });
}
