import { describe, expect, it } from 'vitest';
import { applicableLimit } from '#domain/quality/limit-sets';
import { judgeSample, parseLabNumber, parseLabTime, parseLabValue, parseSamplesCsv, readSampleRows, sampleNaturalKey } from '#domain/quality/samples';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const lead = applicableLimit('lead', { siteId: 'S' }, [], '2026-11-20');
const ph = applicableLimit('ph', { siteId: 'S' }, [], '2026-11-20');

describe('lab values', () => {
  it('read numbers as labs write them', () => {
    expect(['0.5', '0,5', '2 500', '1e-3', '-0,2', 'abc', '1,2,3', ''].map(parseLabNumber)).toEqual([0.5, 0.5, 2500, 0.001, -0.2, undefined, undefined, undefined]);
  });

  it('keep a value below the limit of quantification as such, never as a number', () => {
    expect(parseLabValue('<0.5')).toEqual({ value: 0.5, qualifier: '<' });
    expect(parseLabValue('< 0,5')).toEqual({ value: 0.5, qualifier: '<' });
    expect(parseLabValue('<LQ')).toEqual({ value: null, qualifier: '<' });
    expect(parseLabValue('n.d.')).toEqual({ value: null, qualifier: '<' });
    expect(parseLabValue('>100')).toEqual({ value: 100, qualifier: '>' });
    expect(parseLabValue(12.4)).toEqual({ value: 12.4, qualifier: null });
    expect(parseLabValue('traces')).toBeUndefined();
  });

  it('read times with an offset as given and local times in the time zone', () => {
    expect(parseLabTime('2026-11-20T08:30:00+01:00', 'UTC')).toBe(Date.parse('2026-11-20T07:30:00Z'));
    expect(parseLabTime('20/11/2026 08:30', 'Europe/Paris')).toBe(Date.parse('2026-11-20T07:30:00Z'));
    expect(parseLabTime('20/07/2026 08h30', 'Europe/Paris')).toBe(Date.parse('2026-07-20T06:30:00Z'));
    expect(parseLabTime('2026-11-20 08:30', 'UTC')).toBe(Date.parse('2026-11-20T08:30:00Z'));
    expect(parseLabTime('31/02/2026 08:30', 'UTC')).toBeUndefined();
    expect(parseLabTime('yesterday', 'UTC')).toBeUndefined();
  });
});

describe('judging a lab result', () => {
  it('judges a number against both bounds', () => {
    expect(judgeSample({ value: 12, qualifier: null }, lead)).toEqual({ verdict: 'non_compliant', broken: 'max' });
    expect(judgeSample({ value: 9, qualifier: null }, lead)).toEqual({ verdict: 'compliant', broken: null });
    expect(judgeSample({ value: 6.2, qualifier: null }, ph)).toEqual({ verdict: 'non_compliant', broken: 'min' });
  });

  it('judges a result below the LOQ: compliant when the LOQ is within the limit, not assessable otherwise', () => {
    expect(judgeSample({ value: 2, qualifier: '<' }, lead).verdict).toBe('compliant');
    expect(judgeSample({ value: 10, qualifier: '<' }, lead).verdict).toBe('compliant');
    expect(judgeSample({ value: 20, qualifier: '<' }, lead).verdict).toBe('not_assessable');
    // below a minimum the LOQ is already under: certainly too low
    expect(judgeSample({ value: 6, qualifier: '<' }, ph)).toEqual({ verdict: 'non_compliant', broken: 'min' });
  });

  it('judges a result beyond the range of the method', () => {
    expect(judgeSample({ value: 10, qualifier: '>' }, lead)).toEqual({ verdict: 'non_compliant', broken: 'max' });
    expect(judgeSample({ value: 4, qualifier: '>' }, lead).verdict).toBe('not_assessable');
  });

  it('has no verdict where no limit applies', () => {
    expect(judgeSample({ value: 14, qualifier: null }, null).verdict).toBe('no_limit');
  });
});

