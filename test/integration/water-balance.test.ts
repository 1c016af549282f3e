/**
 * The water balance of a zone through the local stack: meter readings ingested through the
 * API, billed consumption imported as a French CSV and as JSON, and every figure of the
 * balance checked against volumes known in advance (IWA/AWWA arithmetic written out here,
 * Lambert's UARL, the ILI); imports that are idempotent, corrected by a new import, refused
 * whole with their rows numbered; the balance seen as the zone is.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';
import { ACME, uniqueSensorId, ZONE_BOUNDARY } from '../support/route-fixtures';

const HOUR = 3_600_000;
const DAY = 86_400_000;

let admin: string;
let manager: string;
let client: string;
let otherClient: string;
let zoneId: string;
let inMeter: string;
let outMeter: string;
// Two whole UTC days, ten days ago.
const from = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
const to = from + 2 * DAY;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const french = (ms: number) => day(ms).split('-').reverse().join('/');

async function created(path: string, body: unknown) {
  const res = await call('POST', path, { token: manager, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Readings every 15 minutes at a constant flow (m³/h) over the range, so each hourly mean is that flow. */
async function constantFlow(sensorId: string, m3h: number) {
  const readings = Array.from({ length: (2 * DAY) / (15 * 60_000) }, (_, i) => ({ sensorId, ts: from + i * 15 * 60_000, value: m3h }));
  const res = await call('POST', '/v1/telemetry', { token: admin, body: { readings } });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.rejected).toEqual([]);
}

