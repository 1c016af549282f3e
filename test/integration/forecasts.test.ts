/**
 * Forecasts through the local stack: a French CSV and a sensor's readings asked over
 * HTTP, run by the forecast worker from the `forecast-jobs` queue (the local runtime
 * polls it), answered with intervals, backtest, explanations and a chart; roles and
 * machine scopes; the worker's idempotency and failure handling in process, with the
 * stack's environment; the CLI giving the same numbers as the API.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { partnerAppUserToken } from '../support/identity';
import { declareDocument, uploadedDocument } from '../support/documents';
import { csvForecastBody, forecastToEnd, frenchMonthlyCsv, succeededForecast, waitForForecast } from '../support/forecasts';
import { fixtureSite, uniqueSensorId } from '../support/route-fixtures';

// The in-process handlers read their configuration at module load: the stack's environment first.
for (const [name, value] of Object.entries(inject('stackEnv'))) vi.stubEnv(name, value);
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
afterAll(() => {
  vi.unstubAllEnvs();
});

const DAY = 86_400_000;
let admin: string;
let manager: string;
let technician: string;
let client: string;

beforeAll(async () => {
  [admin, manager, technician, client] = (await Promise.all([USERS.admin, USERS.manager, USERS.technician, USERS.client].map((u) => tokenFor(u)))) as [string, string, string, string];
});

describe('a French CSV given inline', () => {
  it('is queued (202 + Location), run by the worker, and answered with intervals, backtest, explanations and a horizon cut to the safe one', async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody(frenchMonthlyCsv(48), { horizon: 36 }) });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'queued' });
    expect(res.headers.get('location')).toBe(`/v1/forecasts/${res.body.id}`);

    const job = await waitForForecast(res.body.id, manager);
    expect(job.status).toBe('succeeded');
    expect(job.input).toEqual({ columns: { date: 'date', value: 'montant', key: null }, rows: { total: 48, used: 48, invalid: 0, filtered: 0 } });
    const r = job.result;
    // 48 active months: a third is 16, under two seasons (24) and a third of the series.
    expect(r.horizon).toEqual({ requested: 36, used: 16, safe: 16, reason: 'capped' });
    expect(r.forecast).toHaveLength(16);
    expect(r.forecast[0].ts).toBe('2025-01-01');
    expect(r.history).toHaveLength(48);
    expect(r.history[0]).toEqual({ ts: '2021-01-01', value: expect.closeTo(1200 + 40 * Math.sin(0), 2) });
    for (const p of r.forecast) {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.upper80);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
      expect(p.upper95 - p.lower95).toBeGreaterThan(0);
    }
    expect(r.model.period).toBe(12);
    expect(r.backtest).toMatchObject({ origins: expect.any(Number), chosen: { family: r.model.family, mase: expect.any(Number) } });
    expect(r.explanations[0]).toBe('48 of 48 rows used (0 invalid dropped).');
    expect(r.explanations.some((e: string) => e.startsWith('Horizon cut from 36 to 16 months'))).toBe(true);
    expect(r.explanations.some((e: string) => e.startsWith('Model chosen:'))).toBe(true);
    expect(job).toMatchObject({ attempts: 1, startedAt: expect.any(String), completedAt: expect.any(String), sensorId: null });
  });

  it('draws a chart as SVG, with an ETag that answers 304', async () => {
    const job = await succeededForecast();
    const res = await call('GET', `/v1/forecasts/${job.id}/chart.svg`, { token: technician });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(res.body).toContain('xmlns="http://www.w3.org/2000/svg"');
    const etag = res.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    const again = await call('GET', `/v1/forecasts/${job.id}/chart.svg`, { token: technician, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('ends a constant series as failed with the reason CONSTANT, and has no chart', async () => {
    const job = await forecastToEnd(csvForecastBody(frenchMonthlyCsv(36, 500)));
    expect(job.status).toBe('failed');
    expect(job.reason).toEqual({ code: 'CONSTANT', message: expect.stringContaining('constant') });
    expect(job.result).toBeUndefined();
    const chart = await call('GET', `/v1/forecasts/${job.id}/chart.svg`, { token: manager });
    expect([chart.status, chart.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('replays the first answer for the same Idempotency-Key: one job, not two', async () => {
    const key = `forecast-${Date.now()}-${Math.random()}`;
    const body = csvForecastBody(frenchMonthlyCsv(30));
    const first = await call('POST', '/v1/forecasts', { token: manager, body, headers: { 'idempotency-key': key } });
    const again = await call('POST', '/v1/forecasts', { token: manager, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(202);
    expect([again.status, again.body.id, again.headers.get('idempotent-replayed')]).toEqual([202, first.body.id, 'true']);
    expect((await waitForForecast(first.body.id, manager)).status).toBe('succeeded');
  });

  it('ends a single-row series as failed with TOO_SHORT', async () => {
    const job = await forecastToEnd(csvForecastBody(frenchMonthlyCsv(1)));
    expect([job.status, job.reason.code]).toEqual(['failed', 'TOO_SHORT']);
  });

  it('reads quoted notes holding line breaks as part of their row, and a lone `value` column of numbers like 5204.6 as the values', async () => {
    const rows = frenchMonthlyCsv(30).trim().split('\n');
    const noted = [`${rows[0]};note`, ...rows.slice(1).map((r, i) => `${r};${i % 3 === 0 ? '"relevé\r\nà vérifier ; ""estimé"""' : ''}`)].join('\r\n');
    const withNotes = await forecastToEnd(csvForecastBody(noted));
    expect(withNotes.status).toBe('succeeded');
    expect(withNotes.input).toEqual({ columns: { date: 'date', value: 'montant', key: null }, rows: { total: 30, used: 30, invalid: 0, filtered: 0 } });

    const values = Array.from({ length: 30 }, (_, i) => (5204.6 + 50 * Math.sin(i) + 3 * i).toFixed(1));
    const lone = await forecastToEnd({ source: { type: 'csv', content: `value\n${values.join('\n')}\n` } });
    expect(lone.status).toBe('succeeded');
    expect(lone.input).toEqual({ columns: { date: null, value: 'value', key: null }, rows: { total: 30, used: 30, invalid: 0, filtered: 0 } });
  });

  it("forecasts seed 003's two rows six years apart: three months, wide intervals, sparsity warnings", async () => {
    const job = await forecastToEnd(csvForecastBody('date;montant\n29/01/2020;1 500,00\n29/01/2026;1 800,00\n'));
    expect(job.status).toBe('succeeded');
    expect(job.result.forecast.map((p: { ts: string }) => p.ts)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01']);
    expect(job.result.forecast[0].upper95).toBeGreaterThan(4000);
    expect(job.result.density).toMatchObject({ active: 2, total: 73, sparse: true });
    expect(job.result.explanations.join('\n')).toMatch(/Warning: only 2 observed values/);
  });

  it('refuses at once (422) a CSV with no readable row, a CSV with an unknown column, and one with a quote never closed', async () => {
    const none = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody('date;montant\nhier;beaucoup\n') });
    expect([none.status, none.body.code]).toEqual([422, 'NO_VALID_ROWS']);
    const column = await call('POST', '/v1/forecasts', { token: manager, body: { source: { type: 'csv', content: frenchMonthlyCsv(24), valueColumn: 'volume' } } });
    expect([column.status, column.body.code]).toEqual([422, 'INVALID_CSV']);
    const unclosed = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody('date;montant\n15/01/2024;"12\n15/02/2024;13\n') });
    expect([unclosed.status, unclosed.body.code]).toEqual([422, 'INVALID_CSV']);
    expect(unclosed.body.detail).toMatch(/quote/i);
  });

  it('validates the body: strict sources (a document is named by a ULID, never with content), bounded horizon', async () => {
    for (const body of [
      { source: { type: 'csv', content: 'a', period: 'year' } },
      { source: { type: 'csv', content: '' } },
      { source: { type: 'csv', documentId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B' } },
      { source: { type: 'document' } },
      { source: { type: 'document', documentId: 'releves.csv' } },
      { source: { type: 'document', documentId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', content: 'date;montant' } },
      { source: { type: 'document', documentId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', period: 'year' } },
      { source: { type: 'sensor', sensorId: 'FLOW_1', interval: '5m', agg: 'avg' } },
      { source: { type: 'sensor', sensorId: 'FLOW_1', interval: '1d', agg: 'avg', tz: 'Mars/Olympus' } },
      { ...csvForecastBody(), horizon: 0 },
      { ...csvForecastBody(), family: 'prophet' },
    ]) {
      const res = await call('POST', '/v1/forecasts', { token: manager, body });
      expect([res.status, res.body.code], JSON.stringify(body).slice(0, 120)).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});

describe('a CSV uploaded as a document', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  let siteId: string;

  beforeAll(async () => {
    siteId = (await fixtureSite()).id;
  });

  /** The parts of a result that must be the same whichever way the same rows arrived. */
  const numbersOf = (r: Record<string, any>) => ({ model: r.model, horizon: r.horizon, density: r.density, history: r.history, forecast: r.forecast, backtest: r.backtest });

  it('is forecast by the worker from the verified bytes, with exactly the numbers of the same CSV given inline', async () => {
    const content = frenchMonthlyCsv(42);
    const doc = await uploadedDocument(manager, siteId, encode(content));
    expect(doc.status).toBe('available');
    const res = await call('POST', '/v1/forecasts', { token: manager, body: { source: { type: 'document', documentId: doc.id, period: 'month' }, horizon: 12 } });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/v1/forecasts/${res.body.id}`);
    const [byDocument, inline] = await Promise.all([waitForForecast(res.body.id, manager), forecastToEnd(csvForecastBody(content, { horizon: 12 }))]);
    expect(byDocument.status, JSON.stringify(byDocument.reason)).toBe('succeeded');
    expect(byDocument.source).toEqual({ type: 'document', documentId: doc.id, period: 'month', kind: 'amount' });
    expect(byDocument.input).toEqual(inline.input);
    expect(byDocument.input).toEqual({ columns: { date: 'date', value: 'montant', key: null }, rows: { total: 42, used: 42, invalid: 0, filtered: 0 } });
    expect(byDocument.result).toEqual(inline.result);
    expect(byDocument.result.explanations[0]).toBe('42 of 42 rows used (0 invalid dropped).');
  });

  it('refuses a document still pending or rejected (409 DOCUMENT_NOT_AVAILABLE), not a CSV (400 DOCUMENT_NOT_CSV), or unknown (404)', async () => {
    const ask = (documentId: string) => call('POST', '/v1/forecasts', { token: manager, body: { source: { type: 'document', documentId } } });
    const bytes = encode(frenchMonthlyCsv(30));
    const pending = await declareDocument(manager, siteId, bytes);
    const refusedPending = await ask(pending.document.id);
    expect([refusedPending.status, refusedPending.body.code, refusedPending.body.documentStatus]).toEqual([409, 'DOCUMENT_NOT_AVAILABLE', 'pending']);

    const tampered = encode(frenchMonthlyCsv(30).replace('1 2', '9 9'));
    const rejected = await uploadedDocument(manager, siteId, bytes, { sent: tampered });
    expect(rejected.status).toBe('rejected');
    const refusedRejected = await ask(rejected.id);
    expect([refusedRejected.status, refusedRejected.body.code, refusedRejected.body.documentStatus]).toEqual([409, 'DOCUMENT_NOT_AVAILABLE', 'rejected']);

    const pdf = await uploadedDocument(manager, siteId, encode('%PDF-1.4 not a table'), { over: { fileName: 'plan.pdf', contentType: 'application/pdf' } });
    expect(pdf.status).toBe('available');
    const refusedPdf = await ask(pdf.id);
    expect([refusedPdf.status, refusedPdf.body.code]).toEqual([400, 'DOCUMENT_NOT_CSV']);
    expect(refusedPdf.body.errors).toEqual([{ path: 'body.source.documentId', message: expect.any(String) }]);

    const unknown = await ask('01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('reads a CSV named *.csv declared as text/plain (as some browsers declare it)', async () => {
    const doc = await uploadedDocument(manager, siteId, encode(frenchMonthlyCsv(30)), { over: { contentType: 'text/plain', fileName: 'export.CSV' } });
    const job = await forecastToEnd({ source: { type: 'document', documentId: doc.id } });
    expect(job.status, JSON.stringify(job.reason)).toBe('succeeded');
  });

  it('ends the job failed with the reason when the file has no readable series (the rows are read by the worker, not the route)', async () => {
    const doc = await uploadedDocument(manager, siteId, encode('date;montant\nhier;beaucoup\n'));
    const job = await forecastToEnd({ source: { type: 'document', documentId: doc.id } });
    expect([job.status, job.reason.code]).toEqual(['failed', 'NO_VALID_ROWS']);
    const column = await uploadedDocument(manager, siteId, encode(frenchMonthlyCsv(24)));
    const unknownColumn = await forecastToEnd({ source: { type: 'document', documentId: column.id, valueColumn: 'volume' } });
    expect([unknownColumn.status, unknownColumn.reason.code]).toEqual(['failed', 'INVALID_INPUT']);
  });

  it('reads a large file (~24 MB, 900 000 rows of many meters) streaming, and forecasts one meter with the numbers of its own rows', async () => {
    // One meter's rows are the French fixture; 18 749 other meters each have 48 monthly rows around it.
    const own = frenchMonthlyCsv(48).trim().split('\n').slice(1);
    const lines = ['code;date;montant'];
    const meters = 18_750;
    for (let m = 0; m < meters; m++) {
      // Let the event loop breathe: a blocked loop lets idle keep-alive sockets die unseen, and the next call fails.
      if (m % 500 === 0) await new Promise((r) => setImmediate(r));
      const code = m === 1234 ? '146014' : String(200_000 + m);
      for (let i = 0; i < 48; i++) {
        if (code === '146014') {
          lines.push(`146014;${own[i]}`);
          continue;
        }
        const month = (i % 12) + 1;
        const value = 20 + ((m * 7919 + i * 104_729) % 4000) / 100;
        lines.push(`${code};${String(1 + (m % 28)).padStart(2, '0')}/${String(month).padStart(2, '0')}/${2021 + Math.floor(i / 12)};${value.toFixed(2).replace('.', ',')}`);
      }
    }
    const big = encode(`${lines.join('\n')}\n`);
    lines.length = 0;
    await new Promise((r) => setImmediate(r));
    expect(big.length).toBeGreaterThan(20_000_000);
    const t0 = Date.now();
    const doc = await uploadedDocument(manager, siteId, big);
    expect(doc.status).toBe('available');
    const t1 = Date.now();
    const job = await forecastToEnd({ source: { type: 'document', documentId: doc.id, key: '146014' }, horizon: 12 });
    const t2 = Date.now();
    expect(job.status, JSON.stringify(job.reason)).toBe('succeeded');
    expect(job.input).toEqual({ columns: { date: 'date', value: 'montant', key: 'code' }, rows: { total: meters * 48, used: 48, invalid: 0, filtered: (meters - 1) * 48 } });
    expect(job.result.explanations[0]).toBe(`48 of ${meters * 48} rows used (0 invalid dropped, ${(meters - 1) * 48} of other keys).`);
    const alone = await forecastToEnd({ source: { type: 'csv', content: `code;date;montant\n${own.map((l) => `146014;${l}`).join('\n')}\n`, key: '146014' }, horizon: 12 });
    expect(numbersOf(job.result)).toEqual(numbersOf(alone.result));
    console.info(`large document: ${big.length} bytes, ${meters * 48} rows; upload and verification ${t1 - t0} ms, forecast job ${t2 - t1} ms`);
  }, 120_000);
});

describe('a sensor source', () => {
  let sensorId: string;

  beforeAll(async () => {
    const site = await fixtureSite();
    sensorId = uniqueSensorId('FLOW');
    const reg = await call('POST', '/v1/sensors', { token: manager, body: { id: sensorId, kind: 'flow', siteId: site.id } });
    expect(reg.status).toBe(201);
    // 60 days of daily readings at noon UTC, up to yesterday: a weekly cycle and a slow trend.
    const today = Math.floor(Date.now() / DAY) * DAY;
    const readings = Array.from({ length: 60 }, (_, i) => {
      const day = today - (60 - i) * DAY;
      return { sensorId, ts: day + 12 * 3_600_000, value: Number((40 + 0.1 * i + 8 * Math.sin((2 * Math.PI * i) / 7) + 2 * Math.sin(i * 2.3)).toFixed(3)) };
    });
    const ingest = await call('POST', '/v1/telemetry', { token: admin, body: { readings } });
    expect([ingest.status, ingest.body.accepted]).toEqual([202, 60]);
  });

  it('reads the buckets from the telemetry store and forecasts them with their own dates', async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, body: { source: { type: 'sensor', sensorId, interval: '1d', agg: 'avg' } } });
    expect(res.status).toBe(202);
    const job = await waitForForecast(res.body.id, manager);
    expect(job.status, JSON.stringify(job.reason)).toBe('succeeded');
    expect(job.sensorId).toBe(sensorId);
    const r = job.result;
    expect(r.history).toHaveLength(60);
    expect(r.history.every((h: { value: number | null }) => typeof h.value === 'number')).toBe(true);
    // Daily buckets: a safe horizon of two weeks at most (two seasons of 7).
    expect(r.horizon).toMatchObject({ requested: null, reason: 'auto', used: 14 });
    const today = new Date(Math.floor(Date.now() / DAY) * DAY).toISOString();
    expect(r.forecast[0].ts).toBe(today);
    expect(Date.parse(r.forecast[1].ts) - Date.parse(r.forecast[0].ts)).toBe(DAY);
    expect(r.model.period).toBe(7);
  });

  it("needs telemetry.read from a partner app's user token, as from a machine client, to forecast a sensor", async () => {
    const body = { source: { type: 'sensor', sensorId, interval: '1d', agg: 'avg' } };
    const without = await call('POST', '/v1/forecasts', { token: await partnerAppUserToken(['forecasts.write'], USERS.admin), body });
    expect([without.status, without.body.code]).toEqual([403, 'FORBIDDEN']);
    const withIt = await call('POST', '/v1/forecasts', { token: await partnerAppUserToken(['forecasts.write', 'telemetry.read'], USERS.admin), body });
    expect(withIt.status).toBe(202);
  });

  it('lists the forecasts of a sensor, newest first, with a cursor', async () => {
    const second = await call('POST', '/v1/forecasts', { token: manager, body: { source: { type: 'sensor', sensorId, interval: '1d', agg: 'max' }, horizon: 7 } });
    expect(second.status).toBe(202);
    const page1 = await call('GET', `/v1/forecasts?sensorId=${sensorId}&limit=1`, { token: technician });
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((j: { id: string }) => j.id)).toEqual([second.body.id]);
    expect(page1.body.data[0].result).toBeUndefined();
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await call('GET', `/v1/forecasts?sensorId=${sensorId}&limit=1&cursor=${encodeURIComponent(page1.body.nextCursor)}`, { token: technician });
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.data[0].id < second.body.id).toBe(true);
    const all = await call('GET', '/v1/forecasts?limit=20', { token: admin });
    const ids = all.body.data.map((j: { id: string }) => j.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('refuses an unknown sensor with 422 UNKNOWN_SENSOR', async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, body: { source: { type: 'sensor', sensorId: uniqueSensorId('NONE'), interval: '1d', agg: 'avg' } } });
    expect([res.status, res.body.code]).toEqual([422, 'UNKNOWN_SENSOR']);
  });
});

describe('roles', () => {
  it('technicians read but do not ask; client users neither', async () => {
    const job = await succeededForecast();
    expect((await call('GET', `/v1/forecasts/${job.id}`, { token: technician })).status).toBe(200);
    expect((await call('POST', '/v1/forecasts', { token: technician, body: csvForecastBody() })).status).toBe(403);
    expect((await call('GET', `/v1/forecasts/${job.id}`, { token: client })).status).toBe(403);
    expect((await call('GET', '/v1/forecasts', { token: client })).status).toBe(403);
    expect((await call('POST', '/v1/forecasts', { token: admin, body: csvForecastBody(frenchMonthlyCsv(30)) })).status).toBe(202);
  });
});

// ---------------------------------------------------------------------------------------------
// In process, with the stack's environment.

const baseEvent = JSON.parse(readFileSync(new URL('../fixtures/handlers/rest-proxy-event.json', import.meta.url), 'utf8')) as APIGatewayProxyEvent;
const context = { awsRequestId: 'forecast-test', functionName: 'hydrant-test', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

function machineEvent(scope: string, init: Partial<APIGatewayProxyEvent>, tenant = DEMO_TENANT_ID): APIGatewayProxyEvent {
  const claims = { sub: 'machine-forecaster', client_id: 'machine-forecaster', token_use: 'access', scope, 'custom:tenantId': tenant };
  return { ...structuredClone(baseEvent), ...init, requestContext: { ...baseEvent.requestContext, authorizer: { claims } } } as APIGatewayProxyEvent;
}

describe('machine clients and tenants', () => {
  const post = async (scope: string, body: unknown) => {
    const { handler } = await import('../../functions/http/forecasts/create');
    return (await handler(
      machineEvent(scope, { httpMethod: 'POST', resource: '/v1/forecasts', path: '/v1/forecasts', pathParameters: null, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
      context,
    )) as APIGatewayProxyResult;
  };
  const get = async (scope: string, id: string, tenant?: string) => {
    const { handler } = await import('../../functions/http/forecasts/get');
    return (await handler(machineEvent(scope, { httpMethod: 'GET', resource: '/v1/forecasts/{id}', path: `/v1/forecasts/${id}`, pathParameters: { id }, body: null }, tenant), context)) as APIGatewayProxyResult;
  };

  it('ask and read with forecasts.write; a sensor also needs telemetry.read', async () => {
    const csv = await post('hydrant/forecasts.write', csvForecastBody(frenchMonthlyCsv(30)));
    expect(csv.statusCode).toBe(202);
    expect((await post('hydrant/telemetry.read', csvForecastBody())).statusCode).toBe(403);
    const sensorBody = { source: { type: 'sensor', sensorId: 'NOT_CHECKED_BEFORE_SCOPES', interval: '1d', agg: 'avg' } };
    const refused = await post('hydrant/forecasts.write', sensorBody);
    expect([refused.statusCode, JSON.parse(refused.body).code]).toEqual([403, 'FORBIDDEN']);
    const id = JSON.parse(csv.body).id as string;
    expect((await get('hydrant/forecasts.write', id)).statusCode).toBe(200);
    expect((await get('hydrant/telemetry.read', id)).statusCode).toBe(403);
  });

  it('never forecasts another tenant\'s document: 404, as if it did not exist', async () => {
    const site = await fixtureSite();
    const doc = await uploadedDocument(manager, site.id, new TextEncoder().encode(frenchMonthlyCsv(30)));
    expect(doc.status).toBe('available');
    const body = { source: { type: 'document', documentId: doc.id } };
    const { handler } = await import('../../functions/http/forecasts/create');
    const event = (tenant?: string) =>
      machineEvent('hydrant/forecasts.write', { httpMethod: 'POST', resource: '/v1/forecasts', path: '/v1/forecasts', pathParameters: null, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, tenant);
    const foreign = (await handler(event('other-tenant'), context)) as APIGatewayProxyResult;
    expect([foreign.statusCode, JSON.parse(foreign.body).code]).toEqual([404, 'NOT_FOUND']);
    const own = (await handler(event(), context)) as APIGatewayProxyResult;
    expect(own.statusCode).toBe(202);
  });

  it('never shows a forecast to another tenant', async () => {
    const job = await succeededForecast();
    const res = await get('hydrant/forecasts.write', job.id, 'other-tenant');
    expect([res.statusCode, JSON.parse(res.body).code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('the forecast worker', () => {
  const record = (body: unknown, receiveCount = 1): SQSRecord =>
    ({
      messageId: `m-${Math.random().toString(36).slice(2)}`,
      receiptHandle: 'r',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:forecast-jobs',
      awsRegion: 'us-east-1',
    }) as SQSRecord;

  /** A queued CSV job written in process, never sent to the queue (so only these tests run it). */
  async function queuedJob(withSeries = true): Promise<string> {
    const { createForecastJob } = await import('#adapters/dynamodb/forecast-jobs-repository');
    const { newForecastJob, parseCsvSource } = await import('#domain/forecast-jobs');
    const { ulid } = await import('ulid');
    const source = { type: 'csv', period: 'month', kind: 'amount' } as const;
    const { series, input } = parseCsvSource(frenchMonthlyCsv(40), source);
    const job = newForecastJob({ id: ulid(), source, options: { family: 'auto' }, input, principal: { kind: 'user', subject: 'worker-test', tenantId: DEMO_TENANT_ID, scopes: [], role: 'manager' }, now: new Date().toISOString() });
    await createForecastJob(DEMO_TENANT_ID, job, withSeries ? series : undefined);
    return job.id;
  }

  async function outboxEventsOf(jobId: string): Promise<Record<string, any>[]> {
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient, tableName } = await import('#adapters/dynamodb/client');
    const out = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK > :after',
        FilterExpression: '#d.forecastId = :id',
        ExpressionAttributeNames: { '#d': 'data' },
        ExpressionAttributeValues: { ':pk': `T#${DEMO_TENANT_ID}#OUTBOX`, ':after': jobId.slice(0, 10), ':id': jobId },
      }),
    );
    return out.Items ?? [];
  }

  it('runs a message once: the same message again leaves one result and one forecast.completed event', async () => {
    const { handler: handleForecastJobs } = await import('#workers/forecast');
    const { getForecastJob } = await import('#adapters/dynamodb/forecast-jobs-repository');
    const id = await queuedJob();
    const message = { tenantId: DEMO_TENANT_ID, jobId: id };
    const first = await handleForecastJobs({ Records: [record(message)] } as SQSEvent, context);
    expect(first.batchItemFailures).toEqual([]);
    const done = await getForecastJob(DEMO_TENANT_ID, id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, version: 3 });
    const second = await handleForecastJobs({ Records: [record(message, 2)] } as SQSEvent, context);
    expect(second.batchItemFailures).toEqual([]);
    const after = await getForecastJob(DEMO_TENANT_ID, id);
    expect(after).toEqual(done);
    const events = await outboxEventsOf(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'forecast.completed', tenant: DEMO_TENANT_ID, data: { forecastId: id, status: 'succeeded', sourceType: 'csv' }, occurredAt: expect.any(String), id: expect.any(String) });
  });

  it('re-runs a job left running by an earlier attempt', async () => {
    const { handler: handleForecastJobs } = await import('#workers/forecast');
    const { getForecastJob, startForecastJob } = await import('#adapters/dynamodb/forecast-jobs-repository');
    const id = await queuedJob();
    expect((await startForecastJob(DEMO_TENANT_ID, id, new Date().toISOString())).kind).toBe('started');
    const out = await handleForecastJobs({ Records: [record({ tenantId: DEMO_TENANT_ID, jobId: id }, 2)] } as SQSEvent, context);
    expect(out.batchItemFailures).toEqual([]);
    expect(await getForecastJob(DEMO_TENANT_ID, id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('reports an unexpected error for retry, and on the last receive also ends the job failed', async () => {
    const { handler: handleForecastJobs } = await import('#workers/forecast');
    const { getForecastJob } = await import('#adapters/dynamodb/forecast-jobs-repository');
    const id = await queuedJob(false); // no stored series: not a ForecastError
    const r1 = record({ tenantId: DEMO_TENANT_ID, jobId: id }, 1);
    expect((await handleForecastJobs({ Records: [r1] } as SQSEvent, context)).batchItemFailures).toEqual([{ itemIdentifier: r1.messageId }]);
    expect(await getForecastJob(DEMO_TENANT_ID, id)).toMatchObject({ status: 'running', attempts: 1 });
    const r3 = record({ tenantId: DEMO_TENANT_ID, jobId: id }, 3);
    expect((await handleForecastJobs({ Records: [r3] } as SQSEvent, context)).batchItemFailures).toEqual([{ itemIdentifier: r3.messageId }]);
    expect(await getForecastJob(DEMO_TENANT_ID, id)).toMatchObject({ status: 'failed', attempts: 2, reason: { code: 'INTERNAL_ERROR' } });
    expect(await outboxEventsOf(id)).toHaveLength(1);
  });

  it('ends a document job failed (INVALID_INPUT, not retried) when the document is gone by the time it runs', async () => {
    const { handler: handleForecastJobs } = await import('#workers/forecast');
    const { createForecastJob, getForecastJob } = await import('#adapters/dynamodb/forecast-jobs-repository');
    const { newForecastJob } = await import('#domain/forecast-jobs');
    const { ulid } = await import('ulid');
    const source = { type: 'document', documentId: ulid(), period: 'month', kind: 'amount' } as const;
    const job = newForecastJob({ id: ulid(), source, options: { family: 'auto' }, principal: { kind: 'user', subject: 'worker-test', tenantId: DEMO_TENANT_ID, scopes: [], role: 'manager' }, now: new Date().toISOString() });
    await createForecastJob(DEMO_TENANT_ID, job);
    const out = await handleForecastJobs({ Records: [record({ tenantId: DEMO_TENANT_ID, jobId: job.id })] } as SQSEvent, context);
    expect(out.batchItemFailures).toEqual([]);
    expect(await getForecastJob(DEMO_TENANT_ID, job.id)).toMatchObject({ status: 'failed', reason: { code: 'INVALID_INPUT', message: `document ${source.documentId} no longer exists` } });
  });

  it('reports malformed messages and messages naming no job, one by one', async () => {
    const { handler: handleForecastJobs } = await import('#workers/forecast');
    const id = await queuedJob();
    const good = record({ tenantId: DEMO_TENANT_ID, jobId: id });
    const junk = record('{"jobId": 42');
    const missing = record({ tenantId: DEMO_TENANT_ID, jobId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B' });
    const out = await handleForecastJobs({ Records: [junk, good, missing] } as SQSEvent, context);
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([junk.messageId, missing.messageId].sort());
  });
});

describe('the command line', () => {
  it('gives the same numbers as the API for the same CSV', async () => {
    const content = frenchMonthlyCsv(42);
    const job = await forecastToEnd(csvForecastBody(content, { horizon: 12 }));
    expect(job.status).toBe('succeeded');
    const file = join(mkdtempSync(join(tmpdir(), 'hydrant-forecast-')), 'series.csv');
    writeFileSync(file, content);
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'bin/forecast.ts', '--input', file, '--horizon', '12', '--json'], { cwd: new URL('../..', import.meta.url).pathname, maxBuffer: 10_000_000 });
    const cli = JSON.parse(stdout);
    expect(cli.model).toEqual(job.result.model);
    expect(cli.horizon).toEqual(job.result.horizon);
    expect(cli.forecast).toEqual(job.result.forecast);
    expect(cli.backtest).toEqual(job.result.backtest);
    expect(cli.history).toEqual(job.result.history);
    expect(cli.explanations).toEqual(job.result.explanations);
  }, 60_000);
});
