/**
 * Forecast jobs' pure rules: who reads and asks, the sensor window, reading a sensor's
 * series through the store port (pages, trimming, the length cap), timestamps of sensor
 * forecasts, the kept history, the CSV source read exactly as the CLI reads a file, and
 * the `forecast.completed` envelope.
 */
import { describe, expect, it } from 'vitest';
import {
  canForecastSource,
  canReadForecast,
  completionEvent,
  DEFAULT_WINDOW,
  failureOf,
  ForecastJobMessage,
  forecastSensorSeries,
  forecastStoredSeries,
  KEPT_HISTORY,
  keptResult,
  MAX_SERIES_LENGTH,
  documentSourceProblem,
  isCsvDocument,
  parseCsvSource,
  readDocumentSeries,
  readSensorSeries,
  meterSource,
  sensorWindow,
  zoneNetInflow,
  type SensorSource,
} from '#domain/forecast-jobs';
import { ConstantSeriesError, forecast, parseCsvSeries } from '#domain/forecasting/index';
import { newDocument, verifiedDocument } from '#domain/documents';
import type { Principal } from '#domain/principal';
import type { TelemetryQuery, TelemetryStore } from '#domain/telemetry/store';

const DAY = 86_400_000;
const user = (role: Principal['role']): Principal => ({ kind: 'user', subject: 'u', tenantId: 't1', role, scopes: [] });
const machine = (...scopes: string[]): Principal => ({ kind: 'machine', subject: 'm', tenantId: 't1', scopes });
const sensor: SensorSource = { type: 'sensor', sensorId: 'FLOW_1', interval: '1d', agg: 'avg' };
const csv = { type: 'csv', period: 'month', kind: 'amount' } as const;

