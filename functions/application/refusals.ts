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
import type { ClaimRefusal } from '#domain/api-keys';
import type { AssetIssue, ParentRefusal } from '#domain/assets';
import type { DocumentSourceProblem } from '#domain/forecast-jobs';
import type { ForecastError } from '#domain/forecasting/index';
import type { RedirectUriProblem } from '#domain/identity';
import type { RowIssue } from '#domain/leaks/consumption';
import type { LoggerRefusal, RecordingProblem } from '#domain/leaks/correlation-request';
import type { LeakAnalysisError } from '#domain/leaks/errors';
import type { NightFlowRangeRefusal, ZoneSensorRefusal } from '#domain/leaks/zones';
import { passwordRefusalMessage, type PasswordRefusal } from '#domain/passwords';
import type { Principal } from '#domain/principal';
import type { LimitIssue } from '#domain/quality/limit-sets';
import type { RowError } from '#domain/quality/samples';
import { describeConflict, type Conflict as ScheduleConflict } from '#domain/scheduling';
import type { Technician } from '#domain/technicians';
import type { TimeRefusal } from '#domain/time-entries';
import type { SelfAdministrationRefusal } from '#domain/users';
import type { TransitionRefusal, TransitionRequest, WorkOrder } from '#domain/work-orders';
import { Conflict, Forbidden, NotFound, PasswordPolicyViolation, Unprocessable, ValidationFailed } from '#platform/errors';

// ── Work: work orders, requests, schedule, technicians, time entries, maintenance, documents ──

/**
 * A refused workflow move: 409 INVALID_TRANSITION with the moves that exist, 403 for a
 * move the caller may not make, 422 COMPLETION_INCOMPLETE naming what is missing, 400
 * for a checklist answer that does not fit its item.
 */
export function refuseTransition(refusal: TransitionRefusal, workOrder: WorkOrder, request: TransitionRequest, who: Principal): never {
  switch (refusal.kind) {
    case 'invalid':
      throw new Conflict(`A ${workOrder.status} work order cannot move to ${request.to}`, 'INVALID_TRANSITION', { allowed: refusal.allowed });
    case 'forbidden':
      throw new Forbidden(
        who.role === 'technician' ? 'Technicians start, hold, resume and complete only the work assigned to them' : `Your role cannot move this work order to ${request.to}`,
      );
    case 'incomplete': {
      const missing = [refusal.missing.length ? `answers to ${refusal.missing.join(', ')}` : '', refusal.signatureMissing ? 'a signature' : ''].filter(Boolean);
      throw new Unprocessable(`Completion needs ${missing.join(' and ')}`, 'COMPLETION_INCOMPLETE');
    }
    case 'bad-answer':
      throw new ValidationFailed(refusal.detail, [{ path: 'body.checklist', message: refusal.detail }]);
  }
}

/** A visit that collides with the technician's other visits or working hours: 409 SCHEDULE_CONFLICT listing every conflict. */
export function refuseScheduleConflicts(technician: Pick<Technician, 'name'>, conflicts: readonly ScheduleConflict[]): never {
  throw new Conflict(`${technician.name} cannot take this visit: ${conflicts.map(describeConflict).join('; ')}`, 'SCHEDULE_CONFLICT', { conflicts });
}

/** A time entry whose span does not hold (no end nor minutes, end before start, too long, in the future): 400 on the field at fault. */
export function refuseTimeSpan(refusal: TimeRefusal): never {
  throw new ValidationFailed(`The time entry is not valid: ${refusal.message}`, [refusal]);
}

// ── People: users, clients, sign-in, settings, API keys, machine clients, partner apps ──

const SELF_ADMINISTRATION: Record<SelfAdministrationRefusal, string> = {
  CANNOT_CHANGE_OWN_ACCESS: 'You cannot deactivate yourself or change your own role',
  CANNOT_ERASE_SELF: 'Erase your account through another administrator',
};

/** 409 with the refusal as code: what an admin may not do to their own user. */
export function refuseSelfAdministration(refusal: SelfAdministrationRefusal): never {
  throw new Conflict(SELF_ADMINISTRATION[refusal], refusal);
}

/** 400 on `body.clientId`: a client user without a client, or someone else with one (`clientIdProblem`). */
export function refuseClientOfRole(problem: string): never {
  throw new ValidationFailed(problem, [{ path: 'body.clientId', message: problem }]);
}

