/**
 * CSV text to records, with `csv-parse` (RFC 4180: quoted fields holding delimiters,
 * line breaks and doubled quotes; LF, CRLF or CR line ends). The delimiter is decided
 * first, on the header record, among `;` (French exports), tab, `,` and `|`: giving
 * csv-parse them all would split French decimal commas. A record larger than
 * {@link MAX_RECORD_CHARS} (an unclosed quote swallowing the file) is refused, so a
 * stream never holds more than one record of text.
 */
import { pipeline } from 'node:stream/promises';
import { CsvError, parse as parseStream, type Options } from 'csv-parse';
import { parse as parseText } from 'csv-parse/sync';
import { InvalidForecastInputError } from './errors';

/** The longest record accepted, in characters. */
export const MAX_RECORD_CHARS = 1 << 20;

const DELIMITERS = [';', '\t', ',', '|'] as const;

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** The end of the first record (its first line break outside quotes), or -1 when the text has none yet. */
function firstRecordEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return i;
  }
  return -1;
}

/** The delimiter the header record uses most, outside quotes; `,` when it has none. */
export function detectDelimiter(header: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best: string = ',';
  let most = 0;
  for (const [d, n] of counts) if (n > most) [best, most] = [d, n];
  return best;
}

const optionsFor = (delimiter: string): Options => ({
  delimiter,
  relax_column_count: true,
  relax_quotes: true,
  trim: true,
  skip_empty_lines: true,
  max_record_size: MAX_RECORD_CHARS,
});

function readable(error: unknown): unknown {
  return error instanceof CsvError ? new InvalidForecastInputError(`the CSV is malformed: ${error.message}`) : error;
}

/** Every record of a CSV text. @throws InvalidForecastInputError when the text is not CSV (an unclosed quote) */
export function csvRecords(text: string): string[][] {
  const body = withoutBom(text);
  const end = firstRecordEnd(body);
  try {
    return parseText(body, optionsFor(detectDelimiter(end < 0 ? body : body.slice(0, end)))) as string[][];
  } catch (error) {
    throw readable(error);
  }
}

/**
 * The records of a CSV read from pieces of text cut anywhere, handed to `onRecord` as
 * they are parsed: the same records as {@link csvRecords} on the whole text.
 */
export async function streamCsvRecords(chunks: AsyncIterable<string>, onRecord: (record: string[]) => void): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]();
  // Held until the header record is complete, to decide the delimiter.
  let head = '';
  let done = false;
  while (!done && firstRecordEnd(head) < 0) {
    const next = await iterator.next();
    if (next.done) done = true;
    else head += next.value;
    if (head.length > MAX_RECORD_CHARS) throw new InvalidForecastInputError(`the CSV is malformed: its first record is longer than ${MAX_RECORD_CHARS} characters`);
  }
  head = withoutBom(head);
  const end = firstRecordEnd(head);
  const delimiter = detectDelimiter(end < 0 ? head : head.slice(0, end));
  async function* text() {
    if (head) yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  try {
    await pipeline(text(), parseStream(optionsFor(delimiter)), async (records: AsyncIterable<string[]>) => {
      for await (const record of records) onRecord(record);
    });
  } catch (error) {
    throw readable(error);
  }
}
