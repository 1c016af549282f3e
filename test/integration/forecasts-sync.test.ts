/**
 * Seed 003's forecast API through the local stack: `Prefer: wait=N` (RFC 7240) answering
 * 200 with the ended job (an inline CSV computed in the request, a sensor's job waited
 * on), 202 when the wait is over or none is asked for; a French CSV uploaded as
 * multipart/form-data; the two-row file forecast three months with its warnings; and
 * intermittent series given Croston, SBA or TSB by their demand pattern.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';
import { csvForecastBody, frenchMonthlyCsv, waitForForecast } from '../support/forecasts';
import { fixtureSite, uniqueSensorId, zoneBody } from '../support/route-fixtures';

const DAY = 86_400_000;
let admin: string;
let manager: string;

beforeAll(async () => {
  [admin, manager] = (await Promise.all([USERS.admin, USERS.manager].map((u) => tokenFor(u)))) as [string, string];
});

/** A multipart form holding `csv` as its `file` part, and the other fields given. */
function upload(csv: string, fields: Record<string, string> = {}, fileName = 'données.csv'): FormData {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), fileName);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

/** Monthly amounts `dd/mm/yyyy;amount` (French decimal comma) from January 2020. */
const monthlyAmounts = (values: number[]): string =>
  `date;montant\n${values.map((v, i) => `01/${String((i % 12) + 1).padStart(2, '0')}/${2020 + Math.floor(i / 12)};${String(v).replace('.', ',')}`).join('\n')}\n`;

