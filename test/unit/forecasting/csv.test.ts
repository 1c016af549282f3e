/** CSV reading: French and English formats, column detection, key filter, aggregation. */
import { describe, expect, it } from 'vitest';
import { CsvSeriesReader, DETECTION_ROWS, parseCsvSeries, parseLocaleDate, parseLocaleNumber, readCsvSeries } from '#domain/forecasting/csv';
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

describe('the incremental reader', () => {
  /** A French file longer than the detection sample, with CRLF, quotes, a BOM, invalid rows and two codes. */
  function longFrench(rows: number): string {
    const lines = ['\uFEFFDate;Code;"Montant";Note'];
    for (let i = 0; i < rows; i++) {
      const month = (i % 36) + 1;
      const date = `${String((i % 27) + 1).padStart(2, '0')}/${String(((month - 1) % 12) + 1).padStart(2, '0')}/${2021 + Math.floor((month - 1) / 12)}`;
      const value = i % 97 === 0 ? 'n/a' : `${Math.floor(1000 + 37 * Math.sin(i))} ${String(100 + (i % 900)).slice(-3)},${i % 100}`;
      lines.push(`${i % 101 === 0 ? 'hier' : date};${i % 3 === 0 ? '200001' : '146014'};${i % 5 === 0 ? `"${value}"` : value};${i % 7 === 0 ? '"un ; deux"' : ''}`);
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  const chunked = (text: string, size: number, options = {}) => {
    const reader = new CsvSeriesReader(options);
    for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
    return reader.end();
  };

  it('gives exactly what the whole text gives, whatever the cut of the pieces (lines, CRLF and quotes cut anywhere)', () => {
    const text = longFrench(3 * DETECTION_ROWS + 17);
    for (const options of [{}, { key: { value: '146014' } }, { frequency: 'week' as const, aggregate: 'mean' as const }]) {
      const whole = parseCsvSeries(text, options);
      expect(whole.rows.invalid).toBeGreaterThan(0);
      for (const size of [1, 2, 3, 7, 64, 1000, text.length]) expect(chunked(text, size, options), `pieces of ${size}`).toEqual(whole);
    }
  });

  it('detects the columns on the first rows, as the whole-text reader does, even when the file is shorter than the sample', () => {
    const short = 'date;montant\n15/01/2022;1 234,5\n15/02/2022;1 300\n';
    expect(chunked(short, 5)).toEqual(parseCsvSeries(short));
    expect(chunked(short, 5).values).toEqual([1234.5, 1300]);
  });

  it('reads an async stream of pieces', async () => {
    const text = longFrench(500);
    async function* pieces() {
      for (let i = 0; i < text.length; i += 333) yield text.slice(i, i + 333);
    }
    expect(await readCsvSeries(pieces(), { key: { value: '146014' } })).toEqual(parseCsvSeries(text, { key: { value: '146014' } }));
  });

  it('holds one sum per period, not the rows: 200 000 rows of one month in pieces', () => {
    const reader = new CsvSeriesReader();
    reader.push('date;montant\n');
    const block = '15/03/2024;1,5\n'.repeat(10_000);
    for (let i = 0; i < 20; i++) reader.push(block);
    const s = reader.end();
    expect(s.values).toEqual([300_000]);
    expect(s.rows).toEqual({ total: 200_000, used: 200_000, invalid: 0, filtered: 0 });
  });

  it('fails as the whole-text reader does: empty, unknown column (as soon as the sample is read), and no push after the end', () => {
    expect(() => new CsvSeriesReader().end()).toThrow(/empty/);
    const reader = new CsvSeriesReader({ valueColumn: 'volume' });
    reader.push('date;montant\n');
    expect(() => reader.push('01/01/2020;5\n'.repeat(DETECTION_ROWS))).toThrow(/not found/);
    const done = new CsvSeriesReader();
    done.push('montant\n1\n');
    done.end();
    expect(() => done.push('2\n')).toThrow();
  });
});