/** 400 PASSWORD_POLICY on the field that holds the new password. */
export function refusePassword(refusal: PasswordRefusal, path = 'body.newPassword'): never {
  throw new PasswordPolicyViolation(path, passwordRefusalMessage(refusal));
}

/** 409 NO_PENDING_VALUE: no value of the key waits to be claimed. */
export function refuseClaim(refusal: ClaimRefusal): never {
  throw new Conflict('No value of this key is waiting to be claimed: it was claimed already, or the key was not rotated automatically since', refusal);
}

/** 400 with one error per refused redirect URI of a partner app. */
export function refuseRedirectUris(problems: readonly RedirectUriProblem[]): never {
  throw new ValidationFailed('Redirect URIs must be exact https URLs', [...problems]);
}

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

// Zones (district metered areas)

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

// The leak loop

/** 400: a patch would turn a sensor rule into a leak rule or back (the scope cannot change). */
export function refuseSubjectChange(): never {
  throw new ValidationFailed('A rule cannot move between sensors and zones: create another rule', [{ path: 'body.condition', message: 'a leak condition stays a leak condition, a sensor condition a sensor condition' }]);
}

// Asset network (zones, parents, pipes)

/** A pipe without its section or installation date, or a section on another type: 422 INVALID_PIPE_SECTION. */
export function refusePipeSection(issues: readonly AssetIssue[]): never {
  const error = new Unprocessable(issues.map((i) => i.message).join('; '), 'INVALID_PIPE_SECTION');
  error.extensions.errors = issues.map((i) => ({ path: `body.${i.path}`, message: i.message }));
  throw error;
}

/** A zone the caller cannot name (missing, or of a client the caller cannot see): 422 UNKNOWN_ZONE. */
export function refuseUnknownZone(zoneId: string): never {
  const error = new Unprocessable(`No zone ${zoneId}`, 'UNKNOWN_ZONE');
  error.extensions.errors = [{ path: 'body.zoneId', message: `no zone ${zoneId}` }];
  throw error;
}

const PARENT_CODES: Record<ParentRefusal, { code: string; message: string }> = {
  unknown_parent: { code: 'UNKNOWN_PARENT_ASSET', message: 'no such asset' },
  parent_on_another_site: { code: 'PARENT_ON_ANOTHER_SITE', message: 'the parent asset is on another site' },
  parent_cycle: { code: 'PARENT_ASSET_CYCLE', message: 'the asset would be its own ancestor' },
};

/** A parent asset that cannot be: 422 with its code. */
export function refuseParentAsset(refusal: ParentRefusal, parentAssetId: string): never {
  const { code, message } = PARENT_CODES[refusal];
  const error = new Unprocessable(`Parent asset ${parentAssetId}: ${message}`, code);
  error.extensions.errors = [{ path: 'body.parentAssetId', message }];
  throw error;
}

/** An asset that other assets name as their parent cannot be deleted nor leave its site: 409 ASSET_HAS_CHILDREN. */
export function refuseAssetWithChildren(childId: string): never {
  throw new Conflict(`Asset ${childId} (at least) names this asset as its parent: give it another parent first`, 'ASSET_HAS_CHILDREN');
}

// Leak analysis (correlations, pressure transients)

const LOGGER_CODES: Record<LoggerRefusal['kind'], string> = {
  unknown_sensor: 'UNKNOWN_SENSOR',
  not_acoustic: 'WRONG_SENSOR_KIND',
  not_in_zone: 'SENSOR_NOT_IN_ZONE',
  same_sensor: 'SAME_SENSOR',
};

/** Loggers that cannot be correlated in the zone: 422 with the offending path. */
export function refuseLoggers(refusal: LoggerRefusal): never {
  const error = new Unprocessable(refusal.message, LOGGER_CODES[refusal.kind]);
  error.extensions.errors = [{ path: `body.${refusal.path}`, message: refusal.message }];
  throw error;
}

/**
 * A recording document that cannot be read: 404 when the caller cannot see it, 409
 * DOCUMENT_NOT_AVAILABLE while pending or once rejected, 422 NOT_A_RECORDING (neither WAV
 * nor CSV) or RECORDING_TOO_LARGE.
 */
