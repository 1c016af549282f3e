/**
 * Water quality on the shared local stack: the catalogue and limit sets, a French lab CSV
 * import with LOQ values and unit conversion, an exceedance (with its alert and work order)
 * from readings posted to /v1/telemetry and judged by the alert evaluator through the queue,
 * client isolation, the compliance figures, and the monthly PDF and CSV.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';
import { eventually } from '../support/eventually';
import { pdfText } from '../support/pdf-text';
import { fixtureSite, uniqueSensorId } from '../support/route-fixtures';

let manager: string;
let admin: string;
let client: string;
let otherClient: string;

const HOUR = 3_600_000;
const now = Date.now();
const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
/** A whole past hour of this month (the previous one, or the current one in the month's first hour): readings and samples go in it. */
const hourStart = Math.max(monthStart, Math.floor(now / HOUR) * HOUR - HOUR);
const month = new Date(now).toISOString().slice(0, 7);
const at = (minutes: number) => hourStart + minutes * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** `dd/mm/yyyy hh:mm` in Paris, as a French lab writes it. */
function frenchTime(ms: number): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

async function post(path: string, body: unknown, token = manager): Promise<Record<string, any>> {
  const res = await call('POST', path, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

const csvImport = (csv: string, tz = 'Europe/Paris') => call('POST', `/v1/quality/samples?tz=${encodeURIComponent(tz)}`, { token: manager, rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });


let site: Record<string, any>;
let outlet: Record<string, any>;
let tap: Record<string, any>;
let sensorId: string;

beforeAll(async () => {
  Object.assign(process.env, inject('stackEnv'));
  [manager, admin, client, otherClient] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.admin), tokenFor(USERS.client), tokenFor(USERS.otherClient)]);
  site = await fixtureSite();
  sensorId = (await post('/v1/sensors', { id: uniqueSensorId('PH'), kind: 'ph', siteId: site.id, sampleIntervalSeconds: 60 })).id;
  outlet = await post('/v1/quality/sampling-points', { name: 'Sortie usine', siteId: site.id, kind: 'plant_outlet', sensorIds: [sensorId] });
  tap = await post('/v1/quality/sampling-points', { name: 'Robinet mairie', siteId: site.id, kind: 'customer_tap' });
});

describe('the catalogue and limit sets', () => {
  it('lists the parameters with their limits and sources, the built-in sets first and read-only', async () => {
    const params = await call('GET', '/v1/quality/parameters', { token: client });
    expect(params.status).toBe(200);
    const nitrite = params.body.data.find((p: any) => p.code === 'nitrite');
    expect(nitrite.limits.filter((l: any) => l.setId === 'eu-dwd-2020-2184').map((l: any) => [l.max, l.appliesAt ?? null, l.source])).toEqual([
      [0.5, null, 'Directive (EU) 2020/2184, Annex I, Part B'],
      [0.1, ['plant_outlet'], 'Directive (EU) 2020/2184, Annex I, Part B'],
    ]);
    const sets = await call('GET', '/v1/quality/limit-sets?limit=5', { token: client });
    expect(sets.body.data.slice(0, 2).map((s: any) => [s.id, s.readOnly, s.enforced])).toEqual([
      ['eu-dwd-2020-2184', true, true],
      ['who-gdwq-2022', true, false],
    ]);
    const patched = await call('PATCH', '/v1/quality/limit-sets/eu-dwd-2020-2184', { token: manager, body: { name: 'mine' } });
    expect([patched.status, patched.body.code]).toEqual([409, 'BUILT_IN_LIMIT_SET']);
  });

  it('refuses a set laxer than the regulation, on both bounds of a range and at a plant outlet', async () => {
    const laxer = await call('POST', '/v1/quality/limit-sets', { token: manager, body: { name: 'Trop large', siteId: site.id, limits: [{ parameter: 'ph', min: 6, max: 10 }, { parameter: 'nitrate', max: 60_000, unit: 'µg/L' }] } });
    expect([laxer.status, laxer.body.code]).toEqual([422, 'LIMIT_NOT_STRICTER']);
    expect(laxer.body.errors.map((e: any) => e.path)).toEqual(['body.limits.0.min', 'body.limits.0.max', 'body.limits.1.max']);
    const outletNitrite = await call('POST', '/v1/quality/limit-sets', { token: manager, body: { name: 'Nitrites sortie', siteId: site.id, samplingPointId: outlet.id, limits: [{ parameter: 'nitrite', max: 0.3 }] } });
    expect([outletNitrite.status, outletNitrite.body.code]).toEqual([422, 'LIMIT_NOT_STRICTER']);
    const elsewhere = await fixtureSite();
    const wrongSite = await call('POST', '/v1/quality/limit-sets', { token: manager, body: { name: 'Ailleurs', siteId: elsewhere.id, samplingPointId: outlet.id, limits: [{ parameter: 'ph', max: 9 }] } });
    expect([wrongSite.status, wrongSite.body.errors?.[0]?.path]).toEqual([400, 'body.samplingPointId']);
  });
});