describe('reading rows', () => {
  it('reads an English CSV, converting to the canonical unit', () => {
    const { rows, errors } = parseSamplesCsv('samplingPointId,takenAt,parameter,value,unit,method,limitOfQuantification,lab\r\nP1,2026-11-20T08:30:00Z,lead,0.012,mg/L,ICP-MS,0.002,Carso\r\n');
    expect(errors).toEqual([]);
    const read = readSampleRows(rows, 'UTC', NOW);
    expect(read.errors).toEqual([]);
    expect(read.rows).toMatchObject([{ row: 1, sample: { samplingPointId: 'P1', parameter: 'lead', value: 12, unit: 'µg/L', limitOfQuantification: 2, qualifier: null, reported: { value: '0.012', unit: 'mg/L' }, lab: 'Carso' } }]);
  });

  it('reads a French lab export: semicolons, decimal commas, French names and dates, <LQ', () => {
    const csv = [
      'Point de prélèvement;Date de prélèvement;Paramètre;Résultat;Unité;Méthode;LQ;Laboratoire',
      'P1;20/11/2026 08:30;Nitrates;12,4;mg/L;NF EN ISO 10304-1;0,5;Carso',
      'P1;20/11/2026 08:30;Plomb;<2;µg/l;NF EN ISO 17294-2;2;Carso',
      'P1;20/11/2026 08:30;Turbidité;0,35;NFU;NF EN ISO 7027;0,1;Carso',
      'P1;20/11/2026 08:30;Escherichia coli;0;UFC/100 mL;NF EN ISO 9308-1;;Carso',
    ].join('\n');
    const parsed = parseSamplesCsv(csv);
    expect(parsed.errors).toEqual([]);
    const { rows, errors } = readSampleRows(parsed.rows, 'Europe/Paris', NOW);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.sample.parameter, r.sample.qualifier, r.sample.value, r.sample.unit, r.sample.takenAt])).toEqual([
      ['nitrate', null, 12.4, 'mg/L', '2026-11-20T07:30:00.000Z'],
      ['lead', '<', 2, 'µg/L', '2026-11-20T07:30:00.000Z'],
      ['turbidity', null, 0.35, 'NTU', '2026-11-20T07:30:00.000Z'],
      ['e_coli', null, 0, 'CFU/100 mL', '2026-11-20T07:30:00.000Z'],
    ]);
  });

  it('numbers every mistake by row, and refuses a header without the required columns', () => {
    const { errors } = readSampleRows(
      [
        { samplingPointId: 'P1', takenAt: '2026-11-20T08:30:00Z', parameter: 'lead', value: 3, unit: 'µg/L' },
        { samplingPointId: 'P1', takenAt: 'hier', parameter: 'lead', value: 3, unit: 'NTU' },
        { samplingPointId: 'P1', takenAt: '2026-11-20T08:30:00Z', parameter: 'kryptonite', value: 'beaucoup', unit: 'mg/L' },
        { samplingPointId: 'P1', takenAt: '2026-11-20T08:30:00Z', parameter: 'lead', value: '<LQ', unit: 'µg/L' },
        { takenAt: '2099-01-01T00:00:00Z', parameter: 'lead', value: 1, unit: 'µg/L' },
      ],
      'UTC',
      NOW,
    );
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'takenAt'],
      [2, 'unit'],
      [3, 'parameter'],
      [3, 'value'],
      [4, 'value'],
      [5, 'samplingPointId'],
      [5, 'takenAt'],
    ]);
    expect(parseSamplesCsv('a,b\n1,2').errors.map((e) => e.field)).toEqual(['samplingPointId', 'takenAt', 'parameter', 'value', 'unit']);
  });

  it('identifies a result by point, parameter, time and lab', () => {
    const base = { samplingPointId: 'P1', parameter: 'lead', takenAt: '2026-11-20T07:30:00.000Z', lab: 'Carso' };
    expect(sampleNaturalKey(base)).toBe(sampleNaturalKey({ ...base, lab: ' carso ' }));
    expect(sampleNaturalKey(base)).not.toBe(sampleNaturalKey({ ...base, lab: 'Eurofins' }));
  });
});