export function refuseRecording(problem: RecordingProblem, documentId: string, path: string): never {
  if (problem.kind === 'not-found') throw new NotFound('Document', documentId);
  if (problem.kind === 'not-available') {
    throw new Conflict(`Document ${documentId} is ${problem.status}: only a verified (available) document can be read`, 'DOCUMENT_NOT_AVAILABLE', { documentStatus: problem.status });
  }
  const [code, message] = problem.kind === 'too-large' ? ['RECORDING_TOO_LARGE', `the document holds ${problem.sizeBytes} bytes, more than a recording may`] : ['NOT_A_RECORDING', `a ${problem.contentType} document is not a recording: upload audio/wav (PCM 16-bit mono) or text/csv (t,value)`];
  const error = new Unprocessable(`Document ${documentId}: ${message}`, code);
  error.extensions.errors = [{ path: `body.${path}`, message }];
  throw error;
}

/** Two recordings at different sample rates: 422 SAMPLE_RATE_MISMATCH. */
export function refuseSampleRates(rateA: number, rateB: number): never {
  const error = new Unprocessable(`The recordings must share their sample rate (A: ${rateA} Hz, B: ${rateB} Hz)`, 'SAMPLE_RATE_MISMATCH');
  error.extensions.errors = [{ path: 'body.documentB', message: `sampled at ${rateB} Hz, A at ${rateA} Hz` }];
  throw error;
}

/** An input the leak analyses cannot run on (a malformed recording or series, an impossible pipe): 422 with the analysis' code. */
export function refuseLeakAnalysis(error: LeakAnalysisError, path?: string): never {
  const refused = new Unprocessable(error.message, error.code);
  if (path) refused.extensions.errors = [{ path: `body.${path}`, message: error.message }];
  throw refused;
}

/** A burst posted to a sensor that is not a pressure sensor: 422 WRONG_SENSOR_KIND. */
export function refuseNotPressureSensor(sensorId: string, kind: string): never {
  const error = new Unprocessable(`Sensor ${sensorId} is a ${kind} sensor: transients are scanned on pressure sensors`, 'WRONG_SENSOR_KIND');
  error.extensions.errors = [{ path: 'params.id', message: `a ${kind} sensor, not a pressure sensor` }];
  throw error;
}

// Water quality

/** Limits laxer than the regulation for the set's scope: 422 LIMIT_NOT_STRICTER with each offending bound under `body`. */
export function refuseLaxerLimits(issues: readonly LimitIssue[]): never {
  const error = new Unprocessable(issues.map((i) => i.message).join('; '), 'LIMIT_NOT_STRICTER');
  error.extensions.errors = issues.map((i) => ({ path: `body.${i.path}`, message: i.message }));
  throw error;
}

/** A sampling point naming sensors that are not of its site: 422 SENSOR_NOT_AT_SITE. */
export function refuseForeignSensors(sensorIds: readonly string[]): never {
  const error = new Unprocessable(`Not sensors of the point's site: ${sensorIds.join(', ')}`, 'SENSOR_NOT_AT_SITE');
  error.extensions.errors = sensorIds.map((id) => ({ path: 'body.sensorIds', message: `${id} is not a sensor of the site` }));
  throw error;
}

/** Lab results that cannot be imported: 422 with every row's mistakes (`rows`: row number, field, message); nothing is stored. */
export function refuseSampleRows(errors: readonly RowError[], code: 'INVALID_SAMPLES' | 'CONFLICTING_SAMPLE'): never {
  const error = new Unprocessable(`${errors.length} problem(s) in the lab results; nothing was imported`, code);
  error.extensions.rows = errors.map((e) => ({ row: e.row, field: e.field, message: e.message }));
  throw error;
}

/** A compliance range or report month that is not valid (400 with `code`). */
class ComplianceRangeRefused extends ValidationFailed {
  override readonly code: string;
  constructor(message: string, code: string, path: string) {
    super(`The period is not valid: ${message}`, [{ path, message }]);
    this.code = code;
  }
}

export function refuseComplianceRange(message: string, code: string, path = 'query.from'): never {
  throw new ComplianceRangeRefused(message, code, path);
}

// ── Consumption imports and the water balance ───────────────────────────────

