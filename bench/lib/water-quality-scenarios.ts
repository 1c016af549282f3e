/**
 * Simulated sampling points for `bench:ai` and the water-quality tests: the seeds are
 * split once, before anything was tuned, into tuning and validation seeds; the penalty,
 * features and thresholds were chosen on the tuning seeds only.
 */
import { examplesOf, type Example, type QualityHour } from '#domain/water-quality/features';
import { simulateSamplingPoint, type SimulatedPoint } from '#lib/local/simulator/water-quality';

export const TUNING_SEEDS = [11, 23, 37] as const;
export const VALIDATION_SEEDS = [101, 211, 307, 401, 503] as const;

/** 2026-01-01T00:00Z. */
export const SCENARIO_START = Date.UTC(2026, 0, 1);

/** A sampling point of the seed: its dose and decay drawn from the seed, 240 days. */
export function scenarioPoint(seed: number, days = 240, sensorFaults = true): SimulatedPoint {
  const doseSetPoint = 0.7 + ((seed * 37) % 30) / 100;
  const k20 = 0.05 + ((seed * 13) % 20) / 1000;
  return simulateSamplingPoint({ sensorFaults, seed, start: SCENARIO_START + ((seed * 7) % 120) * 86_400_000, hours: days * 24, doseSetPoint, k20 });
}

export const reportedHours = (point: SimulatedPoint): QualityHour[] => point.reported.map((r) => ({ ...r }));

export const scenarioExamples = (point: SimulatedPoint, limit: number, horizon: number): Example[] => examplesOf(reportedHours(point), limit, horizon);
