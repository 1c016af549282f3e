/** CSV reading: RFC 4180 records, French and English formats, column detection, key filter, aggregation. */
import { describe, expect, it } from 'vitest';
import { CsvSeriesReader, DETECTION_ROWS, parseCsvSeries, parseLocaleDate, parseLocaleNumber, readCsvSeries } from '#domain/forecasting/csv';
import { csvRecords, detectDelimiter, MAX_RECORD_CHARS } from '#domain/forecasting/csv-records';
import { ForecastError, InvalidForecastInputError } from '#domain/forecasting/errors';

/** The text in pieces of `size` characters, as a stream. */
async function* piecesOf(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

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

describe('CSV records (RFC 4180)', () => {
  it('keeps a quoted field holding the delimiter, a line break or doubled quotes in one field of one row', () => {
    expect(csvRecords('name,note,value\n"Dupont, Jean","line one\nline two",5\n"say ""hi""",x,6\n')).toEqual([
      ['name', 'note', 'value'],
      ['Dupont, Jean', 'line one\nline two', '5'],
      ['say "hi"', 'x', '6'],
    ]);
  });

  it('reads CRLF and CR line ends, with or without a final line break, and drops a BOM', () => {
    const expected = [['a', 'b'], ['1', '2'], ['3', '4']];
    for (const text of ['a,b\r\n1,2\r\n3,4\r\n', 'a,b\r\n1,2\r\n3,4', 'a,b\n1,2\n3,4\n', 'a,b\r1,2\r3,4', '\uFEFFa,b\r\n1,2\r\n3,4\r\n']) {
      expect(csvRecords(text), JSON.stringify(text)).toEqual(expected);
    }
    expect(csvRecords('a,b\r\n"x\r\ny",2\r\n')).toEqual([['a', 'b'], ['x\r\ny', '2']]);
  });

  it('decides the delimiter on the header, outside quotes: `;` with decimal commas stays `;`', () => {
    expect(detectDelimiter('date;montant')).toBe(';');
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
    expect(detectDelimiter('date\tvalue')).toBe('\t');
    expect(detectDelimiter('value')).toBe(',');
    expect(csvRecords('date;montant\n05/01/2022;1 234,50\n')).toEqual([['date', 'montant'], ['05/01/2022', '1 234,50']]);
  });

  it('refuses a quote never closed, or a record longer than the limit, as invalid input (a 4xx), never a crash', () => {
    expect(() => csvRecords('a,b\n"open,1\n2,3\n')).toThrow(InvalidForecastInputError);
    expect(() => csvRecords(`a\n"${'x'.repeat(MAX_RECORD_CHARS + 10)}"\n`)).toThrow(InvalidForecastInputError);
  });
});

describe('a series from RFC 4180 and French files', () => {
  it('counts a quoted note holding a line break as one row, not two (one of them invalid)', () => {
    const text = 'date;montant;note\n05/01/2022;10;"relevé\nmanuel"\n06/02/2022;20;""\n07/03/2022;"1 234,5";"dit ""estimé"""\n';
    const s = parseCsvSeries(text);
    expect(s.rows).toEqual({ total: 3, used: 3, invalid: 0, filtered: 0 });
    expect(s.values).toEqual([10, 20, 1234.5]);
  });

  it('reads the French formats: `;`, decimal commas, spaces grouping thousands, dd/mm/yyyy, CRLF and a BOM', () => {
    const text = '\uFEFFDate;Valeur\r\n31/01/2024;1 204,6\r\n29/02/2024;"1 300,25"\r\n15/03/2024;-2,5\r\n';
    expect(parseCsvSeries(text)).toMatchObject({ start: '2024-01-01', values: [1204.6, 1300.25, -2.5], columns: { date: 'Date', value: 'Valeur' } });
  });

  it('reads the English formats: `,`, decimal points, quoted thousands, ISO dates', () => {
    const text = 'date,amount\n2024-01-31,"1,204.6"\n2024-02-29,1300.25\n';
    expect(parseCsvSeries(text)).toMatchObject({ start: '2024-01-01', values: [1204.6, 1300.25], columns: { date: 'date', value: 'amount' } });
  });

  it('fails with a clear message on a quote never closed', () => {
    expect(() => parseCsvSeries('date;montant\n05/01/2022;"10\n')).toThrow(/malformed.*[Qq]uote/);
  });
});

describe('column detection', () => {
  const values = ['5204.6', '5310.2', '5188.9', '5402.1'];

  it('takes a single `value` column of numbers like 5204.6 for the values, not for yyyy.m dates', () => {
    const s = parseCsvSeries(`value\n${values.join('\n')}\n`);
    expect(s).toMatchObject({ start: null, values: [5204.6, 5310.2, 5188.9, 5402.1], columns: { date: null, value: 'value' } });
  });

  it.each(['valeur', 'Montant', 'volume', 'consommation'])('takes a column named %s for the values, beside a date column, whatever its numbers look like', (name) => {
    const s = parseCsvSeries(`${name};date\n${values.map((v, i) => `${v};0${i + 1}/01/2024`).join('\n')}\n`, { frequency: 'day' });
    expect(s.columns).toEqual({ date: 'date', value: name, key: null });
    expect(s.values).toEqual([5204.6, 5310.2, 5188.9, 5402.1]);
  });

  it('takes a column of numbers for the values, without a header, rather than dates with nothing left to forecast', () => {
    expect(parseCsvSeries(`${values.join('\n')}\n`)).toMatchObject({ start: null, columns: { date: null, value: 'column 1' }, values: [5204.6, 5310.2, 5188.9, 5402.1] });
  });

  it('finds the date by its header before its content, and a `date de valeur` is a date', () => {
    expect(parseCsvSeries('date de valeur;index\n2024.1;10\n2024.2;20\n').columns).toEqual({ date: 'date de valeur', value: 'index', key: null });
    expect(parseCsvSeries('when,reading\n2024-01-15,10\n2024-02-15,20\n')).toMatchObject({ columns: { date: 'when', value: 'reading' }, values: [10, 20] });
  });
});

describe('the streamed reader', () => {
  /** A French file longer than the detection sample, with CRLF, quotes, quoted line breaks, a BOM, invalid rows and two codes. */
  function longFrench(rows: number): string {
    const lines = ['\uFEFFDate;Code;"Montant";Note'];
    for (let i = 0; i < rows; i++) {
      const month = (i % 36) + 1;
      const date = `${String((i % 27) + 1).padStart(2, '0')}/${String(((month - 1) % 12) + 1).padStart(2, '0')}/${2021 + Math.floor((month - 1) / 12)}`;
      const value = i % 97 === 0 ? 'n/a' : `${Math.floor(1000 + 37 * Math.sin(i))} ${String(100 + (i % 900)).slice(-3)},${i % 100}`;
      lines.push(`${i % 101 === 0 ? 'hier' : date};${i % 3 === 0 ? '200001' : '146014'};${i % 5 === 0 ? `"${value}"` : value};${i % 7 === 0 ? '"un ; deux"' : i % 11 === 0 ? '"sur\r\ndeux lignes"' : ''}`);
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  it('gives exactly what the whole text gives, whatever the cut of the pieces (lines, CRLF, quotes and quoted line breaks cut anywhere)', async () => {
    const text = longFrench(3 * DETECTION_ROWS + 17);
    for (const options of [{}, { key: { value: '146014' } }, { frequency: 'week' as const, aggregate: 'mean' as const }]) {
      const whole = parseCsvSeries(text, options);
      expect(whole.rows.invalid).toBeGreaterThan(0);
      for (const size of [1, 2, 3, 7, 64, 1000, text.length]) expect(await readCsvSeries(piecesOf(text, size), options), `pieces of ${size}`).toEqual(whole);
    }
  });

  it('detects the columns on the first rows, as the whole-text reader does, even when the file is shorter than the sample', async () => {
    const short = 'date;montant\n15/01/2022;1 234,5\n15/02/2022;1 300\n';
    expect(await readCsvSeries(piecesOf(short, 5))).toEqual(parseCsvSeries(short));
    expect((await readCsvSeries(piecesOf(short, 5))).values).toEqual([1234.5, 1300]);
  });

  it('holds one sum per period, not the rows: 200 000 rows of one month in pieces', async () => {
    async function* blocks() {
      yield 'date;montant\n';
      const block = '15/03/2024;1,5\n'.repeat(10_000);
      for (let i = 0; i < 20; i++) yield block;
    }
    const s = await readCsvSeries(blocks());
    expect(s.values).toEqual([300_000]);
    expect(s.rows).toEqual({ total: 200_000, used: 200_000, invalid: 0, filtered: 0 });
  });

  it('fails as the whole-text reader does: empty, unknown column, an unclosed quote; and takes no record after the end', async () => {
    await expect(readCsvSeries(piecesOf('', 1))).rejects.toThrow(/empty/);
    await expect(readCsvSeries(piecesOf(`date;montant\n${'01/01/2020;5\n'.repeat(DETECTION_ROWS)}`, 7), { valueColumn: 'volume' })).rejects.toThrow(/not found/);
    await expect(readCsvSeries(piecesOf('date;montant\n01/01/2020;"5\n', 3))).rejects.toThrow(InvalidForecastInputError);
    const done = new CsvSeriesReader();
    done.record(['montant']);
    done.record(['1']);
    done.end();
    expect(() => done.record(['2'])).toThrow();
  });
});