describe('lab results', () => {
  const header = 'Point de prélèvement;Date de prélèvement;Paramètre;Résultat;Unité;Méthode;LQ;Laboratoire';
  const line = (point: string, minutes: number, parameter: string, value: string, unit: string, loq = '') => `${point};${frenchTime(at(minutes))};${parameter};${value};${unit};NF EN ISO;${loq};Carso Lyon`;

  it('imports a French lab export: decimal commas, French names, <LQ kept, converted to canonical units, judged at each point', async () => {
    const csv = [
      header,
      line(outlet.id, 10, 'Nitrites', '0,2', 'mg/L', '0,01'),
      line(tap.id, 10, 'Nitrites', '200', 'µg/L', '10'),
      line(tap.id, 10, 'Plomb', '<2', 'µg/l', '2'),
      line(tap.id, 10, 'Nitrates', '2,8', 'mg/L N', '0,5'),
    ].join('\r\n');
    const res = await csvImport(csv);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ received: 4, created: 4, duplicates: 0, exceedancesOpened: 1 });
    // Nitrite 0.2 mg/L: above the plant outlet's 0.10, within the tap's 0.50.
    expect(res.body.rows.map((r: any) => [r.row, r.verdict])).toEqual([[1, 'non_compliant'], [2, 'compliant'], [3, 'compliant'], [4, 'compliant']]);

    const again = await csvImport(csv);
    expect(again.body).toMatchObject({ created: 0, duplicates: 4, exceedancesOpened: 0 });
    expect(again.body.rows.map((r: any) => r.sampleId)).toEqual(res.body.rows.map((r: any) => r.sampleId));

    const conflicting = await csvImport([header, line(tap.id, 10, 'Plomb', '7', 'µg/l', '2')].join('\n'));
    expect([conflicting.status, conflicting.body.code, conflicting.body.rows]).toEqual([422, 'CONFLICTING_SAMPLE', [expect.objectContaining({ row: 1, field: 'value' })]]);
  });

  it('refuses a file with mistakes, numbering every row, and stores nothing of it', async () => {
    const unknownPoint = '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B';
    const res = await csvImport([header, line(tap.id, 20, 'Nitrates', '3,1', 'mg/L'), line(tap.id, 20, 'Kryptonite', '1', 'mg/L'), line(tap.id, 20, 'Plomb', 'beaucoup', 'NTU'), line(unknownPoint, 20, 'Plomb', '3', 'µg/L')].join('\n'));
    expect([res.status, res.body.code]).toEqual([422, 'INVALID_SAMPLES']);
    expect(res.body.rows.map((r: any) => [r.row, r.field])).toEqual([[2, 'parameter'], [3, 'unit'], [3, 'value'], [4, 'samplingPointId']]);
    const json = await call('POST', '/v1/quality/samples', { token: manager, body: { samples: [{ samplingPointId: tap.id, takenAt: iso(at(20)), parameter: 'nitrate', value: 3.1, unit: 'mg/L', lab: 'Carso Lyon' }] } });
    expect(json.body).toMatchObject({ created: 1, duplicates: 0 });
  });

  it('opens a lab exceedance on a non-compliant result and closes it at the next compliant one', async () => {
    const open = await call('GET', `/v1/quality/exceedances?siteId=${site.id}&parameter=nitrite`, { token: manager });
    expect(open.body.data).toEqual([
      expect.objectContaining({ origin: 'lab', samplingPointId: outlet.id, bound: 'max', start: iso(at(10)), end: null, worst: { value: 0.2, at: iso(at(10)) }, limit: expect.objectContaining({ value: 0.1, setId: 'eu-dwd-2020-2184', source: 'Directive (EU) 2020/2184, Annex I, Part B' }) }),
    ]);
    const later = await csvImport([header, line(outlet.id, 40, 'Nitrites', '0,05', 'mg/L', '0,01')].join('\n'));
    expect(later.body).toMatchObject({ created: 1, exceedancesClosed: 1 });
    const closed = await call('GET', `/v1/quality/exceedances?siteId=${site.id}&parameter=nitrite`, { token: manager });
    expect(closed.body.data.map((e: any) => e.end)).toEqual([iso(at(40))]);
  });
});

