/**
 * Leak detection on a zone's night-flow line: a one-sided CUSUM on robust-standardised
 * residuals against the zone's own baseline.
 *
 * Per night with data:
 *   baseline b = median of the last `baselineNights` nights outside any leak event
 *   scale    σ = max(1.4826 × MAD of those nights, `minScaleFraction` × b)
 *   z          = clamp((MNF − b) / σ, −clip, +clip)
 *   S          = max(0, S + z − k);  a leak is raised when S > h.
 *
 * Clamping z (a Huber-type score) bounds what one odd night (a fire-fighting draw, a
 * flushed main) can add: with clip − k < h no single night raises an alarm, two high
 * nights can. The estimated start night is the first night of the positive CUSUM run
 * (the classic CUSUM change-point estimate). While a leak is open the baseline is
 * frozen at its value on the start night, and the leak's added flow is
 *   added = median(MNF − b) over the event's nights,
 * with a 95 % interval ±1.96 × 1.2533 σ × √(1/n_event + 1/n_baseline) (the median's
 * standard error for normal data, event and baseline both). The leak clears through a
 * mirror CUSUM: C = max(0, C + clamp(added/2σ − z) − k), cleared when C > h, i.e. when
 * the line has come back below the midpoint between baseline and leak level for long
 * enough. Volume lost so far = added × Σ night-day factor (hours) over the event's nights.
 *
 * Defaults were chosen on the tuning seeds of `npm run bench:leaks` only (the
 * validation seeds are reported separately there).
 */
import type { NightStatus } from './night-flow';
import { MAD_TO_SIGMA, mad, median } from './robust';

export interface DetectorParams {
  /** Trailing nights (outside leak events) the baseline is taken from. */
  readonly baselineNights: number;
  /** Nights of baseline needed before anything is raised. */
  readonly minBaselineNights: number;
  /** CUSUM allowance, in σ: drifts smaller than k σ are ignored. */
  readonly k: number;
  /** CUSUM decision threshold, in σ. */
  readonly h: number;
  /** Standardised residuals are clamped to ±clip. */
  readonly clip: number;
  /** Floor of σ as a share of the baseline, so a very quiet zone does not alarm on tiny wobbles. */
  readonly minScaleFraction: number;
}

export const DEFAULT_DETECTOR_PARAMS: DetectorParams = {
  baselineNights: 28,
  minBaselineNights: 14,
  k: 0.5,
  h: 4,
  clip: 3,
  minScaleFraction: 0.02,
};

/** One night of the line: the minimum night flow (null when the night had too little data). */
export interface NightInput {
  readonly night: string;
  readonly minimumNightFlowM3h: number | null;
  /** Hours to turn a night rate into a daily volume (24 when unknown). */
  readonly nightDayFactorHours?: number;
}

export interface NightDecision {
  readonly night: string;
  readonly value: number | null;
  readonly baselineM3h: number | null;
  readonly scaleM3h: number | null;
  /** The level a night must exceed for the CUSUM to grow (b + k σ). */
  readonly allowanceM3h: number | null;
  /** The level that, held, raises a leak within 3 nights from a zero CUSUM: b + (k + h/3) σ. */
  readonly thresholdM3h: number | null;
  /** The rising CUSUM; while a leak is open, the clearing CUSUM. */
  readonly cusum: number;
  /** Inside an open (or later cleared) leak event. */
  readonly inLeak: boolean;
}

export interface LeakEvent {
  /** First night of the leak as estimated (the CUSUM run's start). */
  readonly startNight: string;
  /** Night on which the leak was raised. */
  readonly detectedNight: string;
  /** First night the line had returned, when cleared; null while open. */
  readonly clearedNight: string | null;
  readonly baselineM3h: number;
  readonly addedFlowM3h: number;
  readonly addedFlowInterval95M3h: readonly [number, number];
  /** Estimated volume lost from the start night through the last event night, m³. */
  readonly volumeLostM3: number;
  /** Nights from start through the last event night, counting nights without data. */
  readonly nights: number;
}

export interface Detection {
  readonly nights: readonly NightDecision[];
  readonly events: readonly LeakEvent[];
  /** The last event if it is still open. */
  readonly active: LeakEvent | null;
}

const clamp = (x: number, c: number) => Math.max(-c, Math.min(c, x));

interface OpenEvent {
  startIndex: number;
  detectedIndex: number;
  baseline: number;
  scale: number;
  baselineCount: number;
  excess: Array<{ index: number; x: number }>;
  clearing: number;
  clearingRunStart: number;
}