const balance = async (token = manager, range = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`) =>
  call('GET', `/v1/zones/${zoneId}/water-balance?${range.replace(/\+/g, '%2B')}`, { token });

const importCsv = (csv: string, token = manager) => call('POST', '/v1/consumption', { token, rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });

beforeAll(async () => {
  [admin, manager, client, otherClient] = await Promise.all([tokenFor(USERS.admin), tokenFor(USERS.manager), tokenFor(USERS.client), tokenFor(USERS.otherClient)]);
  const site = await created('/v1/sites', { name: 'Réservoir du Mont', address: '2 rue du Mont, Lyon', location: { lat: 45.76, lon: 4.84 }, clientId: ACME });
  inMeter = (await created('/v1/sensors', { id: uniqueSensorId('WB_IN'), kind: 'flow', siteId: site.id })).id;
  outMeter = (await created('/v1/sensors', { id: uniqueSensorId('WB_OUT'), kind: 'flow', siteId: site.id })).id;
  zoneId = (
    await created('/v1/zones', {
      name: 'Secteur du Mont',
      siteId: site.id,
      boundary: ZONE_BOUNDARY,
      meters: [
        { sensorId: inMeter, direction: 'in' },
        { sensorId: outMeter, direction: 'out' },
      ],
      serviceConnections: 800,
      mainsLengthKm: 12,
      averagePressureM: 50,
      timezone: 'Europe/Paris',
    })
  ).id;
  await Promise.all([constantFlow(inMeter, 50), constantFlow(outMeter, 10)]);
});

describe('the water balance of a zone', () => {
  it('balances known volumes: system input from the meters, billed consumption from a French CSV, losses, UARL and ILI', async () => {
    const csv = [
      'Branchement;Zone;Début;Fin;Volume (m3);Facturé;Comptage',
      `PDL-1;${zoneId};${french(from)};${french(to - DAY)};1 000,5;oui;compteur`,
      `PDL-2;${zoneId};${french(from)};${french(to - DAY)};200;oui;forfait`,
      // Four days, two of them in the range: half its volume counts.
      `PDL-3;${zoneId};${french(from - 2 * DAY)};${french(to - DAY)};100;oui;compteur`,
      `POMPIERS;${zoneId};${french(from)};${french(to - DAY)};50;non;forfait`,
      // Outside the range.
      `PDL-1;${zoneId};${french(from - 40 * DAY)};${french(from - DAY)};999;oui;compteur`,
    ].join('\n');
    const imported = await importCsv(csv);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toEqual({ imported: 5, zones: [zoneId], periodStart: day(from - 40 * DAY), periodEnd: day(to - DAY) });

    const res = await balance();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const b = res.body;
    const siv = (50 - 10) * 48;
    const billedMetered = 1000.5 + 50;
    const billed = billedMetered + 200;
    const unbilled = 50;
    const unauthorised = 0.0025 * siv;
    const underRegistration = (billedMetered * 0.02) / 0.98;
    const dataHandling = 0.0025 * billed;
    const apparent = unauthorised + underRegistration + dataHandling;
    const real = siv - billed - unbilled - apparent;
    const uarl = ((18 * 12 + 0.8 * 800 + 25 * 0) * 50 * 2) / 1000;

    expect(b).toMatchObject({ zoneId, from: new Date(from).toISOString(), to: new Date(to).toISOString(), periodDays: 2 });
    expect(b.systemInputVolume).toEqual({ m3: siv, basis: 'measured', from: 'zone meters (in − out)' });
    expect(b.billedAuthorised.m3).toBeCloseTo(billed, 9);
    expect(b.billedAuthorised.basis).toBe('measured');
    expect(b.unbilledAuthorised).toMatchObject({ m3: unbilled, basis: 'measured' });
    expect(b.nonRevenueWater.m3).toBeCloseTo(siv - billed, 9);
    expect(b.waterLosses.m3).toBeCloseTo(siv - billed - unbilled, 9);
    expect(b.apparentLosses.unauthorisedConsumption).toMatchObject({ basis: 'estimated', from: '0.25 % of system input (AWWA default)' });
    expect(b.apparentLosses.unauthorisedConsumption.m3).toBeCloseTo(unauthorised, 9);
    expect(b.apparentLosses.meterUnderRegistration.m3).toBeCloseTo(underRegistration, 9);
    expect(b.apparentLosses.dataHandlingErrors.m3).toBeCloseTo(dataHandling, 9);
    expect(b.apparentLosses.m3).toBeCloseTo(apparent, 9);
    expect(b.realLosses).toMatchObject({ basis: 'estimated' });
    expect(b.realLosses.m3).toBeCloseTo(real, 9);
    expect(b.unavoidableRealLosses.m3).toBeCloseTo(uarl, 9);
    expect(b.unavoidableRealLosses.basis).toBe('estimated'); // no connection length: Lp taken as 0
    expect(b.infrastructureLeakageIndex.value).toBeCloseTo(real / uarl, 9);
    expect(b.realLossesLPerConnectionPerDay).toBeCloseTo((real * 1000) / 800 / 2, 9);
    expect(b.warnings).toContain('UARL is less reliable below 3 000 service connections');
    expect(b.sources).toEqual({
      meters: [
        { sensorId: inMeter, direction: 'in', m3: 50 * 48, hoursCovered: 48 },
        { sensorId: outMeter, direction: 'out', m3: 10 * 48, hoursCovered: 48 },
      ],
      systemInputHours: 48,
      systemInputCompleteness: 1,
      consumption: { rows: 4, connections: 4, prorated: true, billedMeteredM3: billedMetered, billedUnmeteredM3: 200, unbilledMeteredM3: 0, unbilledUnmeteredM3: 50 },
    });
  });

  it('is idempotent on zone, connection and period: the same import changes nothing, a corrected row replaces the stored one', async () => {
    const before = (await balance()).body;
    const row = { connectionId: 'PDL-1', zoneId, periodStart: day(from), periodEnd: day(to - DAY), volumeM3: 1000.5, billed: true, metered: true };
    // A bare JSON array of rows, twice.
    for (let i = 0; i < 2; i++) expect((await call('POST', '/v1/consumption', { token: manager, body: [row] })).status).toBe(200);
    expect((await balance()).body.billedAuthorised.m3).toBeCloseTo(before.billedAuthorised.m3, 9);
    expect((await call('POST', '/v1/consumption', { token: manager, body: { rows: [{ ...row, volumeM3: 1100.5 }] } })).status).toBe(200);
    const after = (await balance()).body;
    expect(after.billedAuthorised.m3).toBeCloseTo(before.billedAuthorised.m3 + 100, 9);
    expect(after.sources.consumption.rows).toBe(before.sources.consumption.rows);
  });

  it('extrapolates the system input over hours a meter missed, and says it is estimated', async () => {
    const res = await balance(manager, `from=${new Date(from + DAY).toISOString()}&to=${new Date(to + DAY).toISOString()}`);
    expect(res.status).toBe(200);
    expect(res.body.sources.systemInputCompleteness).toBeCloseTo(0.5, 9);
    expect(res.body.systemInputVolume.basis).toBe('estimated');
    expect(res.body.systemInputVolume.m3).toBeCloseTo(40 * 48, 9);
  });

  it('refuses an import whole, listing every bad row by number (problem+json), and stores nothing of it', async () => {
    const before = (await balance()).body.sources.consumption.rows;
    const res = await importCsv(['connexion;zone;debut;fin;volume', `OK-1;${zoneId};${french(from)};${french(from)};1`, `BAD-1;${zoneId};31/02/2026;${french(from)};1`, `BAD-2;01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B;${french(from)};${french(from)};2,5`, `BAD-3;${zoneId};${french(from)};${french(from)};-1`].join('\n'));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('INVALID_CONSUMPTION_ROWS');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.csv.rows.2.periodStart', 'body.csv.rows.3.zoneId', 'body.csv.rows.4.volumeM3']);
    expect((await balance()).body.sources.consumption.rows).toBe(before);
    const json = await call('POST', '/v1/consumption', { token: manager, body: { rows: [{ connectionId: 'X', zoneId, periodStart: day(from), periodEnd: day(from - DAY), volumeM3: 1 }] } });
    expect(json.status).toBe(400);
    expect(json.body.errors).toEqual([{ path: 'body.rows.0.periodEnd', message: 'is before periodStart' }]);
  });

  it('is seen as the zone is: its client, not another client; written by staff only', async () => {
    expect((await balance(client)).status).toBe(200);
    expect((await balance(otherClient)).status).toBe(404);
    const row = { connectionId: 'PDL-9', zoneId, periodStart: day(from), periodEnd: day(from), volumeM3: 1 };
    expect((await call('POST', '/v1/consumption', { token: client, body: [row] })).status).toBe(403);
  });
});
