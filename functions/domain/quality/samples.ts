/**
 * Lab results: reading them from JSON rows or a CSV file (the English columns, or a French
 * lab's export: `;` separators, decimal commas, `dd/mm/yyyy hh:mm` dates and French column
 * and parameter names), converting each value to its parameter's canonical unit, and
 * judging it against the limit that applies. Pure.
 *
 * A value below the limit of quantification (`<0.5`, `< 0,5`, `<LQ`, `n.d.` with an LOQ)
 * is kept as such, `qualifier: '<'` with the LOQ as `value`, never turned into a number:
 * it is compliant when the LOQ is within the limit and `not_assessable` when it is not.
 * A value given as `>100` (beyond the method's range) is kept the same way with `'>'`.
 */
import { localToUtc } from '#domain/telemetry/calendar';
import { beyond, type AppliedLimit } from './limit-sets';
import { PARAMETERS, parameterOf, type Parameter } from './catalogue';
import { clean, factorTo } from './units';

/** One row as a client sends it (JSON), or as a CSV line reads (every field a string). */
export interface SampleInput {
  readonly samplingPointId?: unknown;
  readonly takenAt?: unknown;
  readonly parameter?: unknown;
  readonly value?: unknown;
  readonly unit?: unknown;
  readonly method?: unknown;
  readonly limitOfQuantification?: unknown;
  readonly lab?: unknown;
}

export type Qualifier = '<' | '>';

/** A row once read: its value in the parameter's canonical unit. */
export interface SampleRow {
  readonly samplingPointId: string;
  readonly takenAt: string;
  readonly parameter: string;
  /** In the canonical unit: the measured value, or the LOQ when `qualifier` is `<` (the bound when `>`). */
  readonly value: number;
  readonly qualifier: Qualifier | null;
  readonly unit: string;
  readonly limitOfQuantification: number | null;
  readonly reported: { readonly value: string; readonly unit: string };
  readonly method: string | null;
  readonly lab: string | null;
}

/** A row read, with its number (1 = the first sample). */
export interface NumberedRow {
  readonly row: number;
  readonly sample: SampleRow;
}