/** Runs the detector over a night-flow line in night order. Pure and deterministic. */
export function detectLeaks(input: readonly NightInput[], params: DetectorParams = DEFAULT_DETECTOR_PARAMS): Detection {
  const { baselineNights, minBaselineNights, k, h, clip, minScaleFraction } = params;
  const history: Array<{ index: number; value: number }> = [];
  const decisions: NightDecision[] = [];
  const events: LeakEvent[] = [];
  const inLeak = new Array<boolean>(input.length).fill(false);
  let cusum = 0;
  let runStart = 0;
  let open: OpenEvent | null = null;

  const close = (e: OpenEvent, lastIndex: number, clearedIndex: number | null): LeakEvent => {
    const kept = e.excess.filter((x) => x.index <= lastIndex).map((x) => x.x);
    const added = median(kept);
    const n = Math.max(1, kept.length);
    const half = 1.96 * 1.2533 * e.scale * Math.sqrt(1 / n + 1 / Math.max(1, e.baselineCount));
    let factorHours = 0;
    for (let i = e.startIndex; i <= lastIndex; i++) factorHours += input[i]!.nightDayFactorHours ?? 24;
    return {
      startNight: input[e.startIndex]!.night,
      detectedNight: input[e.detectedIndex]!.night,
      clearedNight: clearedIndex === null ? null : input[clearedIndex]!.night,
      baselineM3h: e.baseline,
      addedFlowM3h: added,
      addedFlowInterval95M3h: [added - half, added + half],
      volumeLostM3: Math.max(0, added) * factorHours,
      nights: lastIndex - e.startIndex + 1,
    };
  };

  input.forEach((night, i) => {
    const value = night.minimumNightFlowM3h;
    const recent = history.slice(-baselineNights).map((x) => x.value);
    const base = open ? open.baseline : recent.length >= minBaselineNights ? median(recent) : null;
    const scale = open ? open.scale : base === null ? null : Math.max(MAD_TO_SIGMA * mad(recent, base), minScaleFraction * Math.abs(base), Number.EPSILON);

    if (value !== null && Number.isFinite(value)) {
      if (base === null || scale === null) {
        history.push({ index: i, value });
      } else if (!open) {
        const z = clamp((value - base) / scale, clip);
        cusum = Math.max(0, cusum + z - k);
        if (cusum === 0) runStart = i + 1;
        if (cusum > h) {
          const startIndex = Math.min(runStart, i);
          // The run's nights were taken as normal while the CUSUM grew: they leave the baseline.
          while (history.length > 0 && history[history.length - 1]!.index >= startIndex) history.pop();
          const excess = input
            .map((x, index) => ({ index, v: x.minimumNightFlowM3h }))
            .slice(startIndex, i + 1)
            .filter((x): x is { index: number; v: number } => x.v !== null && Number.isFinite(x.v))
            .map(({ index, v }) => ({ index, x: v - base }));
          open = { startIndex, detectedIndex: i, baseline: base, scale, baselineCount: recent.length, excess, clearing: 0, clearingRunStart: i + 1 };
          for (let j = startIndex; j <= i; j++) inLeak[j] = true;
        } else {
          history.push({ index: i, value });
        }
      } else {
        const z = (value - open.baseline) / open.scale;
        const leakLevel = median(open.excess.filter((x) => x.index < open!.clearingRunStart).map((x) => x.x));
        const mid = leakLevel / (2 * open.scale);
        open.clearing = Math.max(0, open.clearing + clamp(mid - z, clip) - k);
        if (open.clearing === 0) open.clearingRunStart = i + 1;
        if (open.clearing > h) {
          const cleared = Math.min(open.clearingRunStart, i);
          events.push(close(open, cleared - 1, cleared));
          // The nights since the line returned are normal again.
          for (let j = cleared; j <= i; j++) {
            inLeak[j] = false;
            const v = input[j]!.minimumNightFlowM3h;
            if (v !== null && Number.isFinite(v)) history.push({ index: j, value: v });
          }
          open = null;
          cusum = 0;
          runStart = i + 1;
        } else {
          open.excess.push({ index: i, x: value - open.baseline });
          inLeak[i] = true;
        }
      }
    } else if (open) {
      inLeak[i] = true;
    }

    decisions.push({
      night: night.night,
      value: value ?? null,
      baselineM3h: base,
      scaleM3h: scale,
      allowanceM3h: base === null || scale === null ? null : base + k * scale,
      thresholdM3h: base === null || scale === null ? null : base + (k + h / 3) * scale,
      cusum: open ? open.clearing : cusum,
      inLeak: open !== null,
    });
  });

  const nights = decisions.map((d, i) => ({ ...d, inLeak: inLeak[i]! }));
  const active = open ? close(open, input.length - 1, null) : null;
  if (active) events.push(active);
  return { nights, events, active };
}

/** The night-flow rows with `leak_suspected` on the nights of a leak event (nights without data keep `insufficient_data`). */
export function markSuspectedNights<R extends { readonly status: NightStatus }>(rows: readonly R[], detection: Detection): R[] {
  return rows.map((row, i) => (detection.nights[i]?.inLeak && row.status === 'ok' ? { ...row, status: 'leak_suspected' as const } : row));
}