describe('readings', () => {
  it("open an exceedance of the point's limit, with its alert and the work order its set asks for, and close it", async () => {
    const set = await post('/v1/quality/limit-sets', { name: 'pH sortie usine', siteId: site.id, samplingPointId: outlet.id, limits: [{ parameter: 'ph', min: 6.8, max: 9.2 }], severity: 'critical', openWorkOrder: true });
    const values = [7.6, 9.6, 10.1, 9.9, 8.4];
    const readings = values.map((value, i) => ({ sensorId, ts: iso(at(5 + i)), value }));
    const posted = await call('POST', '/v1/telemetry', { token: admin, body: { readings } });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);

    const found = await eventually(
      async () => (await call('GET', `/v1/quality/exceedances?siteId=${site.id}&parameter=ph`, { token: manager })).body.data as any[],
      (data) => data.length > 0 && data[0].end !== null,
      30_000,
    );
    expect(found).toEqual([
      expect.objectContaining({ origin: 'continuous', sensorId, samplingPointId: outlet.id, bound: 'max', start: iso(at(6)), end: iso(at(9)), worst: { value: 10.1, at: iso(at(7)) }, observations: 3, limit: expect.objectContaining({ value: 9.2, setId: set.id }) }),
    ]);
    // The exceedance's own alert (the tenant's default pH rule, 6.5-9.5, raises one of its own beside it).
    const ofExceedance = async () => ((await call('GET', `/v1/alerts?sensorId=${sensorId}`, { token: manager })).body.data as any[]).filter((a) => a.ruleId === found[0].id);
    const alerts = await eventually(ofExceedance, (a) => a[0]?.status === 'cleared', 30_000);
    expect(alerts.map((a) => [a.id, a.severity, a.status, a.workOrderRequested])).toEqual([[found[0].alertId, 'critical', 'cleared', true]]);
    const workOrders = await call('GET', `/v1/work-orders?siteId=${site.id}`, { token: manager });
    expect(workOrders.body.data.map((w: any) => w.source)).toEqual(['alert']);
  });
});

describe('client isolation', () => {
  it("shows a client its own sites' quality data and another client nothing of it", async () => {
    const own = await call('GET', `/v1/quality/exceedances?siteId=${site.id}`, { token: client });
    expect(own.body.data.length).toBe(2);
    const foreign = await call('GET', `/v1/quality/exceedances?siteId=${site.id}`, { token: otherClient });
    expect([foreign.status, foreign.body.data]).toEqual([200, []]);
    expect((await call('GET', '/v1/quality/exceedances?limit=100', { token: otherClient })).body.data.filter((e: any) => e.siteId === site.id)).toEqual([]);
    expect((await call('GET', `/v1/quality/sampling-points/${outlet.id}`, { token: otherClient })).status).toBe(404);
    const compliance = await call('GET', `/v1/quality/compliance?siteId=${site.id}`, { token: otherClient });
    expect([compliance.status, compliance.body.parameters]).toEqual([200, []]);
    expect((await call('GET', `/v1/quality/sampling-points?siteId=${site.id}`, { token: otherClient })).body.data).toEqual([]);
  });
});

