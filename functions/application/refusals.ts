/**
 * Domain refusals as typed errors, in one place. The domain answers `{ ok: false, refusal }`
 * in its own words (`TransitionRefusal`, `TimeRefusal`, ...); a use case hands the refusal
 * to the function here for its type, which throws the typed error (`Conflict`,
 * `Forbidden`, `Unprocessable`, `ValidationFailed`, ...) with its stable code. The HTTP
 * stack's error middleware then turns every typed error into problem+json
 * (`functions/http-stack/middleware/problem-errors.ts`), so a refusal's status, code
 * and wording are written once, whichever route or worker meets it.
 *
 * One section per area; keep each function next to the others of its aggregate.
 */
import type { NightFlowRangeRefusal, ZoneSensorRefusal } from '#domain/leaks/zones';
import { Unprocessable, ValidationFailed } from '#platform/errors';

// ── Work: work orders, requests, schedule, technicians, time entries, maintenance, documents ──

// ── People: users, clients, sign-in, settings, API keys, machine clients, partner apps ──

// ── Network: sites, assets, sensors, telemetry, alerts, rules, webhooks, forecasts ──

/** Stable codes of the zone sensor refusals (422). */
const ZONE_SENSOR_CODES: Record<ZoneSensorRefusal['kind'], string> = {
  unknown_sensor: 'UNKNOWN_SENSOR',
  wrong_sensor_kind: 'WRONG_SENSOR_KIND',
  sensor_of_another_client: 'SENSOR_OF_ANOTHER_CLIENT',
};

/** A zone whose meters or pressure sensors are not usable: 422 with the offending paths under `body`. */
export function refuseZoneSensors(refusal: ZoneSensorRefusal): never {
  const error = new Unprocessable(refusal.errors.map((e) => e.message).join('; '), ZONE_SENSOR_CODES[refusal.kind]);
  error.extensions.errors = refusal.errors.map((e) => ({ path: `body.${e.path}`, message: e.message }));
  throw error;
}

/** A night-flow range that is empty or too long (400 INVALID_RANGE / RANGE_TOO_LONG). */
class NightFlowRangeRefused extends ValidationFailed {
  override readonly code: string;
  constructor(refusal: NightFlowRangeRefusal) {
    super(`The night-flow range is not valid: ${refusal.message}`, [{ path: refusal.kind === 'empty_range' ? 'query.from' : 'query.to', message: refusal.message }]);
    this.code = refusal.kind === 'empty_range' ? 'INVALID_RANGE' : 'RANGE_TOO_LONG';
  }
}

export function refuseNightFlowRange(refusal: NightFlowRangeRefusal): never {
  throw new NightFlowRangeRefused(refusal);
}