export interface RowError {
  /** 1 = the first sample (in a CSV, the line after the header). */
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** CSV column names, English and French, to the fields of a row. */
const COLUMNS: Readonly<Record<string, keyof SampleInput>> = Object.fromEntries(
  (
    [
      ['samplingPointId', ['samplingpointid', 'samplingpoint', 'point', 'pointdeprelevement', 'pointprelevement', 'idpoint']],
      ['takenAt', ['takenat', 'date', 'datetime', 'sampledat', 'dateprelevement', 'datedeprelevement', 'dateheureprelevement', 'datedeprelevementheure']],
      ['parameter', ['parameter', 'parametre', 'analyte']],
      ['value', ['value', 'result', 'valeur', 'resultat']],
      ['unit', ['unit', 'unite', 'unites']],
      ['method', ['method', 'methode', 'methodeanalyse']],
      ['limitOfQuantification', ['limitofquantification', 'loq', 'lq', 'limitedequantification', 'limitequantification']],
      ['lab', ['lab', 'laboratory', 'laboratoire', 'labo']],
    ] as const
  ).flatMap(([field, names]) => names.map((n) => [n, field])),
);

/** Parameter names as labs write them (French included), folded, to catalogue codes. */
const PARAMETER_NAMES: ReadonlyMap<string, string> = new Map([
  ...PARAMETERS.flatMap((p) => [[fold(p.code), p.code] as const, [fold(p.name), p.code] as const]),
  ...(
    [
      ['ecoli', 'e_coli'], ['escherichiacoli', 'e_coli'], ['enterocoques', 'enterococci'], ['enterocoquesintestinaux', 'enterococci'],
      ['ph', 'ph'], ['turbidite', 'turbidity'], ['chlorelibre', 'free_chlorine'], ['conductivite', 'conductivity'], ['conductivitea20c', 'conductivity'],
      ['nitrates', 'nitrate'], ['nitrites', 'nitrite'], ['plomb', 'lead'], ['cuivre', 'copper'], ['fer', 'iron'], ['fertotal', 'iron'],
      ['chlorures', 'chloride'], ['sulfates', 'sulphate'], ['fluorures', 'fluoride'], ['bromates', 'bromate'], ['chlorates', 'chlorate'],
      ['coliformes', 'coliform_bacteria'], ['bacteriescoliformes', 'coliform_bacteria'], ['temperature', 'temperature'], ['temperaturedeleau', 'temperature'],
      ['mercure', 'mercury'], ['selenium', 'selenium'], ['antimoine', 'antimony'], ['bore', 'boron'], ['cyanures', 'cyanide'], ['chrome', 'chromium'],
      ['cot', 'toc'], ['carboneorganiquetotal', 'toc'], ['oxydabilite', 'oxidisability'], ['couleur', 'colour'], ['odeur', 'odour'], ['saveur', 'taste'],
    ] as const
  ).map(([name, code]) => [name, code] as const),
]);

export const parameterByName = (name: string): Parameter | undefined => parameterOf(PARAMETER_NAMES.get(fold(name)) ?? '');

/** Splits CSV text into rows of fields (RFC 4180 quoting), with `separator`; blank lines dropped. */
function csvRows(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/**
 * The rows of a CSV lab report: the separator is the header's most frequent of `;`, `,` and
 * tab; columns are matched by name (English or French, case and accents ignored).
 */
export function parseSamplesCsv(text: string): { rows: SampleInput[]; errors: RowError[] } {
  const body = text.replace(/^\uFEFF/, '');
  const header = body.split(/\r?\n/, 1)[0] ?? '';
  const separator = [';', ',', '\t'].map((s) => [s, header.split(s).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const [names = [], ...lines] = csvRows(body, separator);
  const fields = names.map((n) => COLUMNS[fold(n)]);
  const errors: RowError[] = [];
  for (const required of ['samplingPointId', 'takenAt', 'parameter', 'value', 'unit'] as const) {
    if (!fields.includes(required)) errors.push({ row: 0, field: required, message: `the header has no ${required} column` });
  }
  if (lines.length === 0) errors.push({ row: 0, field: 'csv', message: 'no sample after the header' });
  const rows = lines.map((line) => Object.fromEntries(fields.flatMap((f, i) => (f && line[i] !== undefined && line[i].trim() !== '' ? [[f, line[i].trim()]] : []))) as SampleInput);
  return { rows, errors };
}

/** A number as labs write it: `0.5`, `0,5`, `2 500`, `1e-3`; undefined when it is not one. */
export function parseLabNumber(text: string): number | undefined {
  const t = text.replace(/[\s\u00a0\u202f]/g, '');
  const normal = t.includes(',') && !t.includes('.') ? t.replace(',', '.') : t;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(normal)) return undefined;
  return Number(normal);
}

const NOT_DETECTED = new Set(['nd', 'nondetecte', 'notdetected', 'lq', 'loq', 'ltloq', 'inflq']);

/** A reported value: a number, `<x` / `>x`, or a not-detected mark (below the LOQ, whose value the LOQ column gives). */
export function parseLabValue(raw: unknown): { value: number | null; qualifier: Qualifier | null } | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw, qualifier: null } : undefined;
  if (typeof raw !== 'string') return undefined;
  const t = raw.trim();
  const q = t[0] === '<' || t[0] === '>' ? (t[0] as Qualifier) : t[0] === '≤' ? '<' : t[0] === '≥' ? '>' : null;
  const rest = q ? t.slice(1).trim() : t;
  if (q === '<' && NOT_DETECTED.has(fold(rest))) return { value: null, qualifier: '<' };
  if (!q && NOT_DETECTED.has(fold(rest))) return { value: null, qualifier: '<' };
  const value = parseLabNumber(rest);
  return value === undefined ? undefined : { value, qualifier: q };
}

/** An instant: ISO 8601 with its offset, or a local time (`2026-11-03 08:30`, `03/11/2026 08:30`, `03/11/2026`) in `tz`. */
export function parseLabTime(raw: unknown, tz: string): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const t = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) {
    const ms = Date.parse(t);
    return Number.isFinite(ms) ? ms : undefined;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})(?:[ T](\d{2})[:h](\d{2})(?::(\d{2}))?)?$/.exec(t);
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]] : fr ? [fr[3], fr[2], fr[1], fr[4], fr[5], fr[6]] : undefined;
  if (!parts) return undefined;
  const [y, mo, d, h, mi, s] = parts.map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return localToUtc(wall, tz);
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);

/**
 * Reads rows into samples in canonical units, or row-numbered errors (every row is checked,
 * so one answer lists every mistake). `tz`: the time zone of times given without an offset.
 */
