/**
 * Compliance of a site over a period, per parameter, and the monthly report made from it.
 * Pure.
 *
 *   samplesTaken         lab results taken in the period
 *   samplesCompliant     of them, judged compliant with the limit that applied at their point
 *   shareCompliant       samplesCompliant / (compliant + non-compliant); results below an LOQ
 *                        above the limit (not assessable) and results without a limit are left
 *                        out; null when none is assessed
 *   exceedances          exceedances (lab and continuous) of the parameter overlapping the period
 *   continuous           for parameters measured by sensors, from the telemetry store's hourly
 *                        rollups: hours with data, hours whose mean was beyond the limit that
 *                        applied that hour, and the hours the continuous exceedances cover
 *                        (exact to the reading: from their start and end)
 */
import { parameterOf } from './catalogue';
import { overlapMs, type Exceedance } from './exceedances';
import type { AppliedLimit } from './limit-sets';
import type { Sample } from './samples';

const HOUR = 3_600_000;

/** One hour of a sensor: its mean and whether it was beyond the limit that applied then. */
export interface JudgedHour {
  readonly parameter: string;
  readonly sensorId: string;
  readonly ts: number;
  readonly outOfRange: boolean;
}

export interface ContinuousFigures {
  readonly sensors: number;
  readonly hoursMeasured: number;
  readonly hoursOutOfRange: number;
  readonly exceedanceHours: number;
}

export interface ComplianceRow {
  readonly parameter: string;
  readonly name: string;
  readonly unit: string;
  readonly samplesTaken: number;
  readonly samplesCompliant: number;
  readonly samplesNonCompliant: number;
  readonly samplesNotAssessable: number;
  readonly shareCompliant: number | null;
  readonly exceedances: number;
  readonly continuous: ContinuousFigures | null;
  /** The limit at the site (every point), as it applied at the end of the period. */
  readonly limit: AppliedLimit | null;
}

