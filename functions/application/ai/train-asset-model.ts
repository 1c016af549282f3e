import { ulid } from 'ulid';
import { storeModel } from '#adapters/s3/models-bucket';
import { assetHistories } from '#application/assets/asset-histories';
import { failsWithin, inputsAt } from '#domain/asset-risk/features';
import { DEFAULT_HORIZON_DAYS, trainAssetFailureModel, type RiskExample, type RiskTrainingOutcome } from '#domain/asset-risk/model';

const DAY = 86_400_000;
/** Days of work orders an asset-failure training reads. */
export const ASSET_HISTORY_DAYS = 3 * 365;
/** Snapshots start this far into the history, so their last-year counts are complete. */
const WARM_UP_DAYS = 365;
const SNAPSHOT_EVERY_DAYS = 30;

/**
 * Trains the tenant's asset-failure model (the `model-training` worker, for
 * `asset_failure_predictor`). Steps:
 *   1. every asset (not retired) with three years of work orders and the daily means of its
 *      pressure sensors;
 *   2. monthly snapshots (UTC midnights, 30 days apart, from one year into the history to the
 *      last one whose 30-day label is complete), each labelled by a corrective work order
 *      within 30 days (domain);
 *   3. train, with the evaluation on the newest quarter of snapshots (domain);
 *   4. a model: stored under `models/` as the water-quality model is.
 */
export async function trainAssetModel(tenantId: string, now: Date): Promise<RiskTrainingOutcome> {
  const to = Math.floor(now.getTime() / DAY) * DAY;
  const from = to - ASSET_HISTORY_DAYS * DAY;
  const histories = await assetHistories(tenantId, {}, from, to);
  const examples: RiskExample[] = [];
  for (let t = from + WARM_UP_DAYS * DAY; t + DEFAULT_HORIZON_DAYS * DAY <= to; t += SNAPSHOT_EVERY_DAYS * DAY) {
    for (const { asset, workOrders, telemetryAt } of histories) {
      const installedAt = asset.installedAt ? Date.parse(asset.installedAt) : null;
      // An asset not yet installed, or not yet created in the register with no date, is not a snapshot.
      if ((installedAt ?? Date.parse(asset.createdAt)) > t) continue;
      examples.push({ assetId: asset.id, t, inputs: inputsAt({ type: asset.type, installedAt }, workOrders, telemetryAt(t), t), fails: failsWithin(workOrders, t, DEFAULT_HORIZON_DAYS) });
    }
  }
  const provenance = `Trained on monthly snapshots of ${histories.length} assets and their work orders, ${ASSET_HISTORY_DAYS} days to ${new Date(to).toISOString()}.`;
  const outcome = trainAssetFailureModel(examples, { version: ulid(now.getTime()), trainedAt: now.toISOString(), horizonDays: DEFAULT_HORIZON_DAYS, provenance });
  if (outcome.ok) await storeModel(tenantId, outcome.model);
  return outcome;
}