export function readSampleRows(inputs: readonly SampleInput[], tz: string, now: number): { rows: NumberedRow[]; errors: RowError[] } {
  const rows: NumberedRow[] = [];
  const errors: RowError[] = [];
  inputs.forEach((input, i) => {
    const row = i + 1;
    const fail = (field: string, message: string) => errors.push({ row, field, message });
    const before = errors.length;
    const samplingPointId = text(input.samplingPointId);
    if (!samplingPointId) fail('samplingPointId', 'required');
    const takenAt = parseLabTime(input.takenAt, tz);
    if (takenAt === undefined) fail('takenAt', `not a date and time: ${String(input.takenAt ?? '')} (ISO 8601, or dd/mm/yyyy hh:mm in the given time zone)`);
    else if (takenAt > now + 5 * 60_000) fail('takenAt', 'in the future');
    const parameter = parameterByName(text(input.parameter) ?? '');
    if (!parameter) fail('parameter', `unknown parameter ${String(input.parameter ?? '')} (GET /v1/quality/parameters)`);
    const unitText = text(input.unit);
    const factor = parameter && unitText ? factorTo(parameter.unit, parameter.alternativeUnits, unitText) : undefined;
    if (!unitText) fail('unit', 'required');
    else if (parameter && factor === undefined) fail('unit', `${unitText} is not a unit of ${parameter.code} (${[parameter.unit, ...parameter.alternativeUnits.map((a) => a.unit)].join(', ')})`);
    const parsed = parseLabValue(input.value);
    if (!parsed) fail('value', `not a value: ${String(input.value ?? '')} (a number, <LOQ or >bound)`);
    const loqRaw = input.limitOfQuantification;
    const loq = loqRaw === undefined || loqRaw === null || loqRaw === '' ? null : typeof loqRaw === 'number' ? loqRaw : parseLabNumber(String(loqRaw));
    if (loq === undefined || (loq !== null && !(loq >= 0))) fail('limitOfQuantification', `not a number: ${String(loqRaw)}`);
    if (parsed && parsed.value === null && (loq === null || loq === undefined)) fail('value', 'below the limit of quantification: give the LOQ (limitOfQuantification or <value)');
    if (parsed && parsed.qualifier === null && parsed.value !== null && parsed.value < 0 && parameter?.code !== 'temperature') fail('value', 'negative');
    if (errors.length > before || !parameter || factor === undefined || !parsed || takenAt === undefined || !samplingPointId || loq === undefined) return;
    const convert = (v: number) => clean(v * factor);
    const canonicalLoq = loq === null ? null : convert(loq);
    rows.push({
      row,
      sample: {
      samplingPointId,
      takenAt: new Date(takenAt).toISOString(),
      parameter: parameter.code,
      value: parsed.value === null ? (canonicalLoq as number) : convert(parsed.value),
      qualifier: parsed.qualifier,
      unit: parameter.unit,
      limitOfQuantification: canonicalLoq,
      reported: { value: typeof input.value === 'number' ? String(input.value) : String(input.value).trim(), unit: unitText as string },
      method: text(input.method),
      lab: text(input.lab),
      },
    });
  });
  return { rows, errors };
}

/** The identity of a lab result: the same point, parameter, instant and lab is the same result, however often imported. */
export const sampleNaturalKey = (row: Pick<SampleRow, 'samplingPointId' | 'parameter' | 'takenAt' | 'lab'>): string =>
  `${row.samplingPointId}#${row.parameter}#${row.takenAt}#${fold(row.lab ?? '')}`;

export const VERDICTS = ['compliant', 'non_compliant', 'not_assessable', 'no_limit'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Which bound a value breaks, if any, and the verdict (see the module's doc for values below the LOQ). */
export function judgeSample(row: Pick<SampleRow, 'value' | 'qualifier'>, limit: AppliedLimit | null): { verdict: Verdict; broken: 'min' | 'max' | null } {
  if (!limit || (!limit.min && !limit.max)) return { verdict: 'no_limit', broken: null };
  let assessable = true;
  for (const bound of ['min', 'max'] as const) {
    const l = limit[bound];
    if (!l) continue;
    // `<v`: the truth is below v; `>v`: above it.
    if (row.qualifier === null) {
      if (beyond(bound, l.value, row.value)) return { verdict: 'non_compliant', broken: bound };
    } else if ((row.qualifier === '<') === (bound === 'min')) {
      // The truth lies on the side this bound forbids from v on: beyond it when v is already at or past the bound.
      if (bound === 'min' ? row.value <= l.value : row.value >= l.value) return { verdict: 'non_compliant', broken: bound };
      assessable = false;
    } else if (bound === 'max' ? row.value > l.value : row.value < l.value) assessable = false;
  }
  return { verdict: assessable ? 'compliant' : 'not_assessable', broken: null };
}

/** A stored lab result. */
export interface Sample extends SampleRow {
  readonly id: string;
  readonly createdAt: string;
  readonly siteId: string;
  readonly clientId: string | null;
  readonly naturalKey: string;
  readonly verdict: Verdict;
  readonly limit: AppliedLimit | null;
}

export function newSample(id: string, row: SampleRow, place: { siteId: string; clientId: string | null }, limit: AppliedLimit | null, now: string): Sample {
  return { ...row, id, createdAt: now, siteId: place.siteId, clientId: place.clientId, naturalKey: sampleNaturalKey(row), verdict: judgeSample(row, limit).verdict, limit };
}

/** Whether a stored sample is the same result as a row (a re-import): same value, qualifier and unit. */
export const sameResult = (stored: Pick<SampleRow, 'value' | 'qualifier'>, row: Pick<SampleRow, 'value' | 'qualifier'>): boolean => stored.value === row.value && stored.qualifier === row.qualifier;