describe('compliance and the monthly report', () => {
  const period = () => `siteId=${site.id}&from=${encodeURIComponent(iso(monthStart))}&to=${encodeURIComponent(iso(hourStart + HOUR))}`;

  it('counts samples, compliant ones, exceedances and the time out of range per parameter', async () => {
    const res = await eventually(
      async () => (await call('GET', `/v1/quality/compliance?${period()}`, { token: client })).body,
      (body) => body.parameters?.find((p: any) => p.parameter === 'ph')?.continuous?.hoursMeasured === 1,
      30_000,
    );
    const row = (code: string) => res.parameters.find((p: any) => p.parameter === code);
    expect(row('nitrite')).toMatchObject({ samplesTaken: 3, samplesCompliant: 2, samplesNonCompliant: 1, shareCompliant: 0.6667, exceedances: 1, continuous: null });
    expect(row('lead')).toMatchObject({ samplesTaken: 1, samplesCompliant: 1, samplesNotAssessable: 0, shareCompliant: 1, exceedances: 0 });
    expect(row('nitrate')).toMatchObject({ samplesTaken: 2, samplesCompliant: 2, exceedances: 0 });
    // One hour of readings, mean (7.6+9.6+10.1+9.9+8.4)/5 = 9.12: within the outlet's 9.2; its exceedance lasted 3 minutes.
    expect(row('ph')).toMatchObject({ samplesTaken: 0, shareCompliant: null, exceedances: 1, continuous: { sensors: 1, hoursMeasured: 1, hoursOutOfRange: 0, exceedanceHours: 0.05 } });
    expect(row('ph').limit.max).toMatchObject({ value: 9.5, source: 'Directive (EU) 2020/2184, Annex I, Part C' });
  });

  it('makes the monthly PDF and CSV, stored as documents of the site', async () => {
    const res = await call('POST', '/v1/quality/reports', { token: manager, body: { siteId: site.id, month } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect([res.body.pdf.contentType, res.body.pdf.status, res.body.pdf.parentType, res.body.pdf.parentId, res.body.csv.contentType]).toEqual(['application/pdf', 'available', 'site', site.id, 'text/csv']);

    const { text, title } = await pdfText(new Uint8Array(await (await fetch(res.body.pdf.download.url)).arrayBuffer()));
    expect(title).toBe(`Water quality compliance report - ${site.name} - ${month}`);
    for (const expected of [
      site.name,
      `Month ${month}`,
      'Nitrite (as NO2) (mg/L)',
      '2/3',
      '66.7 %',
      `nitrite above 0.1 mg/L (Directive (EU) 2020/2184, Annex I, Part B) from ${iso(at(10))} to ${iso(at(40))}`,
      `ph above 9.2 pH (limit set pH sortie usine) from ${iso(at(6))} to ${iso(at(9))}, worst 10.1 pH`,
      'non compliant',
      'Directive (EU) 2020/2184, Annex I, Part C',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/\b(TODO|lorem|undefined|NaN|null)\b|\[object/);

    // A client user of the site's client downloads both through the documents API.
    const pdf = await call('GET', `/v1/documents/${res.body.pdf.id}`, { token: client });
    expect([pdf.status, pdf.body.status]).toEqual([200, 'available']);
    const csvDoc = await call('GET', `/v1/documents/${res.body.csv.id}`, { token: client });
    const csv = await (await fetch(csvDoc.body.download.url)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('parameter,name,unit,samples_taken,samples_compliant,samples_non_compliant,samples_not_assessable,share_compliant,exceedances,hours_measured,hours_out_of_range,exceedance_hours,limit_min,limit_max,limit_source');
    expect(lines.find((l) => l.startsWith('nitrite,'))).toBe('nitrite,Nitrite (as NO2),mg/L,3,2,1,0,0.6667,1,,,,,0.5,"Directive (EU) 2020/2184, Annex I, Part B"');
    expect((await call('GET', `/v1/documents/${res.body.pdf.id}`, { token: otherClient })).status).toBe(404);
  });
});
