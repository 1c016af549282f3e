import { describe, expect, it } from 'vitest';
import { complianceRows, monthRange, reportCsv, type QualityReportModel } from '#domain/quality/compliance';
import type { Exceedance } from '#domain/quality/exceedances';
import { applicableLimit } from '#domain/quality/limit-sets';
import { newSample, type SampleRow } from '#domain/quality/samples';

const { from, to } = monthRange('2026-11');
const limitOf = (code: string) => applicableLimit(code, { siteId: 'S' }, [], '2026-11-30');
const row = (parameter: string, value: number, qualifier: SampleRow['qualifier'] = null, takenAt = '2026-11-10T08:00:00.000Z'): SampleRow => ({
  samplingPointId: 'P',
  takenAt,
  parameter,
  value,
  qualifier,
  unit: 'x',
  limitOfQuantification: null,
  reported: { value: String(value), unit: 'x' },
  method: null,
  lab: null,
});
const sample = (r: SampleRow, i: number) => newSample(`S${i}`, r, { siteId: 'S', clientId: null }, limitOf(r.parameter), '2026-11-30T00:00:00.000Z');
const exceedance = (over: Partial<Exceedance>): Exceedance => ({
  id: 'E',
  version: 1,
  createdAt: '',
  updatedAt: '',
  origin: 'continuous',
  siteId: 'S',
  clientId: null,
  samplingPointId: null,
  sensorId: 'PH_1',
  parameter: 'ph',
  unit: 'pH',
  bound: 'max',
  limit: limitOf('ph')!.max!,
  start: '2026-11-05T10:00:00.000Z',
  end: '2026-11-05T11:30:00.000Z',
  worst: { value: 9.9, at: '2026-11-05T10:10:00.000Z' },
  observations: 10,
  alertId: null,
  ...over,
});

describe('compliance per parameter', () => {
  const samples = [row('lead', 3), row('lead', 12), row('lead', 2, '<'), row('lead', 20, '<'), row('lead', 4, null, '2026-12-02T00:00:00.000Z'), row('nitrate', 10)].map(sample);
  const hours = [0, 1, 2, 3].map((h) => ({ parameter: 'ph', sensorId: 'PH_1', ts: from + h * 3_600_000, outOfRange: h === 2 }));
  const rows = complianceRows({ from, to, now: to, samples, exceedances: [exceedance({}), exceedance({ id: 'E2', parameter: 'lead', origin: 'lab', sensorId: null, start: '2026-10-01T00:00:00.000Z', end: '2026-10-02T00:00:00.000Z' })], hours, limitOf });

  it('counts samples in the period, compliant ones and the share of those assessed', () => {
    const lead = rows.find((r) => r.parameter === 'lead')!;
    expect(lead).toMatchObject({ samplesTaken: 4, samplesCompliant: 2, samplesNonCompliant: 1, samplesNotAssessable: 1, shareCompliant: 0.6667, exceedances: 0, continuous: null });
    expect(rows.find((r) => r.parameter === 'nitrate')).toMatchObject({ samplesTaken: 1, samplesCompliant: 1, shareCompliant: 1 });
  });

  it('gives continuous parameters their hours measured, out of range, and covered by exceedances', () => {
    expect(rows.find((r) => r.parameter === 'ph')).toMatchObject({ samplesTaken: 0, shareCompliant: null, exceedances: 1, continuous: { sensors: 1, hoursMeasured: 4, hoursOutOfRange: 1, exceedanceHours: 1.5 } });
  });

  it('writes the CSV with one line per parameter and the limits with their sources', () => {
    const model: QualityReportModel = { title: 't', reference: 'r', site: { id: 'S', name: 'n' }, period: { from: '', to: '', month: '2026-11' }, rows, exceedances: [], nonCompliantSamples: [], generatedAt: '' };
    const lines = reportCsv(model).trim().split('\r\n');
    expect(lines).toHaveLength(1 + rows.length);
    expect(lines.find((l) => l.startsWith('lead,'))).toBe('lead,Lead,µg/L,4,2,1,1,0.6667,0,,,,,10,"Directive (EU) 2020/2184, Annex I, Part B"');
  });

  it('takes a month in UTC', () => {
    expect(monthRange('2026-12')).toEqual({ from: Date.parse('2026-12-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') });
  });
});
