/**
 * Physical ranges of each sensor kind, in the kind's canonical unit. A value outside
 * them is a broken sensor or a wrong unit, never water: ingest rejects it.
 */
import type { SensorKind } from './types';

export interface PhysicalRange {
  readonly min: number;
  readonly max: number;
  /** The unit the range is expressed in, and the unit readings of this kind are stored in. */
  readonly unit: string;
}

export const PHYSICAL_RANGES: Readonly<Record<SensorKind, PhysicalRange>> = {
  ph: { min: 0, max: 14, unit: 'pH' },
  turbidity: { min: 0, max: 4000, unit: 'NTU' },
  chlorine: { min: 0, max: 20, unit: 'mg/L' },
  temperature: { min: -50, max: 100, unit: '°C' },
  pressure: { min: 0, max: 100, unit: 'bar' },
  flow: { min: 0, max: Number.POSITIVE_INFINITY, unit: 'm3/h' },
  level: { min: 0, max: Number.POSITIVE_INFINITY, unit: 'm' },
  conductivity: { min: 0, max: Number.POSITIVE_INFINITY, unit: 'µS/cm' },
  acoustic: { min: 0, max: 200, unit: 'dB' },
};

/** Whether `value` is physically possible for a sensor of `kind` (bounds included). */
export function isWithinPhysicalRange(kind: SensorKind, value: number): boolean {
  const range = PHYSICAL_RANGES[kind];
  return Number.isFinite(value) && value >= range.min && value <= range.max;
}