/** An import with rows that cannot be stored: 400 INVALID_CONSUMPTION_ROWS listing every row's problems; nothing is stored. */
class ConsumptionRowsRefused extends ValidationFailed {
  override readonly code = 'INVALID_CONSUMPTION_ROWS';
}

/**
 * Refuses an import, every problem with its row: `body.rows.<index>.<field>` for JSON rows
 * (as the route's own validation), `body.csv.rows.<n>.<field>` for CSV rows numbered from
 * 1 under the header (`body.csv.header.<field>` for the header itself).
 */
export function refuseConsumptionRows(source: 'rows' | 'csv', issues: readonly RowIssue[]): never {
  const rows = new Set(issues.filter((i) => i.row > 0).map((i) => i.row));
  const path = (i: RowIssue) => (source === 'rows' ? `body.rows.${i.row}.${i.field}` : i.row === 0 ? `body.csv.header.${i.field}` : `body.csv.rows.${i.row}.${i.field}`);
  throw new ConsumptionRowsRefused(
    rows.size > 0 ? `${rows.size} row(s) of the import cannot be stored; nothing was imported` : `The file cannot be read: ${issues.map((i) => i.message).join('; ')}`,
    issues.map((i) => ({ path: path(i), message: i.message })),
  );
}

// E-mail notifications: unsubscribe links

/** An unsubscribe link whose token is malformed, forged or expired: 400 INVALID_UNSUBSCRIBE_TOKEN / UNSUBSCRIBE_TOKEN_EXPIRED. */
class UnsubscribeTokenRefused extends ValidationFailed {
  override readonly code: string;
  constructor(reason: 'invalid' | 'expired') {
    const message = reason === 'expired' ? 'This unsubscribe link has expired: change your preferences at /v1/me/notification-preferences' : 'This unsubscribe link is not valid';
    super(message, [{ path: 'query.token', message }]);
    this.code = reason === 'expired' ? 'UNSUBSCRIBE_TOKEN_EXPIRED' : 'INVALID_UNSUBSCRIBE_TOKEN';
  }
}

export function refuseUnsubscribeToken(reason: 'invalid' | 'expired'): never {
  throw new UnsubscribeTokenRefused(reason);
}

// Water-quality predictions

/** A sampling point without one sensor of each kind the model reads (422 MISSING_QUALITY_SENSORS). */
export function refuseMissingQualitySensors(missing: readonly string[], where: string): never {
  throw new Unprocessable(`${where} has no ${missing.join(', ')} sensor: the model reads free chlorine, turbidity, temperature and pH`, 'MISSING_QUALITY_SENSORS');
}

/** Sensors without a complete recent hour (422 NO_RECENT_READINGS). */
export function refuseNoRecentReadings(hours: number): never {
  throw new Unprocessable(`No hour of the last ${hours} has a reading of all four sensors and of 3 hours before: give the values explicitly`, 'NO_RECENT_READINGS');
}

// Connectors

/** 422: the connector's type has no OAuth2 grant (only QuickBooks, Google Calendar and Dropbox do). */
export function refuseOAuthForType(type: string): never {
  throw new Unprocessable(`A ${type} connector is not authorized through OAuth2`, 'OAUTH_NOT_SUPPORTED');
}

/** 422: the OAuth2 client (credentials `clientId`, `clientSecret`) must be stored before the grant starts. */
export function refuseMissingOAuthClient(): never {
  throw new Unprocessable('Store the OAuth2 client first: credentials `clientId` and `clientSecret`', 'OAUTH_CLIENT_MISSING');
}

/** 400: the callback's state is not one Hydrant signed, or it has expired. */
export function refuseOAuthState(): never {
  throw new ValidationFailed('The OAuth2 state is not valid or has expired: start the authorization again', [{ path: 'query.state', message: 'invalid or expired' }]);
}

/** 422: the provider answered the consent with an error (the admin refused, or the client is misconfigured). */
export function refuseOAuthDenied(error: string): never {
  throw new Unprocessable(`The provider refused the authorization: ${error}`, 'OAUTH_DENIED');
}

/** 422: the provider's token endpoint refused the code (used already, expired, wrong client). */
export function refuseOAuthExchange(reason: string): never {
  throw new Unprocessable(`The provider refused the code: ${reason}`, 'OAUTH_EXCHANGE_FAILED');
}
