/** The network area's refusals (sites, assets, sensors, alerts, webhooks, forecasts): each throws one typed error with its stable status, code and wording. */
import { describe, expect, it } from 'vitest';
import {
  DocumentNotCsv,
  refuseAlertNotActive,
  refuseDeliveryChanged,
  refuseDeliveryPending,
  refuseDocumentSource,
  refuseEndpointUrl,
  refuseReplaySince,
  refuseSensorForecast,
  refuseStoredEndpointUrl,
  refuseUnknownForecastSensor,
  refuseUnknownSensor,
  refuseUnknownSite,
  refuseUnreadableCsv,
  refuseWebhookDisabled,
} from '#application/refusals';
import { ForecastError } from '#domain/forecasting/index';
import type { AppError } from '#platform/errors';

/** The error a refusal throws, as the problem+json middleware will read it. */
function thrown(refuse: () => never): AppError {
  try {
    refuse();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('the refusal did not throw');
}

const problem = (e: AppError) => ({ status: e.status, code: e.code, detail: e.message, extensions: e.extensions });

/** The problem of a 400 that names the one field at fault. */
const badField = (detail: string, path: string, message: string) => ({ status: 400, code: 'VALIDATION_FAILED', detail, extensions: { errors: [{ path, message }] } });

describe('network refusals', () => {
  it('refuses a body naming an unknown site or sensor with 400 and the field at fault', () => {
    expect(problem(thrown(() => refuseUnknownSite('S1')))).toEqual(badField('The site does not exist', 'body.siteId', 'no site S1'));
    expect(problem(thrown(() => refuseUnknownSensor('PH_001')))).toEqual(badField('The sensor does not exist', 'body.sensorId', 'no sensor PH_001'));
  });

  it('refuses to acknowledge an alert that is not active with 409 ALERT_NOT_ACTIVE', () => {
    expect(problem(thrown(() => refuseAlertNotActive('cleared')))).toMatchObject({
      status: 409,
      code: 'ALERT_NOT_ACTIVE',
      detail: 'The alert is cleared; only an active alert can be acknowledged',
    });
  });

  it('refuses endpoint URLs: 400 on the body, 409 WEBHOOK_URL_REFUSED once stored', () => {
    expect(problem(thrown(() => refuseEndpointUrl('not https')))).toEqual(badField('The endpoint URL is refused: not https', 'body.url', 'not https'));
    expect(problem(thrown(() => refuseStoredEndpointUrl('a private address')))).toMatchObject({
      status: 409,
      code: 'WEBHOOK_URL_REFUSED',
      detail: 'The endpoint URL is refused: a private address; change it with PATCH',
    });
  });

  it('refuses what a disabled webhook or a pending or changed delivery cannot do with 409 and its code', () => {
    expect(problem(thrown(() => refuseWebhookDisabled('test it')))).toMatchObject({ status: 409, code: 'WEBHOOK_DISABLED', detail: 'The webhook is disabled; enable it to test it' });
    expect(problem(thrown(() => refuseDeliveryPending('2026-12-01T10:00:00.000Z')))).toMatchObject({
      status: 409,
      code: 'DELIVERY_PENDING',
      detail: 'The delivery is already scheduled (next attempt 2026-12-01T10:00:00.000Z)',
    });
    expect(thrown(() => refuseDeliveryPending(null)).message).toBe('The delivery is already scheduled (next attempt now)');
    expect(problem(thrown(() => refuseDeliveryChanged()))).toMatchObject({ status: 409, code: 'DELIVERY_CHANGED' });
  });

  it('refuses a replay from the future or from before the archive with 400 on body.since', () => {
    expect(problem(thrown(() => refuseReplaySince('future', 30)))).toEqual(badField('since is in the future', 'body.since', 'must not be in the future'));
    expect(problem(thrown(() => refuseReplaySince('too-old', 30)))).toEqual(badField('Events are kept 30 days', 'body.since', 'must be within the last 30 days'));
  });

  it('refuses forecasts: 403 without telemetry.read, 422 for an unknown sensor or an unreadable CSV', () => {
    expect(problem(thrown(() => refuseSensorForecast()))).toMatchObject({ status: 403, code: 'FORBIDDEN', detail: 'Forecasting a sensor also needs the scope telemetry.read' });
    expect(problem(thrown(() => refuseUnknownForecastSensor('PH_001')))).toMatchObject({ status: 422, code: 'UNKNOWN_SENSOR', detail: 'Sensor PH_001 does not exist' });
    expect(problem(thrown(() => refuseUnreadableCsv(new ForecastError('NO_VALID_ROWS', 'no row has a number'))))).toMatchObject({
      status: 422,
      code: 'NO_VALID_ROWS',
      detail: 'The CSV cannot be read: no row has a number',
    });
    expect(thrown(() => refuseUnreadableCsv(new ForecastError('INVALID_INPUT', 'no time column'))).code).toBe('INVALID_CSV');
  });

  it('refuses a document source by its problem: 404 unseen, 409 not available, 400 not a CSV', () => {
    expect(problem(thrown(() => refuseDocumentSource({ kind: 'not-found' }, 'D1')))).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'Document D1 does not exist' });
    expect(problem(thrown(() => refuseDocumentSource({ kind: 'not-available', status: 'pending' }, 'D1')))).toEqual({
      status: 409,
      code: 'DOCUMENT_NOT_AVAILABLE',
      detail: 'Document D1 is pending: only a verified (available) document can be forecast',
      extensions: { documentStatus: 'pending' },
    });
    const notCsv = thrown(() => refuseDocumentSource({ kind: 'not-csv', contentType: 'application/pdf' }, 'D1'));
    expect(notCsv).toBeInstanceOf(DocumentNotCsv);
    expect(problem(notCsv)).toEqual({ ...badField('Document D1 is application/pdf, not a CSV', 'body.source.documentId', 'must be a text/csv document'), code: 'DOCUMENT_NOT_CSV' });
  });
});
