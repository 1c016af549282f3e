import { ulid } from 'ulid';
import { getModelRegistration, saveModelRegistration } from '#adapters/dynamodb/ai-models-repository';
import { listSensors } from '#adapters/dynamodb/sensors-repository';
import { storeModel } from '#adapters/s3/models-bucket';
import { examplesOf, type Example } from '#domain/water-quality/features';
import { trainWaterQualityModel } from '#domain/water-quality/predictor';
import { ASSET_FAILURE_MODEL } from '#domain/asset-risk/model';
import { endedTraining, type ModelRegistration, type TrainingMessage } from '#domain/water-quality/registry';
import { NotFound, Unprocessable } from '#platform/errors';
import { logger } from '#platform/observability';
import { readQualityHours, sensorsOfSamplingPoint } from './read-quality-hours';
import { trainAssetModel } from './train-asset-model';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MAX_SITES = 50;

/** A training message naming no registration: reported, so it ends in the DLQ. */
export class UnknownModelRegistration extends Error {}

/** Sites with a chlorine sensor (the others cannot be sampling points of this model). */
async function sitesWithChlorine(tenantId: string): Promise<string[]> {
  const sites = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await listSensors(tenantId, { kind: 'chlorine', limit: 100, ...(cursor ? { cursor } : {}) });
    for (const s of page.items) sites.add(s.siteId);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && sites.size < MAX_SITES);
  return [...sites].slice(0, MAX_SITES);
}

/** Every site's examples; a site without the four kinds is skipped (and said). */
async function examplesOfSites(tenantId: string, siteIds: readonly string[], from: number, to: number, limit: number, horizon: number) {
  const examples: Example[] = [];
  const used: string[] = [];
  const skipped: string[] = [];
  for (const siteId of siteIds) {
    try {
      const sensors = await sensorsOfSamplingPoint(tenantId, siteId);
      examples.push(...examplesOf(await readQualityHours(tenantId, sensors, from, to), limit, horizon));
      used.push(siteId);
    } catch (error) {
      // A site gone or without the four kinds is skipped and said; anything else fails the training (retried).
      if (!(error instanceof NotFound || error instanceof Unprocessable)) throw error;
      logger.info('Site skipped for training', { siteId, error: error as Error });
      skipped.push(siteId);
    }
  }
  return { examples, used, skipped };
}

/**
 * Trains a tenant's model (the `model-training` worker's use case). Steps:
 *   1. load the registration (none: {@link UnknownModelRegistration}); a message older than
 *      the registration's last request is a duplicate and is skipped;
 *   2. read `days` of hourly means (UTC hours, up to the current hour) of each site's four
 *      sensors (the sites asked for, or every site with a chlorine sensor) and make the examples;
 *   3. train (domain): split by time, fit, calibrate, evaluate on the newest window;
 *      (`asset_failure_predictor`: `trainAssetModel`, three years of the tenant's assets and work orders);
 *   4. a model: store it (`models/{tenant}/{name}/{version}.json`, then the latest pointer) and
 *      record `succeeded` with its version; too little history: record `insufficient_history`
 *      with the reason (predictions keep the model in use, the default one if none).
 * Any other error is thrown, for the message to be retried; on the `lastReceive` the
 * training is first recorded `failed`, so it does not stay `queued` while the message goes
 * to the DLQ.
 */
export async function trainModel(message: TrainingMessage, now: Date, lastReceive = false): Promise<void> {
  const registration = await getModelRegistration(message.tenantId, message.modelName);
  if (!registration) throw new UnknownModelRegistration(`no model ${message.modelName} registered in tenant ${message.tenantId}`);
  if (registration.lastTraining.requestedAt !== message.requestedAt || registration.lastTraining.status !== 'queued') {
    logger.info('Training message superseded or already done: skipped', { requestedAt: message.requestedAt });
    return;
  }
  try {
    await train(message, registration, now);
  } catch (error) {
    if (lastReceive) {
      logger.error('Training failed on its last receive: recorded failed, message goes to the DLQ', { error: error as Error });
      await saveModelRegistration(message.tenantId, endedTraining(registration, { status: 'failed', reason: 'INTERNAL_ERROR: the training could not run; ask again' }, new Date().toISOString()), registration);
    }
    throw error;
  }
}

async function train(message: TrainingMessage, registration: ModelRegistration, now: Date): Promise<void> {
  if (message.modelName === ASSET_FAILURE_MODEL) return recordOutcome(message, registration, await trainAssetModel(message.tenantId, now));
  const { limitMgL, horizonHours, days } = registration.options;
  const to = Math.floor(now.getTime() / HOUR) * HOUR;
  const siteIds = registration.options.siteIds ?? (await sitesWithChlorine(message.tenantId));
  const { examples, used, skipped } = await examplesOfSites(message.tenantId, siteIds, to - days * DAY, to, limitMgL, horizonHours);
  const provenance = `Trained on the hourly means of site${used.length === 1 ? '' : 's'} ${used.join(', ') || '(none)'}${skipped.length ? ` (skipped, gone or missing a sensor kind: ${skipped.join(', ')})` : ''}, ${days} days to ${new Date(to).toISOString()}.`;
  const outcome = trainWaterQualityModel(examples, { version: ulid(now.getTime()), trainedAt: now.toISOString(), limitMgL, horizonHours, provenance });
  if (outcome.ok) await storeModel(message.tenantId, outcome.model);
  await recordOutcome(message, registration, outcome);
}

/** Records a training's outcome on the registration: the new version, or why there is none. */
async function recordOutcome(message: TrainingMessage, registration: ModelRegistration, outcome: { ok: true; model: { version: string } } | { ok: false; reason: string }): Promise<void> {
  const ended = endedTraining(
    registration,
    outcome.ok ? { status: 'succeeded', modelVersion: outcome.model.version } : { status: 'insufficient_history', reason: outcome.reason },
    new Date().toISOString(),
  );
  if (!(await saveModelRegistration(message.tenantId, ended, registration))) logger.info('The registration changed during the training: a newer request will record its own outcome');
}
