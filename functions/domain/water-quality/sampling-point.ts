/**
 * Where the model's inputs come from: a sampling point's four sensors (one of each kind),
 * and the current inputs out of their last hourly means. Pure.
 */
import type { SensorKind } from '../telemetry/types';
import { inputsAt, TREND_HOURS, type QualityHour, type QualityInputs } from './features';

export const QUALITY_KINDS = ['chlorine', 'turbidity', 'temperature', 'ph'] as const satisfies readonly SensorKind[];
export type QualityKind = (typeof QUALITY_KINDS)[number];
export type QualitySensors = Readonly<Record<QualityKind, string>>;

/** Hours back a prediction looks for the newest complete hour. */
export const RECENT_HOURS = 6;

/** One sensor of each kind (the first by id), or the kinds missing. */
export function qualitySensorsOf(sensors: readonly { id: string; kind: SensorKind }[]): { ok: true; sensors: QualitySensors } | { ok: false; missing: QualityKind[] } {
  const sorted = [...sensors].sort((a, b) => a.id.localeCompare(b.id));
  const found: Partial<Record<QualityKind, string>> = {};
  for (const s of sorted) if ((QUALITY_KINDS as readonly string[]).includes(s.kind) && !found[s.kind as QualityKind]) found[s.kind as QualityKind] = s.id;
  const missing = QUALITY_KINDS.filter((k) => !found[k]);
  return missing.length ? { ok: false, missing } : { ok: true, sensors: found as QualitySensors };
}

/** The inputs at the newest hour of `hours` that has all four values and the values 3 hours before; undefined when none. */
export function latestInputs(hours: readonly QualityHour[]): QualityInputs | undefined {
  for (let i = hours.length - 1; i >= TREND_HOURS; i--) {
    const inputs = inputsAt(hours, i);
    if (inputs) return inputs;
  }
  return undefined;
}

/** Explicit values as inputs: unknown trends are 0, the hour is the reading's (UTC). */
export function explicitInputs(values: { chlorine: number; turbidity: number; temperature: number; ph: number; chlorineTrend?: number; turbidityTrend?: number }, at: Date): QualityInputs {
  return {
    chlorine: values.chlorine,
    turbidity: values.turbidity,
    temperature: values.temperature,
    ph: values.ph,
    chlorineTrend: values.chlorineTrend ?? 0,
    turbidityTrend: values.turbidityTrend ?? 0,
    hourUtc: at.getUTCHours(),
  };
}
