import { refuseNoRecentReadings } from '#application/refusals';
import type { Principal } from '#domain/principal';
import type { QualityInputs } from '#domain/water-quality/features';
import { predictWaterQuality } from '#domain/water-quality/predictor';
import { explicitInputs, latestInputs, RECENT_HOURS, type QualitySensors } from '#domain/water-quality/sampling-point';
import type { PredictBody } from '#lib/model/schemas/ai';
import { predictionAnswer } from './answers';
import { modelInUse } from './model-in-use';
import { namedQualitySensors, readQualityHours, sensorsOfSamplingPoint } from './read-quality-hours';

const HOUR = 3_600_000;

/** The inputs: explicit values, or the newest complete hour of a site's or of named sensors' hourly means. */
async function inputsOf(tenantId: string, input: PredictBody['inputData'], now: Date): Promise<QualityInputs> {
  if ('chlorine' in input) return explicitInputs(input, input.at ? new Date(input.at) : now);
  const sensors: QualitySensors = 'siteId' in input ? await sensorsOfSamplingPoint(tenantId, input.siteId) : await namedQualitySensors(tenantId, input.sensorIds);
  const to = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  const hours = await readQualityHours(tenantId, sensors, to - (RECENT_HOURS + 3) * HOUR, to);
  return latestInputs(hours) ?? refuseNoRecentReadings(RECENT_HOURS);
}

/**
 * Predicts with `water_quality_predictor`. Steps:
 *   1. the model: the tenant's trained version (registry, then the stored JSON, kept in the
 *      process once read) or the default model, whose answer says so;
 *   2. the inputs: explicit values (unknown trends are 0), or the newest hour of the last six
 *      with all four hourly means and the values three hours before, from a site's sensors
 *      (404 unknown site, 422 MISSING_QUALITY_SENSORS) or four named sensors (404, 422);
 *      none: 422 NO_RECENT_READINGS;
 *   3. the prediction (domain): probability, confidence, interval, explanation, recommendation;
 *   4. the answer, with the time taken since `started` (performance.now() when the request came in).
 * The caller records a low-confidence prediction in the audit trail.
 */
export async function predict(who: Principal, body: PredictBody, now: Date, started = performance.now()) {
  const [model, inputs] = await Promise.all([modelInUse(who.tenantId, body.modelName), inputsOf(who.tenantId, body.inputData, now)]);
  const result = { ...predictWaterQuality(model, inputs, body.confidenceThreshold), model, inputs };
  return predictionAnswer(result, body.explanationRequested, performance.now() - started);
}