export interface ComplianceInput {
  readonly from: number;
  readonly to: number;
  readonly now: number;
  readonly samples: readonly Sample[];
  readonly exceedances: readonly Exceedance[];
  readonly hours: readonly JudgedHour[];
  readonly limitOf: (parameter: string) => AppliedLimit | null;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** The per-parameter rows, in catalogue order of the parameters that have samples, exceedances or readings. */
export function complianceRows(input: ComplianceInput): ComplianceRow[] {
  const codes = new Set([...input.samples.map((s) => s.parameter), ...input.exceedances.map((e) => e.parameter), ...input.hours.map((h) => h.parameter)]);
  const inPeriod = (s: Sample) => Date.parse(s.takenAt) >= input.from && Date.parse(s.takenAt) < input.to;
  return [...codes]
    .flatMap((code) => {
      const p = parameterOf(code);
      return p ? [p] : [];
    })
    .map((p) => {
      const samples = input.samples.filter((s) => s.parameter === p.code && inPeriod(s));
      const by = (v: Sample['verdict']) => samples.filter((s) => s.verdict === v).length;
      const compliant = by('compliant');
      const nonCompliant = by('non_compliant');
      const exceedances = input.exceedances.filter((e) => e.parameter === p.code && overlapMs(e, input.from, input.to, input.now) > 0);
      const hours = input.hours.filter((h) => h.parameter === p.code);
      const continuousExceedances = exceedances.filter((e) => e.origin === 'continuous');
      const continuous =
        hours.length > 0 || continuousExceedances.length > 0
          ? {
              sensors: new Set([...hours.map((h) => h.sensorId), ...continuousExceedances.map((e) => e.sensorId)]).size,
              hoursMeasured: hours.length,
              hoursOutOfRange: hours.filter((h) => h.outOfRange).length,
              exceedanceHours: round(continuousExceedances.reduce((sum, e) => sum + overlapMs(e, input.from, input.to, input.now), 0) / HOUR, 2),
            }
          : null;
      return {
        parameter: p.code,
        name: p.name,
        unit: p.unit,
        samplesTaken: samples.length,
        samplesCompliant: compliant,
        samplesNonCompliant: nonCompliant,
        samplesNotAssessable: by('not_assessable'),
        shareCompliant: compliant + nonCompliant === 0 ? null : round(compliant / (compliant + nonCompliant), 4),
        exceedances: exceedances.length,
        continuous,
        limit: input.limitOf(p.code),
      };
    });
}

/** The text of the monthly report, as the PDF and the CSV show it. */
export interface QualityReportModel {
  readonly title: string;
  readonly reference: string;
  readonly site: { readonly id: string; readonly name: string };
  readonly period: { readonly from: string; readonly to: string; readonly month: string };
  readonly rows: readonly ComplianceRow[];
  readonly exceedances: readonly Exceedance[];
  readonly nonCompliantSamples: readonly Sample[];
  readonly generatedAt: string;
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const limitText = (l: AppliedLimit | null) => {
  if (!l) return 'no limit';
  if (l.min && l.max) return `${l.min.value} to ${l.max.value} ${l.unit}`;
  if (l.max) return `max ${l.max.value} ${l.unit}`;
  return `min ${l.min!.value} ${l.unit}`;
};
const sourceText = (l: AppliedLimit | null) => [...new Set([l?.min?.source, l?.max?.source].filter(Boolean))].join('; ');

/** One line per parameter: what the PDF's table shows. */
export function reportTableRows(rows: readonly ComplianceRow[]): string[][] {
  return rows.map((r) => [
    `${r.name} (${r.unit})`,
    limitText(r.limit),
    `${r.samplesCompliant}/${r.samplesTaken}`,
    r.shareCompliant === null ? '-' : `${round(r.shareCompliant * 100, 1)} %`,
    String(r.exceedances),
    r.continuous ? `${r.continuous.hoursOutOfRange} h of ${r.continuous.hoursMeasured} h` : '-',
  ]);
}

export const exceedanceLine = (e: Exceedance): string =>
  `${e.parameter} ${e.bound === 'max' ? 'above' : 'below'} ${e.limit.value} ${e.unit} (${e.limit.source}) from ${e.start} to ${e.end ?? 'ongoing'}, worst ${e.worst.value} ${e.unit} at ${e.worst.at}${e.sensorId ? `, sensor ${e.sensorId}` : ', lab results'}`;

export const sampleLine = (s: Sample): string =>
  `${s.takenAt} ${s.parameter} ${s.qualifier ?? ''}${s.value} ${s.unit} at point ${s.samplingPointId}${s.lab ? ` (${s.lab})` : ''}: ${s.verdict.replace('_', ' ')}, limit ${limitText(s.limit)}`;

const csvField = (v: string) => (/[",\n\r;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const REPORT_CSV_HEADER = [
  'parameter', 'name', 'unit', 'samples_taken', 'samples_compliant', 'samples_non_compliant', 'samples_not_assessable', 'share_compliant', 'exceedances',
  'hours_measured', 'hours_out_of_range', 'exceedance_hours', 'limit_min', 'limit_max', 'limit_source',
] as const;

/** The CSV of the report: one line per parameter, the figures of the PDF's table (RFC 4180, comma-separated, UTF-8). */
export function reportCsv(model: QualityReportModel): string {
  const lines = model.rows.map((r) =>
    [
      r.parameter, r.name, r.unit, String(r.samplesTaken), String(r.samplesCompliant), String(r.samplesNonCompliant), String(r.samplesNotAssessable), num(r.shareCompliant),
      String(r.exceedances), num(r.continuous?.hoursMeasured), num(r.continuous?.hoursOutOfRange), num(r.continuous?.exceedanceHours),
      num(r.limit?.min?.value), num(r.limit?.max?.value), sourceText(r.limit),
    ].map(csvField).join(','),
  );
  return [REPORT_CSV_HEADER.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The first and last instants of `month` (YYYY-MM) in UTC: [from, to). */
export function monthRange(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: Date.UTC(y, m - 1, 1), to: Date.UTC(y, m, 1) };
}
