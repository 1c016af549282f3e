/**
 * The DynamoDB telemetry store: raw points, rollups kept up to date at ingest, and a
 * latest item per sensor, in the telemetry table (layout in `lib/model/telemetry-table.ts`).
 *
 * Exactly-once rollups, each rollup item written once per batch: a batch's readings are
 * merged per sensor and rollup bucket (`bucketPartials`) before anything is written. When
 * a sensor's readings fit in one TransactWriteItems with the rollups they touch (steady
 * flow), that transaction puts every raw point conditioned on `attribute_not_exists(PK)`
 * and every rollup (read consistently, merged) conditioned on the version it was read at.
 * A larger batch of one sensor (a burst, a logger's buffer) is cut into groups, each stored
 * in parallel in one transaction with a journal item holding the group's merged rollup
 * deltas; the journals are then applied together, each rollup put once (conditioned on its
 * version) in the same transaction that deletes them (conditioned on their existence). A
 * replayed reading fails its raw condition, so the transaction is cancelled and retried
 * without it: nothing is counted twice, and a crash can never leave a raw point without its
 * rollup delta (the journal that holds it is applied by the next write that meets a
 * replay, or the next burst, of that sensor). A concurrent writer of the same rollup makes
 * a version condition fail; the items are then re-read and retried with backoff. Rollup
 * items are Puts of merged partials rather than UpdateItem `ADD`s: min, max, first and last
 * are not additive.
 *
 * Rollups hold one mergeable partial per quality (`G`, `U`, `B`), so a quality filter can
 * still be answered from them. UTC minute, quarter-hour, hour and day rollups: the query
 * engine picks the coarsest one that tiles the buckets of the query's zone (day rollups for
 * `1d` in UTC, hour rollups for `1h`..`1mo` in whole-hour zones such as Europe/Paris,
 * quarter-hour rollups in half- and quarter-hour zones such as Asia/Kolkata and
 * Asia/Kathmandu, minute rollups for `1m`/`5m`). Raw points and minute rollups expire with
 * the raw retention; quarter-hour, hour and day rollups are kept.
 */
import { randomInt } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mergePartials, partialOf, type Partial } from '#domain/telemetry/partials';
import {
  aggregatePage,
  checkQuery,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  qualityFilter,
  rawPage,
  TENANT_ID_PATTERN,
  type TimedPartial,
} from '#domain/telemetry/query';
import type { QueryPage, TelemetryQuery, TelemetryStore, WriteResult } from '#domain/telemetry/store';
import { QUALITIES, SENSOR_ID_PATTERN, type Quality, type Reading } from '#domain/telemetry/types';
import { bucketPartials, mergeQualityPartials, type QualityPartials } from '#domain/telemetry/rollup-merge';
import { uniqueReadings, type Rejection } from '#domain/telemetry/validation';
import { backoffMs, sleep } from './backoff';
import { withQueryErrors } from './query-errors';

export interface DynamoDbTelemetryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /**
   * Raw points and minute rollups expire this many days after the reading's time.
   * @default 400
   */
  readonly rawRetentionDays?: number;
  /**
   * Serve aggregated queries from rollups; `false` aggregates raw points (benchmark baseline).
   * @default true
   */
  readonly useRollups?: boolean;
  /**
   * Sensors whose groups are written concurrently.
   * @default 4
   */
  readonly writeConcurrency?: number;
}

const MAX_TRANSACTION_ACTIONS = 100;
const MAX_GROUP_STALLS = 10;
/** Groups of one sensor's burst stored at once (they share no item). */
const JOURNAL_GROUP_CONCURRENCY = 8;
/** Raw pages stop after this many empty day partitions, with a cursor (sparse data, long range). */
const MAX_RAW_PARTITIONS_PER_PAGE = 62;

/** Rollup levels: minute, quarter-hour, hour, day (UTC-aligned). */
type Level = 'M' | 'Q' | 'H' | 'D';
const LEVELS = ['M', 'Q', 'H', 'D'] as const;
const LEVEL_STEP: Record<Level, number> = { M: MINUTE_MS, Q: 15 * MINUTE_MS, H: HOUR_MS, D: DAY_MS };
/** Steps the query engine may ask for, coarsest first. */
const ROLLUP_STEPS = [DAY_MS, HOUR_MS, 15 * MINUTE_MS, MINUTE_MS];
const QUALITY_ATTR: Record<Quality, 'G' | 'U' | 'B'> = { GOOD: 'G', UNCERTAIN: 'U', BAD: 'B' };

