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
import type { AlertStatus } from '#domain/alerts/alerts';
import type { DocumentSourceProblem } from '#domain/forecast-jobs';
import type { ForecastError } from '#domain/forecasting/index';
import { Conflict, Forbidden, NotFound, Unprocessable, ValidationFailed } from '#platform/errors';

// ── Work: work orders, requests, schedule, technicians, time entries, maintenance, documents ──

// ── People: users, clients, sign-in, settings, API keys, machine clients, partner apps ──

// ── Network: sites, assets, sensors, telemetry, alerts, rules, webhooks, forecasts ──

/** 400: the site a body names does not exist in the caller's tenant. */
export function refuseUnknownSite(siteId: string): never {
  throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${siteId}` }]);
}

/** 400: the sensor a body names does not exist in the caller's tenant. */
export function refuseUnknownSensor(sensorId: string): never {
  throw new ValidationFailed('The sensor does not exist', [{ path: 'body.sensorId', message: `no sensor ${sensorId}` }]);
}

/** 409 ALERT_NOT_ACTIVE: only an active alert can be acknowledged. */
export function refuseAlertNotActive(status: AlertStatus): never {
  throw new Conflict(`The alert is ${status}; only an active alert can be acknowledged`, 'ALERT_NOT_ACTIVE');
}

/** 400: a URL that may not be an endpoint in this deployment. */
export function refuseEndpointUrl(problem: string): never {
  throw new ValidationFailed(`The endpoint URL is refused: ${problem}`, [{ path: 'body.url', message: problem }]);
}

/** 409 WEBHOOK_URL_REFUSED: a stored URL refused by today's rules (registered before them) is never sent to. */
export function refuseStoredEndpointUrl(problem: string): never {
  throw new Conflict(`The endpoint URL is refused: ${problem}; change it with PATCH`, 'WEBHOOK_URL_REFUSED');
}

/** 409 WEBHOOK_DISABLED: a disabled webhook sends nothing; `toDo` says what the caller asked for ("test it"). */
export function refuseWebhookDisabled(toDo: string): never {
  throw new Conflict(`The webhook is disabled; enable it to ${toDo}`, 'WEBHOOK_DISABLED');
}

/** 409 DELIVERY_PENDING: a pending delivery is already scheduled, rather than a second schedule. */
export function refuseDeliveryPending(nextAttemptAt: string | null): never {
  throw new Conflict(`The delivery is already scheduled (next attempt ${nextAttemptAt ?? 'now'})`, 'DELIVERY_PENDING');
}

/** 409 DELIVERY_CHANGED: the delivery changed between the read and the write. */
export function refuseDeliveryChanged(): never {
  throw new Conflict('The delivery changed meanwhile; read it again', 'DELIVERY_CHANGED');
}

/** 400: a replay starts in the future, or before the outbox's archive (`keptDays`). */
export function refuseReplaySince(problem: 'future' | 'too-old', keptDays: number): never {
  if (problem === 'future') throw new ValidationFailed('since is in the future', [{ path: 'body.since', message: 'must not be in the future' }]);
  throw new ValidationFailed(`Events are kept ${keptDays} days`, [{ path: 'body.since', message: `must be within the last ${keptDays} days` }]);
}

/** 403: forecasting a sensor needs the scope to read its telemetry. */
export function refuseSensorForecast(): never {
  throw new Forbidden('Forecasting a sensor also needs the scope telemetry.read');
}

/** 422 UNKNOWN_SENSOR: the sensor to forecast does not exist. */
export function refuseUnknownForecastSensor(sensorId: string): never {
  throw new Unprocessable(`Sensor ${sensorId} does not exist`, 'UNKNOWN_SENSOR');
}

/** 422 NO_VALID_ROWS or INVALID_CSV: an inline CSV with no readable series. */
export function refuseUnreadableCsv(error: ForecastError): never {
  throw new Unprocessable(`The CSV cannot be read: ${error.message}`, error.code === 'NO_VALID_ROWS' ? 'NO_VALID_ROWS' : 'INVALID_CSV');
}

/** A document that is not a CSV cannot be a forecast's source. */
export class DocumentNotCsv extends ValidationFailed {
  override readonly code = 'DOCUMENT_NOT_CSV';
}

/**
 * A document that may not be forecast: 404 when the caller cannot see it, 409
 * DOCUMENT_NOT_AVAILABLE while pending or once rejected, 400 DOCUMENT_NOT_CSV.
 */
export function refuseDocumentSource(problem: DocumentSourceProblem, documentId: string): never {
  if (problem.kind === 'not-found') throw new NotFound('Document', documentId);
  if (problem.kind === 'not-available') {
    throw new Conflict(`Document ${documentId} is ${problem.status}: only a verified (available) document can be forecast`, 'DOCUMENT_NOT_AVAILABLE', { documentStatus: problem.status });
  }
  throw new DocumentNotCsv(`Document ${documentId} is ${problem.contentType}, not a CSV`, [{ path: 'body.source.documentId', message: 'must be a text/csv document' }]);
}

export {};
