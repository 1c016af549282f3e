/**
 * Reading timestamps: ISO 8601 with an explicit offset, or epoch milliseconds.
 * Anything else (a local time without offset, epoch seconds, an impossible date) is refused
 * rather than guessed.
 */

/** 2000-01-01T00:00:00Z: earlier epoch values are almost surely seconds, not milliseconds. */
export const EARLIEST_TIMESTAMP_MS = 946_684_800_000;
/** 9999-12-31T23:59:59.999Z. */
export const LATEST_TIMESTAMP_MS = 253_402_300_799_999;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Parses `2026-03-29T01:30:00Z`, `2026-03-29T03:30:00.250+02:00`, `1774747800000` or
 * `'1774747800000'` to epoch milliseconds (sub-millisecond digits are truncated).
 * @returns `undefined` when the value is not one of those forms, names an impossible date,
 *   or lies outside 2000-01-01 .. 9999-12-31.
 */
export function parseTimestamp(input: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof input === 'number') ms = Number.isInteger(input) ? input : undefined;
  else if (typeof input === 'string' && /^\d{1,16}$/.test(input)) ms = Number(input);
  else if (typeof input === 'string') ms = parseIso(input);
  if (ms === undefined || ms < EARLIEST_TIMESTAMP_MS || ms > LATEST_TIMESTAMP_MS) return undefined;
  return ms;
}

function parseIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  const check = new Date(utc);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined; // 2026-02-30
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  return utc - offsetMinutes * 60_000;
}