/** A partial as stored in a rollup item (short names: they are repeated in every item). */
interface StoredPartial {
  n: number;
  s: number;
  ss: number;
  mn: number;
  mx: number;
  ft: number;
  fv: number;
  lt: number;
  lv: number;
}

/** A rollup item's partials as stored: `G`, `U`, `B`. */
type StoredQualities = { [A in 'G' | 'U' | 'B']?: StoredPartial };

const toStoredQualities = (partials: QualityPartials): StoredQualities =>
  Object.fromEntries(QUALITIES.flatMap((q) => (partials[q] ? [[QUALITY_ATTR[q], toStored(partials[q])]] : [])));
const fromStoredQualities = (stored: StoredQualities): QualityPartials =>
  Object.fromEntries(QUALITIES.flatMap((q) => (stored[QUALITY_ATTR[q]] ? [[q, fromStored(stored[QUALITY_ATTR[q]] as StoredPartial)]] : [])));

/** A reading of the batch with its index in the input. */
type Entry = { readonly index: number; readonly reading: Reading };
/** A rollup item's key and level. */
type RollupBucket = { readonly PK: string; readonly SK: number; readonly level: Level };
/** What a batch adds to one rollup item. */
type RollupDelta = { readonly bucket: RollupBucket; readonly delta: QualityPartials };
interface GroupOutcome {
  readonly accepted: Reading[];
  readonly rejected: Rejection[];
  /** Readings found already stored, identically (an earlier delivery stored them). */
  readonly replays: number;
}

const toStored = (p: Partial): StoredPartial => ({ n: p.count, s: p.sum, ss: p.sumSquares, mn: p.min, mx: p.max, ft: p.firstTs, fv: p.first, lt: p.lastTs, lv: p.last });
const fromStored = (s: StoredPartial): Partial => ({ count: s.n, sum: s.s, sumSquares: s.ss, min: s.mn, max: s.mx, firstTs: s.ft, first: s.fv, lastTs: s.lt, last: s.lv });

// ----- keys: built here and only here --------------------------------------------------------

const utcDay = (ts: number) => new Date(ts).toISOString().slice(0, 10);
const sensorPrefix = (tenantId: string, sensorId: string) => `T#${tenantId}#S#${sensorId}`;

/** Partition of the raw points of a sensor's UTC day. */
export const rawPartition = (tenantId: string, sensorId: string, ts: number) => `${sensorPrefix(tenantId, sensorId)}#${utcDay(ts)}`;

/** Partition and sort key of the rollup of `level` that contains `ts`. */
export function rollupKey(tenantId: string, sensorId: string, level: Level, ts: number): { PK: string; SK: number } {
  const step = LEVEL_STEP[level];
  const start = Math.floor(ts / step) * step;
  const period = level === 'M' ? utcDay(ts) : level === 'D' ? utcDay(ts).slice(0, 4) : utcDay(ts).slice(0, 7);
  return { PK: `${sensorPrefix(tenantId, sensorId)}#${level}#${period}`, SK: start };
}

export const latestKey = (tenantId: string, sensorId: string) => ({ PK: `${sensorPrefix(tenantId, sensorId)}#LATEST`, SK: 0 });

/** A rollup journal item of a sensor: a group's rollup deltas, waiting to be applied. */
export const journalKey = (tenantId: string, sensorId: string, id: number) => ({ PK: `${sensorPrefix(tenantId, sensorId)}#J`, SK: id });

/** The partitions of `level` (or raw, for `R`) that cover `[from, to)`, in time order. */
export function partitionsCovering(tenantId: string, sensorId: string, level: Level | 'R', from: number, to: number): Array<{ pk: string; from: number; to: number }> {
  const out: Array<{ pk: string; from: number; to: number }> = [];
  let t = from;
  while (t < to) {
    const d = new Date(t);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const periodEnd = level === 'D' ? Date.UTC(y + 1, 0, 1) : level === 'H' || level === 'Q' ? Date.UTC(y, m + 1, 1) : Date.UTC(y, m, d.getUTCDate() + 1);
    const end = Math.min(to, periodEnd);
    const pk = level === 'R' ? rawPartition(tenantId, sensorId, t) : rollupKey(tenantId, sensorId, level, t).PK;
    out.push({ pk, from: t, to: end });
    t = end;
  }
  return out;
}

// ----- the store ---------------------------------------------------------------------------

