/** CSV reading: French and English formats, column detection, key filter, aggregation. */
import { describe, expect, it } from 'vitest';
import { parseCsvSeries, parseLocaleDate, parseLocaleNumber } from '#domain/forecasting/csv';
import { ForecastError } from '#domain/forecasting/errors';

describe('numbers', () => {
  it.each([
    ['1 234,56', 1234.56],
    ['1\u00a0234,56', 1234.56],
    ['1\u202f234,5', 1234.5],
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
    ['1234.56', 1234.56],
    ['-12,5', -12.5],
    ['(12,5)', -12.5],
    ['12,5 €', 12.5],
    ['1 000 000', 1000000],
    ['1,234,567', 1234567],
    ['0', 0],
  ])('%s reads as %d', (raw, expected) => {
    expect(parseLocaleNumber(raw)).toBeCloseTo(expected, 10);
  });

  it.each(['', 'abc', '12a', '-', 'NaN'])('%j is not a number', (raw) => {
    expect(parseLocaleNumber(raw)).toBeNull();
  });
});

describe('dates', () => {
  it('reads day first, as in French', () => {
    expect(parseLocaleDate('05/01/2022')).toEqual([2022, 1, 5]);
    expect(parseLocaleDate('31-12-21')).toEqual([2021, 12, 31]);
    expect(parseLocaleDate('1.2.2020')).toEqual([2020, 2, 1]);
  });

  it('reads ISO and month-only dates', () => {
    expect(parseLocaleDate('2022-01-05')).toEqual([2022, 1, 5]);
    expect(parseLocaleDate('2022-01-05T10:00:00Z')).toEqual([2022, 1, 5]);
    expect(parseLocaleDate('03/2021')).toEqual([2021, 3, 1]);
    expect(parseLocaleDate('2021-03')).toEqual([2021, 3, 1]);
  });

  it('reads French and English month names', () => {
    expect(parseLocaleDate('janv. 2024')).toEqual([2024, 1, 1]);
    expect(parseLocaleDate('15 février 2024')).toEqual([2024, 2, 15]);
    expect(parseLocaleDate('Août 2023')).toEqual([2023, 8, 1]);
    expect(parseLocaleDate('1-déc-2022')).toEqual([2022, 12, 1]);
    expect(parseLocaleDate('Aug 2024')).toEqual([2024, 8, 1]);
    expect(parseLocaleDate('brumaire 2024')).toBeNull();
  });

  it('rejects impossible dates', () => {
    expect(parseLocaleDate('31/02/2022')).toBeNull();
    expect(parseLocaleDate('12/13/2020')).toBeNull();
    expect(parseLocaleDate('hier')).toBeNull();
  });
});

describe('parseCsvSeries', () => {
  const french = [
    'Date;Code;Montant;Commentaire',
    '05/01/2022;146014;1 234,50;janvier',
    '17/01/2022;146014;100;',
    '03/02/2022;146014;1\u00a0300,25;',
    '03/02/2022;200001;9 999,00;autre client',
    '15/04/2022;146014;50,5;mars manquant',
    'pas une date;146014;12,5;',
    '20/04/2022;146014;abc;',
  ].join('\n');

  it('detects the French columns, aggregates by month and reports dropped rows', () => {
    const s = parseCsvSeries(french);
    expect(s.columns).toEqual({ date: 'Date', value: 'Montant', key: null });
    expect(s.start).toBe('2022-01-01');
    expect(s.values).toEqual([1334.5, 1300.25 + 9999, null, 50.5]);
    expect(s.rows).toEqual({ total: 7, used: 5, invalid: 2, filtered: 0 });
  });

  it('keeps one entity with a key (seed 003 by-code)', () => {
    const s = parseCsvSeries(french, { key: { value: '146014' } });
    expect(s.columns.key).toBe('Code');
    expect(s.values).toEqual([1334.5, 1300.25, null, 50.5]);
    expect(s.rows).toEqual({ total: 7, used: 4, invalid: 2, filtered: 1 });
  });

  it('fills empty periods with zero on request', () => {
    expect(parseCsvSeries(french, { key: { value: '146014' }, emptyPeriods: 'zero' }).values).toEqual([1334.5, 1300.25, 0, 50.5]);
  });

  it('averages levels and aggregates to weeks and days', () => {
    const csv = 'date,value\n2024-01-01,10\n2024-01-03,20\n2024-01-09,30\n';
    expect(parseCsvSeries(csv, { frequency: 'week', aggregate: 'mean' })).toMatchObject({ start: '2024-01-01', values: [15, 30] });
    expect(parseCsvSeries(csv, { frequency: 'day' }).values).toEqual([10, null, 20, null, null, null, null, null, 30]);
  });

  it('reads a bare column of values, with quotes and a BOM', () => {
    const s = parseCsvSeries('\uFEFF"montant"\n"1,5"\n2\n3\n');
    expect(s).toMatchObject({ start: null, values: [1.5, 2, 3], columns: { date: null, value: 'montant' } });
  });

  it('accepts explicit column names', () => {
    const s = parseCsvSeries('jour,a,b\n2024-01-15,1,2\n2024-02-15,3,4\n', { dateColumn: 'jour', valueColumn: 'a' });
    expect(s.values).toEqual([1, 3]);
  });

  it('fails clearly when nothing can be read', () => {
    expect(() => parseCsvSeries('')).toThrow(ForecastError);
    expect(() => parseCsvSeries('date;montant\nx;y\n')).toThrow(/no (valid row|value column)/);
    expect(() => parseCsvSeries('date;montant\n01/01/2020;5\n', { valueColumn: 'volume' })).toThrow(/not found/);
  });
});