describe('who reads and asks', () => {
  it('lets staff read everything, client users nothing, machines sensor forecasts only with telemetry.read', () => {
    expect(canReadForecast(user('technician'), { source: sensor })).toBe(true);
    expect(canReadForecast(user('client'), { source: csv })).toBe(false);
    expect(canReadForecast(machine('forecasts.write'), { source: csv })).toBe(true);
    expect(canReadForecast(machine('forecasts.write'), { source: sensor })).toBe(false);
    expect(canReadForecast(machine('forecasts.write', 'telemetry.read'), { source: sensor })).toBe(true);
    expect(canForecastSource(machine('forecasts.write'), sensor)).toBe(false);
    expect(canForecastSource(machine('forecasts.write'), csv)).toBe(true);
    expect(canForecastSource(user('manager'), sensor)).toBe(true);
  });

  it("holds a user acting through a partner app's token to the app's scopes, as a machine is", () => {
    const partner = (...scopes: string[]): Principal => ({ ...user('admin'), delegated: true, scopes });
    expect(canForecastSource(partner('forecasts.write'), sensor)).toBe(false);
    expect(canReadForecast(partner('forecasts.write'), { source: sensor })).toBe(false);
    expect(canForecastSource(partner('forecasts.write'), csv)).toBe(true);
    expect(canForecastSource(partner('forecasts.write', 'telemetry.read'), sensor)).toBe(true);
  });

  it('accepts only well-formed job messages', () => {
    expect(ForecastJobMessage.safeParse({ tenantId: 't1', jobId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B' }).success).toBe(true);
    expect(ForecastJobMessage.safeParse({ tenantId: 't1', jobId: 'x' }).success).toBe(false);
    expect(ForecastJobMessage.safeParse({ tenantId: 't1', jobId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', extra: 1 }).success).toBe(false);
  });
});

describe('the sensor window', () => {
  const now = Date.UTC(2026, 10, 21, 14, 30);
  it('ends at the start of the current bucket and spans the default number of complete buckets', () => {
    const w = sensorWindow(sensor, now);
    expect(w.to).toBe(Date.UTC(2026, 10, 21));
    expect((w.to - w.from) / DAY).toBe(DEFAULT_WINDOW['1d']);
  });
  it('counts calendar months in a zone', () => {
    const w = sensorWindow({ ...sensor, interval: '1mo', tz: 'Europe/Paris' }, now);
    expect(new Date(w.to).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(new Date(w.from).toISOString()).toBe('2021-10-31T23:00:00.000Z');
  });
  it('keeps from and to when given', () => {
    expect(sensorWindow({ ...sensor, from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, now)).toEqual({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) });
  });
});

/** A store answering daily buckets `values` from `start`, `pageSize` per page. */
function fakeStore(values: Array<number | null>, start: number, pageSize: number) {
  const queries: TelemetryQuery[] = [];
  const store: Pick<TelemetryStore, 'query'> = {
    async query(_tenant, q) {
      queries.push(q);
      const offset = q.cursor ? Number(q.cursor) : 0;
      const points = values.slice(offset, offset + pageSize).map((value, i) => ({ ts: new Date(start + (offset + i) * DAY).toISOString(), value, count: value === null ? 0 : 1 }));
      return { points, nextCursor: offset + pageSize < values.length ? String(offset + pageSize) : null };
    },
  };
  return { store, queries };
}

describe('reading a sensor series', () => {
  const start = Date.UTC(2026, 0, 1);
  it('reads every page with fill null, and trims empty buckets at both ends', async () => {
    const { store, queries } = fakeStore([null, null, 1, null, 3, 4, null], start, 3);
    const series = await readSensorSeries(store, 't1', { ...sensor, from: '2026-01-01T00:00:00Z', to: '2026-01-08T00:00:00Z' }, Date.now());
    expect(series.values).toEqual([1, null, 3, 4]);
    expect(series.starts).toEqual([start + 2 * DAY, start + 3 * DAY, start + 4 * DAY, start + 5 * DAY]);
    expect(queries.map((q) => [q.fill, q.cursor])).toEqual([['null', undefined], ['null', '3'], ['null', '6']]);
  });
  it('refuses a window longer than the cap', async () => {
    const { store } = fakeStore(Array.from({ length: MAX_SERIES_LENGTH + 1 }, () => 1), start, 10_000);
    await expect(readSensorSeries(store, 't1', sensor, Date.now())).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('sensor forecasts', () => {
  it('carry the buckets own instants, hourly ones with a daily cycle of 24', () => {
    const start = Date.UTC(2026, 2, 1);
    const values = Array.from({ length: 24 * 14 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + (i % 5));
    const starts = values.map((_, i) => start + i * 3_600_000);
    const result = forecastSensorSeries({ values, starts }, { ...sensor, interval: '1h', tz: 'Europe/Paris' }, { family: 'auto' });
    expect(result.model.period).toBe(24);
    expect(result.history[0]!.ts).toBe('2026-03-01T01:00:00.000+01:00');
    const last = starts[starts.length - 1]!;
    expect(Date.parse(result.forecast[0]!.ts)).toBe(last + 3_600_000);
    expect(Date.parse(result.forecast[1]!.ts)).toBe(last + 2 * 3_600_000);
  });

  it('decompose hourly series by their daily and weekly cycles together once two weeks are there', () => {
    const start = Date.UTC(2026, 2, 2);
    const values = Array.from({ length: 24 * 21 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + (Math.floor(i / 24) % 7 >= 5 ? -8 : 3) + (i % 5));
    const starts = values.map((_, i) => start + i * 3_600_000);
    const result = forecastSensorSeries({ values, starts }, { ...sensor, interval: '1h', tz: 'UTC' }, { family: 'auto' });
    expect(result.candidates.map((c) => c.name)).toContainEqual(expect.stringMatching(/^MSTL\[24,168\] \+ ETS/));
    expect(result.explanations).toContain('Seasonal periods 24 and 168 decomposed together (MSTL).');
  });
});

describe('the kept result', () => {
  it('keeps the last history points and says so', () => {
    const values = Array.from({ length: KEPT_HISTORY + 100 }, (_, i) => 10 + Math.sin(i / 3) + (i % 7));
    const full = forecast({ values, frequency: 'day', kind: 'level' });
    const kept = keptResult(full, ['rows note']);
    expect(kept.history).toEqual(full.history.slice(100));
    expect(kept.forecast).toEqual(full.forecast);
    expect(kept.explanations[0]).toBe('rows note');
    expect(kept.explanations.at(-1)).toContain(`the last ${KEPT_HISTORY} of ${KEPT_HISTORY + 100} periods`);
    expect(keptResult(forecast({ values: values.slice(0, 40), frequency: 'day', kind: 'level' })).history).toHaveLength(40);
  });
  it('refuses a result with a non-finite number (NUMERICAL) rather than store it', () => {
    const full = forecast({ values: Array.from({ length: 40 }, (_, i) => 10 + (i % 7)), frequency: 'day', kind: 'level' });
    const broken = { ...full, forecast: full.forecast.map((p, i) => (i === 1 ? { ...p, upper95: Number.NaN } : p)) };
    expect(() => keptResult(broken)).toThrow(expect.objectContaining({ code: 'NUMERICAL' }));
  });
});

describe('a CSV source', () => {
  const content = 'date;montant\n' + Array.from({ length: 30 }, (_, i) => `01/${String((i % 12) + 1).padStart(2, '0')}/${2022 + Math.floor(i / 12)};${1000 + i * 3 + (i % 12) * 40},5`).join('\n');
  it('is read and forecast exactly as the CLI reads and forecasts a file', () => {
    const { series, input } = parseCsvSource(content, csv);
    expect(input.rows).toEqual({ total: 30, used: 30, invalid: 0, filtered: 0 });
    const cliCsv = parseCsvSeries(content, { frequency: 'month', aggregate: 'sum' });
    const cli = forecast({ values: cliCsv.values, frequency: 'month', start: cliCsv.start ?? undefined, kind: 'amount' }, { horizon: 6 });
    expect(forecastStoredSeries(series, { family: 'auto', horizon: 6 })).toEqual(cli);
  });
  it('averages levels', () => {
    const { series } = parseCsvSource('date;niveau\n01/01/2024;2\n15/01/2024;4\n', { ...csv, kind: 'level' });
    expect(series.values).toEqual([3]);
  });
});

describe('failures and events', () => {
  it('keeps the engine code, and hides unexpected errors', () => {
    expect(failureOf(new ConstantSeriesError(5))).toEqual({ code: 'CONSTANT', message: expect.stringContaining('5') });
    expect(failureOf(new Error('secret table name'))).toEqual({ code: 'INTERNAL_ERROR', message: expect.not.stringContaining('secret') });
  });
  it('publishes forecast.completed with the status, and no result body', () => {
    const job = { id: 'J1', sensorId: null, source: csv };
    expect(completionEvent('E1', 't1', { ...job, status: 'failed', reason: { code: 'CONSTANT', message: 'm' } }, '2026-11-21T10:00:00.000Z')).toEqual({
      id: 'E1',
      type: 'forecast.completed',
      occurredAt: '2026-11-21T10:00:00.000Z',
      tenant: 't1',
      data: { forecastId: 'J1', status: 'failed', sensorId: null, sourceType: 'csv', reason: { code: 'CONSTANT', message: 'm' } },
    });
  });
});

describe('document sources', () => {
  const csv = ['date;code;montant', ...Array.from({ length: 30 }, (_, i) => `15/${String((i % 12) + 1).padStart(2, '0')}/${2022 + Math.floor(i / 12)};${i % 2 ? 'A' : 'B'};${1000 + i * 3},5`)].join('\n');
  const declared = (over: Partial<Parameters<typeof newDocument>[2]> = {}, clientId: string | null = 'acme') =>
    newDocument(
      '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
      't1',
      { parentType: 'site', parentId: 's1', fileName: 'releves.csv', contentType: 'text/csv', sizeBytes: 10, sha256: 'a'.repeat(64), ...over },
      { type: 'site', id: 's1', clientId },
      user('manager'),
      '2026-11-21T09:30:00.000Z',
    );
  const available = (over = {}, clientId: string | null = 'acme') =>
    verifiedDocument(declared(over, clientId), { sizeBytes: 10, sha256: 'a'.repeat(64), versionId: 'v1' }, '2026-11-21T09:31:00.000Z');

  it('are CSV by media type: text/csv, or text/plain named *.csv', () => {
    expect(isCsvDocument({ contentType: 'text/csv', fileName: 'x.txt' })).toBe(true);
    expect(isCsvDocument({ contentType: 'text/plain', fileName: 'export.CSV' })).toBe(true);
    expect(isCsvDocument({ contentType: 'text/plain', fileName: 'notes.txt' })).toBe(false);
    expect(isCsvDocument({ contentType: 'application/pdf', fileName: 'x.csv' })).toBe(false);
  });

  it('must exist, be visible to the caller, available and CSV', () => {
    expect(documentSourceProblem(user('manager'), available())).toBeUndefined();
    expect(documentSourceProblem(user('manager'), undefined)).toEqual({ kind: 'not-found' });
    expect(documentSourceProblem(user('manager'), declared())).toEqual({ kind: 'not-available', status: 'pending' });
    const rejected = verifiedDocument(declared(), { sizeBytes: 11, sha256: 'b'.repeat(64), versionId: 'v1' }, '2026-11-21T09:31:00.000Z');
    expect(documentSourceProblem(user('manager'), rejected)).toEqual({ kind: 'not-available', status: 'rejected' });
    expect(documentSourceProblem(user('manager'), available({ contentType: 'application/pdf', fileName: 'plan.pdf' }))).toEqual({ kind: 'not-csv', contentType: 'application/pdf' });
    // Client users see their client's documents only (another client's is "not found"); the worker (null) is past that check.
    const clientUser = (clientId: string): Principal => ({ ...user('client'), clientId });
    expect(documentSourceProblem(clientUser('acme'), available())).toBeUndefined();
    expect(documentSourceProblem(clientUser('other'), available())).toEqual({ kind: 'not-found' });
    expect(documentSourceProblem(null, available())).toBeUndefined();
  });

  it('are read from a stream of pieces into exactly the series of the same CSV inline', async () => {
    const source = { period: 'month', kind: 'amount', key: 'A' } as const;
    async function* pieces() {
      for (let i = 0; i < csv.length; i += 17) yield csv.slice(i, i + 17);
    }
    const streamed = await readDocumentSeries(pieces(), source);
    expect(streamed).toEqual(parseCsvSource(csv, source));
    expect(streamed.input.rows).toEqual({ total: 30, used: 15, invalid: 0, filtered: 15 });
  });
});

describe('zone sources', () => {
  const zone = { type: 'zone', zoneId: 'Z1', interval: '1d' } as const;

  it("need telemetry.read from a machine client, as a sensor's readings do", () => {
    expect(canForecastSource(machine('forecasts.write'), zone)).toBe(false);
    expect(canForecastSource(machine('forecasts.write', 'telemetry.read'), zone)).toBe(true);
  });

  it("read each meter's mean flow per bucket in the zone's time zone", () => {
    expect(meterSource({ ...zone, from: '2026-01-01T00:00:00Z' }, 'FLOW_IN', 'Europe/Paris')).toEqual({
      type: 'sensor',
      sensorId: 'FLOW_IN',
      interval: '1d',
      agg: 'avg',
      tz: 'Europe/Paris',
      from: '2026-01-01T00:00:00Z',
    });
  });

  it('add in meters, subtract out meters, over the buckets every meter covers; a bucket a meter lacks is missing', () => {
    const meters = [
      { sensorId: 'IN', direction: 'in' },
      { sensorId: 'OUT', direction: 'out' },
    ] as const;
    const inflow = { starts: [1, 2, 3, 4, 5], values: [10, 11, null, 13, 14] };
    const outflow = { starts: [2, 3, 4, 5, 6], values: [1, 1, 2, null, 3] };
    // Buckets 2..5 are covered by both; 3 lacks IN, 5 lacks OUT (trimmed at the end).
    expect(zoneNetInflow(meters, [inflow, outflow])).toEqual({ starts: [2, 3, 4], values: [10, null, 11] });
    expect(zoneNetInflow([], [])).toEqual({ starts: [], values: [] });
    expect(zoneNetInflow(meters, [inflow, { starts: [], values: [] }])).toEqual({ starts: [], values: [] });
  });
});