export function createDynamoDbTelemetryStore(options: DynamoDbTelemetryOptions): TelemetryStore {
  const { client, tableName } = options;
  const retentionSeconds = (options.rawRetentionDays ?? 400) * 86_400;
  const useRollups = options.useRollups ?? true;
  const concurrency = options.writeConcurrency ?? 4;
  const expiresAt = (ts: number) => Math.floor(ts / 1000) + retentionSeconds;

  async function write(tenantId: string, readings: readonly Reading[]): Promise<WriteResult> {
    assertTenant(tenantId);
    const { entries, repeats, rejected } = uniqueReadings(readings);
    let written = repeats;

    const bySensor = new Map<string, Entry[]>();
    for (const entry of entries) {
      const list = bySensor.get(entry.reading.sensorId) ?? [];
      list.push(entry);
      bySensor.set(entry.reading.sensorId, list);
    }
    const chains = [...bySensor.values()].map((list) => list.sort((a, b) => a.reading.ts - b.reading.ts));
    const latestAccepted = new Map<string, Reading>();
    await pool(chains, concurrency, async (chain) => {
      const outcome = await writeChain(tenantId, chain);
      written += outcome.accepted.length;
      rejected.push(...outcome.rejected);
      for (const r of outcome.accepted) {
        const current = latestAccepted.get(r.sensorId);
        if (!current || current.ts < r.ts) latestAccepted.set(r.sensorId, r);
      }
    });
    // Idempotent (conditioned on ts), so replays also repair a latest item a crash left behind.
    await Promise.all([...latestAccepted.values()].map((r) => updateLatest(tenantId, r)));
    rejected.sort((a, b) => a.index - b.index);
    return { written, rejected };
  }

  /**
   * One sensor's readings of the batch (in time order). When they fit in one transaction
   * with their rollups, that transaction stores them and writes each rollup once. Otherwise
   * (a burst, a buffer upload) the readings are cut into groups, each stored with a journal
   * item holding the group's merged rollup deltas, in one transaction (groups run in
   * parallel: they share no item); then the journals are applied, each rollup written once
   * for all of them, and deleted in the same transaction. A replayed reading means an earlier
   * attempt stored it, maybe without applying its journal (a crash): pending journals are
   * applied then too.
   */
  async function writeChain(tenantId: string, chain: Entry[]): Promise<GroupOutcome> {
    const sensorId = (chain[0] as Entry).reading.sensorId;
    const direct = rollupKeyCount(tenantId, chain) + chain.length <= MAX_TRANSACTION_ACTIONS;
    const outcomes: GroupOutcome[] = [];
    if (direct) outcomes.push(await writeGroup(tenantId, chain, 'rollups'));
    else await pool(journalGroups(tenantId, chain), JOURNAL_GROUP_CONCURRENCY, async (group) => void outcomes.push(await writeGroup(tenantId, group, 'journal')));
    if (!direct || outcomes.some((o) => o.replays > 0)) await applyJournals(tenantId, sensorId);
    return {
      accepted: outcomes.flatMap((o) => o.accepted),
      rejected: outcomes.flatMap((o) => o.rejected),
      replays: outcomes.reduce((n, o) => n + o.replays, 0),
    };
  }

  /** The rollup buckets a reading counts in, one per level. */
  const bucketsOf = (tenantId: string, r: Reading): RollupBucket[] => LEVELS.map((level) => ({ ...rollupKey(tenantId, r.sensorId, level, r.ts), level }));

  function rollupKeyCount(tenantId: string, chain: Entry[]): number {
    return new Set(chain.flatMap((e) => bucketsOf(tenantId, e.reading).map(keyString))).size;
  }

  /**
   * Cuts a sensor's readings into groups of one transaction each (raw points and the
   * journal item), whose rollup buckets can be applied in one transaction too.
   */
  function journalGroups(tenantId: string, chain: Entry[]): Entry[][] {
    const out: Entry[][] = [];
    let current: Entry[] = [];
    let buckets = new Set<string>();
    for (const entry of chain) {
      const keys = bucketsOf(tenantId, entry.reading).map(keyString);
      const added = keys.filter((k) => !buckets.has(k)).length;
      if (current.length + 2 > MAX_TRANSACTION_ACTIONS || buckets.size + added + 1 > MAX_TRANSACTION_ACTIONS) {
        out.push(current);
        current = [];
        buckets = new Set();
      }
      current.push(entry);
      for (const k of keys) buckets.add(k);
    }
    if (current.length) out.push(current);
    return out;
  }

  /**
   * Stores a group's raw points, each conditioned on not existing yet, in one transaction
   * with either the rollups the group touches (read, merged with the group's partials, put
   * conditioned on the version read) or a journal item holding those partials. A cancelled
   * transaction is retried without the readings already stored (identical: accepted as a
   * replay; another value: rejected); one cancelled by a concurrent writer backs off.
   */
  async function writeGroup(tenantId: string, group: Entry[], rollups: 'rollups' | 'journal'): Promise<GroupOutcome> {
    const accepted: Reading[] = [];
    const rejected: Rejection[] = [];
    let replays = 0;
    let pending = group;
    // Retries that resolved no reading (a concurrent writer, throttling) back off and are bounded;
    // retries after removing already-stored readings go straight on.
    let stalls = 0;
    while (pending.length > 0) {
      const rawPuts = pending.map(({ reading }) => ({
        Put: {
          TableName: tableName,
          Item: rawItem(tenantId, reading),
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      }));
      const deltas = bucketDeltas(tenantId, pending.map((p) => p.reading));
      const others = rollups === 'rollups' ? rollupPuts(await mergedRollups(deltas)) : [journalPut(tenantId, (group[0] as Entry).reading.sensorId, deltas)];
      try {
        await client.send(new TransactWriteCommand({ TransactItems: [...rawPuts, ...others] }));
        accepted.push(...pending.map((p) => p.reading));
        return { accepted, rejected, replays };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons.some((r) => r.Code === 'ValidationError')) throw error;
        const stillPending: Entry[] = [];
        pending.forEach((entry, i) => {
          const reason = reasons[i];
          if (reason?.Code !== 'ConditionalCheckFailed') return stillPending.push(entry);
          // Already stored: a replay if identical (accepted), else a conflicting value (rejected).
          const old = reason.Item ? unmarshall(reason.Item) : undefined;
          if (old && old.v === entry.reading.value && old.q === entry.reading.quality) {
            accepted.push(entry.reading);
            replays++;
          } else rejected.push({ index: entry.index, code: 'CONFLICTING_READING', message: 'a reading with the same sensor and timestamp and another value is already stored' });
          return undefined;
        });
        if (stillPending.length === pending.length) {
          stalls++;
          if (stalls === MAX_GROUP_STALLS) throw new Error(`telemetry write: transaction still cancelled after ${stalls} attempts`, { cause: error });
          await sleep(backoffMs(stalls));
        }
        pending = stillPending;
      }
    }
    return { accepted, rejected, replays };
  }

  /** The readings' partials merged per rollup bucket (each bucket once, whatever the number of readings). */
  function bucketDeltas(tenantId: string, readings: readonly Reading[]): Map<string, RollupDelta> {
    const buckets = new Map<string, RollupBucket>();
    const partials = bucketPartials(readings, (r) =>
      bucketsOf(tenantId, r).map((b) => {
        const k = keyString(b);
        buckets.set(k, b);
        return k;
      }),
    );
    return new Map([...partials].map(([k, delta]) => [k, { bucket: buckets.get(k) as RollupBucket, delta }]));
  }

  /** The journal item of a group: its rollup deltas, under a random sort key (a collision fails its condition and is retried). */
  function journalPut(tenantId: string, sensorId: string, deltas: Map<string, RollupDelta>) {
    return {
      Put: {
        TableName: tableName,
        Item: { ...journalKey(tenantId, sensorId, randomInt(2 ** 48 - 1)), d: [...deltas.values()].map(({ bucket, delta }) => ({ k: bucket.PK, s: bucket.SK, l: bucket.level, ...toStoredQualities(delta) })) },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  /**
   * Applies the sensor's pending journals: as many as fit in one transaction at a time, their
   * deltas merged per rollup, each rollup read, merged and put once (conditioned on its
   * version), and the journals deleted (conditioned on still existing) in the same
   * transaction, so a journal is applied exactly once even when two invocations race for it.
   */
  async function applyJournals(tenantId: string, sensorId: string): Promise<void> {
    let stalls = 0;
    for (;;) {
      const journals = await pendingJournals(tenantId, sensorId);
      if (journals.length === 0) return;
      const deltas = new Map<string, RollupDelta>();
      const taken: Array<{ PK: string; SK: number }> = [];
      for (const journal of journals) {
        const own = journal.deltas.filter((d) => !deltas.has(keyString(d.bucket)));
        if (taken.length > 0 && deltas.size + own.length + taken.length + 1 > MAX_TRANSACTION_ACTIONS) break;
        taken.push(journal.key);
        for (const d of journal.deltas) {
          const k = keyString(d.bucket);
          deltas.set(k, { bucket: d.bucket, delta: mergeQualityPartials(deltas.get(k)?.delta, d.delta) });
        }
      }
      const deletes = taken.map((Key) => ({ Delete: { TableName: tableName, Key, ConditionExpression: 'attribute_exists(PK)' } }));
      try {
        await client.send(new TransactWriteCommand({ TransactItems: [...rollupPuts(await mergedRollups(deltas)), ...deletes] }));
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        if ((error.CancellationReasons ?? []).some((r) => r.Code === 'ValidationError')) throw error;
        // Another writer applied a journal or wrote a rollup meanwhile: read again.
        stalls++;
        if (stalls === MAX_GROUP_STALLS) throw new Error(`telemetry write: journals of ${sensorId} still not applied after ${stalls} attempts`, { cause: error });
        await sleep(backoffMs(stalls));
      }
    }
  }

  async function pendingJournals(tenantId: string, sensorId: string): Promise<Array<{ key: { PK: string; SK: number }; deltas: RollupDelta[] }>> {
    const { PK } = journalKey(tenantId, sensorId, 0);
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await client.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK }, ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items.map((item) => ({
      key: { PK, SK: item.SK as number },
      deltas: (item.d as Array<{ k: string; s: number; l: Level } & StoredQualities>).map((d) => ({ bucket: { PK: d.k, SK: d.s, level: d.l }, delta: fromStoredQualities(d) })),
    }));
  }

  /** The rollup items of `deltas` as stored, each merged with its delta: the items to put, with the version read. */
  async function mergedRollups(deltas: Map<string, RollupDelta>): Promise<Array<{ item: Record<string, unknown>; version: number }>> {
    const existing = await batchGet([...deltas.values()].map(({ bucket }) => ({ PK: bucket.PK, SK: bucket.SK })));
    return [...deltas].map(([k, { bucket, delta }]) => {
      const old = existing.get(k);
      const merged = mergeQualityPartials(old ? fromStoredQualities(old as StoredQualities) : undefined, delta);
      return {
        item: { ...(old ?? {}), PK: bucket.PK, SK: bucket.SK, ...(bucket.level === 'M' ? { expiresAt: expiresAt(bucket.SK) } : {}), ...toStoredQualities(merged) },
        version: typeof old?.ver === 'number' ? old.ver : 0,
      };
    });
  }

  const rollupPuts = (items: Array<{ item: Record<string, unknown>; version: number }>) =>
    items.map(({ item, version }) => ({
      Put: {
        TableName: tableName,
        Item: { ...item, ver: version + 1 },
        ConditionExpression: version === 0 ? 'attribute_not_exists(PK)' : 'ver = :ver',
        ...(version === 0 ? {} : { ExpressionAttributeValues: { ':ver': version } }),
      },
    }));

  async function batchGet(keys: Array<{ PK: string; SK: number }>): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < keys.length; i += 100) {
      let request: Array<{ PK: string; SK: number }> | undefined = keys.slice(i, i + 100);
      for (let attempt = 0; request && request.length > 0; attempt++) {
        if (attempt > 0) await sleep(backoffMs(attempt));
        const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: request, ConsistentRead: true } } }));
        for (const item of out.Responses?.[tableName] ?? []) found.set(keyString(item as { PK: string; SK: number }), item);
        request = out.UnprocessedKeys?.[tableName]?.Keys as Array<{ PK: string; SK: number }> | undefined;
        if (attempt > 10) throw new Error('telemetry: BatchGetItem keeps returning unprocessed keys');
      }
    }
    return found;
  }

  function rawItem(tenantId: string, r: Reading): Record<string, unknown> {
    return {
      PK: rawPartition(tenantId, r.sensorId, r.ts),
      SK: r.ts,
      v: r.value,
      q: r.quality,
      ...(r.unit !== undefined ? { u: r.unit } : {}),
      ...(r.metadata !== undefined ? { m: r.metadata } : {}),
      expiresAt: expiresAt(r.ts),
    };
  }

  async function updateLatest(tenantId: string, r: Reading): Promise<void> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: latestKey(tenantId, r.sensorId),
          UpdateExpression: 'SET #ts = :ts, v = :v, q = :q, u = :u, m = :m',
          ConditionExpression: 'attribute_not_exists(#ts) OR #ts < :ts',
          ExpressionAttributeNames: { '#ts': 'ts' },
          ExpressionAttributeValues: { ':ts': r.ts, ':v': r.value, ':q': r.quality, ':u': r.unit ?? null, ':m': r.metadata ?? null },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // a newer reading is already there
    }
  }

  // ----- reads ---------------------------------------------------------------------------

  async function queryPartition(
    pk: string,
    from: number,
    to: number,
    qualities: readonly string[] | undefined,
    limit?: number,
    projection?: string,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const input: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to - 1 },
      ...(projection ? { ProjectionExpression: projection } : {}),
    };
    if (qualities) {
      input.FilterExpression = `q IN (${qualities.map((_, i) => `:q${i}`).join(', ')})`;
      qualities.forEach((q, i) => ((input.ExpressionAttributeValues as Record<string, unknown>)[`:q${i}`] = q));
    }
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey, ...(limit ? { Limit: limit - items.length } : {}) }));
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey && (limit === undefined || items.length < limit));
    return items;
  }

  const toReading = (sensorId: string, item: Record<string, unknown>, ts = item.SK as number): Reading => ({
    sensorId,
    ts,
    value: item.v as number,
    quality: item.q as Quality,
    ...(typeof item.u === 'string' ? { unit: item.u } : {}),
    ...(item.m && typeof item.m === 'object' ? { metadata: item.m as Record<string, unknown> } : {}),
  });

  async function query(tenantId: string, q: TelemetryQuery): Promise<QueryPage> {
    return withQueryErrors(async () => {
      checkQuery(tenantId, q);
      const qualities = qualityFilter(q);
      if (q.interval === 'raw') {
        return rawPage(tenantId, q, async (from, to, limit) => {
          const readings: Reading[] = [];
          const partitions = partitionsCovering(tenantId, q.sensorId, 'R', from, to);
          for (let i = 0; i < partitions.length; i++) {
            if (i === MAX_RAW_PARTITIONS_PER_PAGE) return { readings, resumeAt: (partitions[i] as { from: number }).from };
            const p = partitions[i] as { pk: string; from: number; to: number };
            const items = await queryPartition(p.pk, p.from, p.to, qualities, limit - readings.length);
            readings.push(...items.map((item) => toReading(q.sensorId, item)));
            if (readings.length >= limit) break;
          }
          return { readings };
        });
      }
      const steps = useRollups ? ROLLUP_STEPS : [];
      return aggregatePage(tenantId, q, steps, async (step, from, to) => {
        const level: Level | 'R' = LEVELS.find((l) => LEVEL_STEP[l] === step) ?? 'R';
        const partitions = partitionsCovering(tenantId, q.sensorId, level, from, to);
        // Rollups: only the sort key and the partials of the wanted qualities travel.
        const projection = level === 'R' ? 'SK, v, q' : ['SK', ...QUALITIES.filter((x) => !qualities || qualities.includes(x)).map((x) => QUALITY_ATTR[x])].join(', ');
        const pages = await Promise.all(partitions.map((p) => queryPartition(p.pk, p.from, p.to, level === 'R' ? qualities : undefined, undefined, projection)));
        const slots: TimedPartial[] = [];
        for (const item of pages.flat()) {
          if (level === 'R') {
            slots.push({ ts: item.SK as number, partial: partialOf(item.SK as number, item.v as number) });
            continue;
          }
          let partial: Partial | undefined;
          for (const quality of QUALITIES) {
            if (qualities && !qualities.includes(quality)) continue;
            const stored = item[QUALITY_ATTR[quality]] as StoredPartial | undefined;
            if (stored) partial = mergePartials(partial, fromStored(stored));
          }
          if (partial) slots.push({ ts: item.SK as number, partial });
        }
        return slots;
      });
    });
  }

  async function latest(tenantId: string, sensorIds: readonly string[]): Promise<Map<string, Reading>> {
    assertTenant(tenantId);
    const ids = [...new Set(sensorIds)].filter((id) => SENSOR_ID_PATTERN.test(id));
    const items = await batchGet(ids.map((id) => latestKey(tenantId, id)));
    const out = new Map<string, Reading>();
    for (const id of ids) {
      const item = items.get(keyString(latestKey(tenantId, id)));
      if (item && typeof item.ts === 'number') out.set(id, toReading(id, item, item.ts));
    }
    return out;
  }

  return { write, query, latest };
}

function assertTenant(tenantId: string): void {
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new Error('telemetry store: invalid tenant id');
}

const keyString = (key: { PK: string; SK: number }) => `${key.PK}|${key.SK}`;

/** Runs `work` over `items` with at most `size` in flight. */
async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(runners);
}