describe('Prefer: wait', () => {
  it('answers 200 with the ended job, computed in the request, with Preference-Applied and the ETag GET gives', async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody(frenchMonthlyCsv(48), { horizon: 36 }), headers: { prefer: 'wait=5' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe('wait=5');
    expect(res.headers.get('vary')).toContain('Prefer');
    expect(res.headers.get('location')).toBe(`/v1/forecasts/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'succeeded', attempts: 1, input: { rows: { used: 48 } } });
    const r = res.body.result;
    expect(r.durationInfo).toMatchObject({ unit: 'month', requested: 36, validated: 16, safe: 16, mode: 'user', reason: 'capped' });
    expect(r.durationInfo.why).toMatch(/^Horizon cut from 36 to 16 months/);
    expect(r.density).toMatchObject({ active: 48, total: 48, sparse: false, warning: null });
    const sarima = r.candidates.find((c: { family: string }) => c.family === 'sarima');
    expect(sarima.informationCriteria).toEqual({ aic: expect.any(Number), aicc: expect.any(Number), bic: expect.any(Number) });
    for (const c of r.candidates) expect(c.informationCriteria !== null || typeof c.criteriaReason === 'string').toBe(true);
    const got = await call('GET', `/v1/forecasts/${res.body.id}`, { token: manager });
    expect(got.body).toEqual(res.body);
    expect(got.headers.get('etag')).toBe(res.headers.get('etag'));
  });

  it('lets a browser of an allowed origin read Preference-Applied, and varies on both Prefer and Origin', async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody(frenchMonthlyCsv(30)), headers: { prefer: 'wait=5', origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-expose-headers')).toContain('Preference-Applied');
    expect(res.headers.get('vary')).toBe('Prefer, Origin');
  });

  it('cuts a longer wait to the route limit (10 s) and says so', async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody(frenchMonthlyCsv(30)), headers: { prefer: 'respond-async, wait=600' } });
    expect([res.status, res.headers.get('preference-applied')]).toEqual([200, 'wait=10']);
  });

  it('answers 202 as before without a wait, or with wait=0, and the worker runs the job', async () => {
    const plain = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody(frenchMonthlyCsv(30)) });
    expect([plain.status, plain.body.status, plain.headers.get('preference-applied')]).toEqual([202, 'queued', null]);
    const zero = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody(frenchMonthlyCsv(30)), headers: { prefer: 'wait=0' } });
    expect([zero.status, zero.body.status, zero.headers.get('preference-applied')]).toEqual([202, 'queued', 'wait=0']);
    expect((await waitForForecast(zero.body.id, manager)).status).toBe('succeeded');
  });

  it('answers 200 with a failed job when the engine refuses the series', async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody(frenchMonthlyCsv(36, 500)), headers: { prefer: 'wait=5' } });
    expect([res.status, res.body.status, res.body.reason.code]).toEqual([200, 'failed', 'CONSTANT']);
  });

  it('replays the 200 for the same Idempotency-Key: one job', async () => {
    const key = `forecast-sync-${Date.now()}-${Math.random()}`;
    const options = { token: manager, body: csvForecastBody(frenchMonthlyCsv(30)), headers: { prefer: 'wait=5', 'idempotency-key': key } };
    const first = await call('POST', '/v1/forecasts', options);
    const again = await call('POST', '/v1/forecasts', options);
    expect([first.status, again.status, again.body.id, again.headers.get('idempotent-replayed')]).toEqual([200, 200, first.body.id, 'true']);
  });

  describe('a sensor source (read by the worker)', () => {
    let sensorId: string;

    beforeAll(async () => {
      const site = await fixtureSite();
      sensorId = uniqueSensorId('FLOW');
      expect((await call('POST', '/v1/sensors', { token: manager, body: { id: sensorId, kind: 'flow', siteId: site.id } })).status).toBe(201);
      const today = Math.floor(Date.now() / DAY) * DAY;
      const readings = Array.from({ length: 40 }, (_, i) => ({ sensorId, ts: today - (40 - i) * DAY + 12 * 3_600_000, value: 40 + 8 * Math.sin((2 * Math.PI * i) / 7) + (i % 3) }));
      expect((await call('POST', '/v1/telemetry', { token: admin, body: { readings } })).status).toBe(202);
    });

    it('waits on the job the worker runs and answers 200 once it has ended', async () => {
      const res = await call('POST', '/v1/forecasts', { token: manager, body: { source: { type: 'sensor', sensorId, interval: '1d', agg: 'avg' } }, headers: { prefer: 'wait=10' } });
      expect([res.status, res.headers.get('preference-applied')]).toEqual([200, 'wait=10']);
      expect(res.body).toMatchObject({ status: 'succeeded', sensorId, result: { model: { period: 7 } } });
    });
  });
});

describe("a zone's net inflow (its meters, in less out)", () => {
  it('is read from the meters by the worker and forecast, waited on with Prefer', async () => {
    const body = await zoneBody();
    const outMeter = uniqueSensorId('FLOW');
    expect((await call('POST', '/v1/sensors', { token: manager, body: { id: outMeter, kind: 'flow', siteId: body.siteId } })).status).toBe(201);
    const zone = await call('POST', '/v1/zones', { token: manager, body: { ...body, meters: [...body.meters, { sensorId: outMeter, direction: 'out' }] } });
    expect(zone.status).toBe(201);
    const inMeter = body.meters[0]!.sensorId;
    const today = Math.floor(Date.now() / DAY) * DAY;
    const inflow = (i: number) => 100 + 15 * Math.sin((2 * Math.PI * i) / 7) + (i % 4);
    const outflow = (i: number) => 20 + (i % 3);
    const readings = Array.from({ length: 35 }, (_, i) => [
      { sensorId: inMeter, ts: today - (35 - i) * DAY + 12 * 3_600_000, value: inflow(i) },
      { sensorId: outMeter, ts: today - (35 - i) * DAY + 12 * 3_600_000, value: outflow(i) },
    ]).flat();
    expect((await call('POST', '/v1/telemetry', { token: admin, body: { readings } })).status).toBe(202);

    const res = await call('POST', '/v1/forecasts', { token: manager, body: { source: { type: 'zone', zoneId: zone.body.id, interval: '1d' } }, headers: { prefer: 'wait=10' } });
    expect([res.status, res.body.status], JSON.stringify(res.body.reason)).toEqual([200, 'succeeded']);
    expect(res.body.source).toEqual({ type: 'zone', zoneId: zone.body.id, interval: '1d' });
    const history = res.body.result.history.map((h: { value: number }) => h.value);
    expect(history).toHaveLength(35);
    history.forEach((v: number, i: number) => expect(v).toBeCloseTo(inflow(i) - outflow(i), 6));
    expect(res.body.result.model.period).toBe(7);
  });

  it('refuses a zone that does not exist (or that the caller cannot see) with 404', async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, body: { source: { type: 'zone', zoneId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', interval: '1d' } } });
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('a CSV uploaded as multipart/form-data', () => {
  it("reads the seed's French formats (`;`, dd/mm/yyyy, decimal comma, thousands spaces) and the form's options", async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, rawBody: upload(frenchMonthlyCsv(48), { horizon: '12', family: 'auto' }), headers: { prefer: 'wait=5' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', source: { type: 'csv', period: 'month', kind: 'amount' }, options: { horizon: 12 } });
    expect(res.body.input).toEqual({ columns: { date: 'date', value: 'montant', key: null }, rows: { total: 48, used: 48, invalid: 0, filtered: 0 } });
    // The same CSV inline gives the same forecast.
    const inline = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody(frenchMonthlyCsv(48), { horizon: 12 }), headers: { prefer: 'wait=5' } });
    expect(res.body.result.forecast).toEqual(inline.body.result.forecast);
  });

  it('reads month names and a key column, and queues without a wait', async () => {
    const months = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
    const rows = Array.from({ length: 36 }, (_, i) => `146014;${months[i % 12]} ${2022 + Math.floor(i / 12)};${(1000 + 10 * i + 90 * Math.sin(i / 2)).toFixed(2).replace('.', ',')}`);
    const other = Array.from({ length: 5 }, (_, i) => `999999;${months[i]} 2022;5,00`);
    const csv = `code_ordinateur;mois;montant\n${[...rows, ...other].join('\n')}\n`;
    const res = await call('POST', '/v1/forecasts', { token: manager, rawBody: upload(csv, { 'source.key': '146014' }) });
    expect(res.status).toBe(202);
    const job = await waitForForecast(res.body.id, manager);
    expect(job.status).toBe('succeeded');
    expect(job.input).toEqual({ columns: { date: 'mois', value: 'montant', key: 'code_ordinateur' }, rows: { total: 41, used: 36, invalid: 0, filtered: 5 } });
    expect(job.result.history[0].ts).toBe('2022-01-01');
  });

  it('refuses a form without its file, or with an unknown field, with 400 VALIDATION_FAILED', async () => {
    const form = new FormData();
    form.append('horizon', '3');
    const missing = await call('POST', '/v1/forecasts', { token: manager, rawBody: form });
    expect([missing.status, missing.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toContain('body.source.content');
    const unknown = await call('POST', '/v1/forecasts', { token: manager, rawBody: upload(frenchMonthlyCsv(30), { colour: 'red' }) });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('takes a file larger than a JSON body may be (1 MiB), up to the upload limit', async () => {
    const lines = ['date;montant'];
    for (let d = 0; d < 70_000; d++) lines.push(`${new Date(Date.UTC(2020, 0, 1) + (d % 1461) * DAY).toISOString().slice(0, 10).split('-').reverse().join('/')};${(10 + (d % 7)).toFixed(2).replace('.', ',')}`);
    const csv = `${lines.join('\n')}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    const res = await call('POST', '/v1/forecasts', { token: manager, rawBody: upload(csv), headers: { prefer: 'wait=10' } });
    expect([res.status, res.body.status, res.body.input.rows.used]).toEqual([200, 'succeeded', 70_000]);
  });
});

describe("seed 003's sparse and intermittent cases", () => {
  it('forecasts three months from the two-row file (29/01/2020 and 29/01/2026), with wide intervals and warnings', async () => {
    const res = await call('POST', '/v1/forecasts', { token: manager, rawBody: upload('date;montant\n29/01/2020;1500,50\n29/01/2026;2300,00\n'), headers: { prefer: 'wait=5' } });
    expect([res.status, res.body.status]).toEqual([200, 'succeeded']);
    const r = res.body.result;
    expect(r.forecast.map((p: { ts: string }) => p.ts)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01']);
    expect(r.durationInfo).toMatchObject({ requested: null, validated: 3, mode: 'auto', rule: { activePeriods: 2, third: 0, minimum: 3 } });
    expect(r.density).toMatchObject({ active: 2, total: 73, sparse: true, warning: expect.stringMatching(/under 20 %/) });
    expect(r.model).toMatchObject({ family: 'mean', informationCriteria: null, criteriaReason: expect.stringMatching(/too few observations/) });
    expect(r.forecast[0].mean).toBeCloseTo(1900.25, 6);
    // Student t with one degree of freedom: the 95 % interval spans more than ten times the two points' spread.
    expect(r.forecast[0].upper95 - r.forecast[0].lower95).toBeGreaterThan(10 * 800);
    expect(r.explanations.join('\n')).toMatch(/Warning: only 2 observed values/);
  });

  it('gives intermittent demand Croston, SBA or TSB by its ADI and CV², and says why', async () => {
    const steady = [0, 0, 5, 0, 0, 4, 0, 0, 0, 5, 0, 6, 0, 0, 5, 0, 0, 4, 0, 5, 0, 0, 4, 0];
    const lumpy = [0, 0, 1, 0, 0, 20, 0, 0, 0, 2, 0, 35, 0, 0, 1, 0, 0, 9, 0, 14, 0, 0, 1, 0];
    const stopped = [...steady, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const names: string[] = [];
    for (const values of [steady, lumpy, stopped]) {
      const res = await call('POST', '/v1/forecasts', { token: manager, body: csvForecastBody(monthlyAmounts(values), { horizon: 3 }), headers: { prefer: 'wait=5' } });
      expect([res.status, res.body.status, res.body.result.model.family]).toEqual([200, 'succeeded', 'intermittent']);
      expect(res.body.result.explanations.join('\n')).toMatch(/Intermittent demand: \d+ non-zero periods, one every [0-9.]+ periods on average \(ADI >= 1.32\)/);
      names.push(res.body.result.model.name);
    }
    expect(names).toEqual(["Croston's method", 'SBA (Syntetos-Boylan approximation)', 'TSB (Teunter-Syntetos-Babai)']);
  });
});
