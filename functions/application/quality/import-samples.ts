/**
 * Lab results, imported. Steps:
 *   1. read the rows: JSON rows as given, or the CSV file (English or French columns,
 *      separator and decimal comma detected); a header without the required columns is refused;
 *   2. read each row (`readSampleRows`): parameter from the catalogue (French names too),
 *      value converted to the parameter's canonical unit, `<LOQ` kept as below the LOQ, the
 *      time in `tz` when it has no offset; and each sampling point named: existing and
 *      visible to the caller; any mistake: 422 INVALID_SAMPLES listing every row's, nothing stored;
 *   3. a row whose natural key (point, parameter, time taken, lab) is already stored is a
 *      duplicate when its value is the same (an import sent twice: nothing written) and a
 *      refusal (422 CONFLICTING_SAMPLE) when it differs;
 *   4. judge each new row against the limit that applied at its point on its day and store it;
 *   5. advance each (point, parameter) lab tracker with the new results in time order: a
 *      non-compliant result opens an exceedance, the next compliant one closes it.
 * The route keeps its answer under the request's Idempotency-Key as well.
 */
import { ulid } from 'ulid';
import { limitSetsOfSite } from '#adapters/dynamodb/limit-sets-repository';
import { getSampleByKey, putNewSample } from '#adapters/dynamodb/quality-samples-repository';
import { getSamplingPoint } from '#adapters/dynamodb/sampling-points-repository';
import { refuseSampleRows } from '#application/refusals';
import type { Principal } from '#domain/principal';
import { parameterOf } from '#domain/quality/catalogue';
import { applicableLimit, type LimitSet } from '#domain/quality/limit-sets';
import { canSeeSamplingPoint, type SamplingPoint } from '#domain/quality/sampling-points';
import { judgeSample, newSample, parseSamplesCsv, readSampleRows, sameResult, sampleNaturalKey, type RowError, type Sample, type SampleInput, type Verdict } from '#domain/quality/samples';
import { advanceTracker } from './advance-tracker';

export type SamplesBody = { readonly samples: readonly SampleInput[] } | { readonly csv: string };

export interface ImportedRow {
  readonly row: number;
  readonly sampleId: string;
  readonly status: 'created' | 'duplicate';
  readonly verdict: Verdict;
}

export interface ImportOutcome {
  readonly received: number;
  readonly created: number;
  readonly duplicates: number;
  readonly rows: readonly ImportedRow[];
  readonly exceedancesOpened: number;
  readonly exceedancesClosed: number;
}

const WRITE_CONCURRENCY = 8;

async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += WRITE_CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + WRITE_CONCURRENCY).map(run))));
  return out;
}

export async function importSamples(who: Principal, body: SamplesBody, tz: string, now: Date): Promise<ImportOutcome> {
  const parsed = 'csv' in body ? parseSamplesCsv(body.csv) : { rows: [...body.samples], errors: [] as RowError[] };
  if (parsed.errors.length > 0) refuseSampleRows(parsed.errors, 'INVALID_SAMPLES');
  const { rows, errors } = readSampleRows(parsed.rows, tz, now.getTime());
  const points = new Map<string, SamplingPoint>();
  for (const id of new Set(rows.map((r) => r.sample.samplingPointId))) {
    const point = await getSamplingPoint(who.tenantId, id);
    if (point && canSeeSamplingPoint(who, point)) points.set(id, point);
  }
  for (const { row, sample } of rows) if (!points.has(sample.samplingPointId)) errors.push({ row, field: 'samplingPointId', message: `no sampling point ${sample.samplingPointId}` });
  if (errors.length > 0) refuseSampleRows(errors.sort((a, b) => a.row - b.row), 'INVALID_SAMPLES');

  const existing = await inBatches(rows, async ({ row, sample }) => ({ row, sample, stored: await getSampleByKey(who.tenantId, sampleNaturalKey(sample)) }));
  const conflicts = existing.filter((e) => e.stored && !sameResult(e.stored, e.sample));
  if (conflicts.length > 0) refuseSampleRows(conflicts.map((c) => ({ row: c.row, field: 'value', message: `a result of ${c.sample.parameter} at this point, time and lab is stored with another value (${c.stored!.qualifier ?? ''}${c.stored!.value} ${c.stored!.unit})` })), 'CONFLICTING_SAMPLE');

  const setsBySite = new Map<string, LimitSet[]>();
  for (const siteId of new Set([...points.values()].map((p) => p.siteId))) setsBySite.set(siteId, await limitSetsOfSite(who.tenantId, siteId));
  const at = now.toISOString();
  const results = await inBatches(existing, async ({ row, sample, stored }): Promise<ImportedRow & { sample?: Sample }> => {
    if (stored) return { row, sampleId: stored.id, status: 'duplicate', verdict: stored.verdict };
    const point = points.get(sample.samplingPointId)!;
    const limit = applicableLimit(sample.parameter, { siteId: point.siteId, samplingPointId: point.id, kind: point.kind }, setsBySite.get(point.siteId) ?? [], sample.takenAt.slice(0, 10));
    const made = newSample(ulid(), sample, { siteId: point.siteId, clientId: point.clientId }, limit, at);
    if (await putNewSample(who.tenantId, made)) return { row, sampleId: made.id, status: 'created', verdict: made.verdict, sample: made };
    // Another import stored it meanwhile: that one stands.
    const first = await getSampleByKey(who.tenantId, made.naturalKey);
    return { row, sampleId: first?.id ?? made.id, status: 'duplicate', verdict: first?.verdict ?? made.verdict };
  });
  const tracked = await trackLabResults(who.tenantId, results.flatMap((r) => (r.sample ? [r.sample] : [])), points, now);
  return {
    received: rows.length,
    created: results.filter((r) => r.status === 'created').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    rows: results.map(({ row, sampleId, status, verdict }) => ({ row, sampleId, status, verdict })),
    exceedancesOpened: tracked.opened,
    exceedancesClosed: tracked.closed,
  };
}

/** Advances the lab tracker of each (point, parameter, bound) with the new results judged against that bound. */
async function trackLabResults(tenantId: string, samples: readonly Sample[], points: ReadonlyMap<string, SamplingPoint>, now: Date): Promise<{ opened: number; closed: number }> {
  const outcome = { opened: 0, closed: 0 };
  const groups = new Map<string, Sample[]>();
  for (const s of samples) groups.set(`${s.samplingPointId}#${s.parameter}`, [...(groups.get(`${s.samplingPointId}#${s.parameter}`) ?? []), s]);
  for (const group of groups.values()) {
    const ordered = [...group].sort((a, b) => a.takenAt.localeCompare(b.takenAt));
    const latest = ordered.at(-1)!;
    const point = points.get(latest.samplingPointId)!;
    for (const bound of ['min', 'max'] as const) {
      const limit = latest.limit?.[bound];
      if (!limit) continue;
      const judged = ordered.flatMap((s) => {
        const { verdict, broken } = judgeSample(s, s.limit);
        return verdict === 'compliant' || verdict === 'non_compliant' ? [{ ts: Date.parse(s.takenAt), value: s.value, beyond: broken === bound }] : [];
      });
      const subject = { origin: 'lab' as const, siteId: point.siteId, clientId: point.clientId, samplingPointId: point.id, sensorId: null, parameter: latest.parameter, unit: parameterOf(latest.parameter)!.unit };
      const step = await advanceTracker(tenantId, { stream: `POINT#${point.id}`, subject, bound, limit, observations: judged }, now);
      outcome.opened += step.opened;
      outcome.closed += step.closed;
    }
  }
  return outcome;
}
