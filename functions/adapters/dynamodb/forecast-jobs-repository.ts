/**
 * Forecast jobs in the application table. Keys (all under the tenant):
 *   job          PK = T#t#FORECAST#<id>   SK = FORECAST
 *   its series   PK = T#t#FORECAST#<id>   SK = SERIES    (CSV sources: parsed at creation)
 *   its result   PK = T#t#FORECAST#<id>   SK = RESULT    (succeeded jobs)
 *   all jobs     GSI1PK = T#t#FORECASTS                  GSI1SK = <id>  (ULID: newest first when reversed)
 *   by sensor    GSI2PK = T#t#SENSOR#<sensorId>#FORECASTS GSI2SK = <id>
 * The job item stays small (lists return it); the series and the result are items of
 * their own, each far below the 400 KB limit (series at most 10 000 values, result
 * history at most 500 points).
 *
 * State changes are conditional on the status, so a redelivered message or a concurrent
 * run cannot move a job backwards or finish it twice; the final state, the result and
 * the `forecast.completed` outbox event are one transaction.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ForecastResult } from '#domain/forecasting/index';
import type { CsvInputReport, FailureReason, ForecastJob, StoredSeries } from '#domain/forecast-jobs';
import { documentClient, tableName, tenantKey } from './client';
import { failedConditions, withoutKeys } from './items';
import { outboxPut, type OutboxEvent } from './outbox';
import { entityRepository, ownerListIndex, tenantListIndex } from './entity-repository';
import type { Keep, Page } from './query-page';

const pk = (tenantId: string, id: string) => tenantKey(tenantId, 'FORECAST', id);
export const forecastJobKey = (tenantId: string, id: string) => ({ PK: pk(tenantId, id), SK: 'FORECAST' });
const seriesKey = (tenantId: string, id: string) => ({ PK: pk(tenantId, id), SK: 'SERIES' });
const resultKey = (tenantId: string, id: string) => ({ PK: pk(tenantId, id), SK: 'RESULT' });

const jobs = entityRepository<ForecastJob>()({
  entity: 'forecast-job',
  key: forecastJobKey,
  indexes: {
    all: tenantListIndex('GSI1', 'FORECASTS'),
    bySensor: ownerListIndex<ForecastJob>('GSI2', 'SENSOR', 'FORECASTS', (job) => job.sensorId),
  },
  // The result is an item of its own.
  attributes: ({ result: _result, ...stored }) => stored,
});

/** Stores a new queued job (and its parsed series, for a CSV source) in one transaction. */
export async function createForecastJob(tenantId: string, job: ForecastJob, series?: StoredSeries): Promise<void> {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        jobs.transact.create(tenantId, job),
        ...(series ? [{ Put: { TableName: tableName, Item: { ...seriesKey(tenantId, job.id), entity: 'forecast-series', ...series } } }] : []),
      ],
    }),
  );
}

/** The job, with its result when it has succeeded. */
export async function getForecastJob(tenantId: string, id: string): Promise<ForecastJob | undefined> {
  const out = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      // FORECAST and RESULT, not SERIES (F < R < S).
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': pk(tenantId, id), ':a': 'FORECAST', ':b': 'RESULT' },
      ConsistentRead: true,
    }),
  );
  const items = out.Items ?? [];
  const job = items.find((i) => i.SK === 'FORECAST');
  if (!job) return undefined;
  const result = items.find((i) => i.SK === 'RESULT');
  return { ...withoutKeys<ForecastJob>(job), ...(result ? { result: result.result as ForecastResult } : {}) };
}

/** The parsed series of a CSV-source job. */
export async function getForecastSeries(tenantId: string, id: string): Promise<StoredSeries | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: seriesKey(tenantId, id), ConsistentRead: true }));
  return out.Item ? withoutKeys<StoredSeries>(out.Item) : undefined;
}

/** Jobs newest first, of one sensor or all. */
export async function listForecastJobs(tenantId: string, query: { sensorId?: string; limit: number; cursor?: string }, keep?: Keep<ForecastJob>): Promise<Page<ForecastJob>> {
  const page = { limit: query.limit, cursor: query.cursor, newestFirst: true };
  return query.sensorId !== undefined ? jobs.list(tenantId, 'bySensor', query.sensorId, page, keep) : jobs.list(tenantId, 'all', undefined, page, keep);
}

/** What {@link startForecastJob} found. */
export type StartOutcome = { readonly kind: 'started'; readonly job: ForecastJob } | { readonly kind: 'final'; readonly job: ForecastJob } | { readonly kind: 'missing' };

/**
 * Marks a job running (queued, or running already: a redelivery re-runs it) and counts
 * the attempt. A job already succeeded or failed is left as it is.
 */
export async function startForecastJob(tenantId: string, id: string, now: string): Promise<StartOutcome> {
  try {
    const out = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: forecastJobKey(tenantId, id),
        UpdateExpression: 'SET #s = :running, startedAt = :now, updatedAt = :now, attempts = attempts + :one, version = version + :one',
        ConditionExpression: 'attribute_exists(PK) AND #s IN (:queued, :running)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':now': now, ':one': 1 },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { kind: 'started', job: withoutKeys<ForecastJob>(out.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return error.Item ? { kind: 'final', job: withoutKeys<ForecastJob>(unmarshall(error.Item)) } : { kind: 'missing' };
  }
}

/** The final state of a run: the result, or the reason it failed; `input` when the run read a document's rows. */
export type Completion = ({ readonly status: 'succeeded'; readonly result: ForecastResult } | { readonly status: 'failed'; readonly reason: FailureReason }) & {
  readonly input?: CsvInputReport;
};

/**
 * Ends a job (from `queued` or `running`), stores its result and appends the event to the
 * outbox, in one transaction. Returns false when the job had already ended (another run
 * finished it first): nothing is written then.
 */
export async function completeForecastJob(tenantId: string, id: string, completion: Completion, event: OutboxEvent, now: string): Promise<boolean> {
  const reason = completion.status === 'failed' ? completion.reason : undefined;
  const input = completion.input;
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: forecastJobKey(tenantId, id),
              UpdateExpression: `SET #s = :status, completedAt = :now, updatedAt = :now, version = version + :one${reason ? ', reason = :reason' : ''}${input ? ', #input = :input' : ''}`,
              ConditionExpression: 'attribute_exists(PK) AND #s IN (:queued, :running)',
              ExpressionAttributeNames: { '#s': 'status', ...(input ? { '#input': 'input' } : {}) },
              ExpressionAttributeValues: {
                ':status': completion.status,
                ':now': now,
                ':one': 1,
                ':queued': 'queued',
                ':running': 'running',
                ...(reason ? { ':reason': reason } : {}),
                ...(input ? { ':input': input } : {}),
              },
            },
          },
          ...(completion.status === 'succeeded' ? [{ Put: { TableName: tableName, Item: { ...resultKey(tenantId, id), entity: 'forecast-result', result: completion.result } } }] : []),
          outboxPut(tenantId, event),
        ],
      }),
    );
    return true;
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.has(0)) return false;
    throw error;
  }
}
