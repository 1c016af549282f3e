import { assetModelInUse } from '#application/ai/model-in-use';
import { inputsAt } from '#domain/asset-risk/features';
import { ASSET_FAILURE_MODEL, assetRisk } from '#domain/asset-risk/model';
import { confinedClientId, type Principal } from '#domain/principal';
import { assetHistories } from './asset-histories';

const DAY = 86_400_000;
const r = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The assets most likely to need a corrective work order within `horizonDays`. Steps:
 *   1. a client user is confined to its client's assets, whichever site it names;
 *   2. the model in use: the tenant's trained version, or the default model (said in `note`);
 *   3. the assets (not retired, at most 1000) with their last year of work orders and the
 *      last 30 days of their pressure sensors;
 *   4. each asset's inputs now, its probability and exact explanation (domain); the top
 *      `limit` by probability.
 */
export async function listAssetsAtRisk(who: Principal, query: { siteId?: string; horizonDays: number; limit: number }, now: Date) {
  const clientId = confinedClientId(who);
  const q = { ...(query.siteId ? { siteId: query.siteId } : {}), ...(clientId ? { clientId } : {}) };
  const t = now.getTime();
  const [model, histories] = await Promise.all([assetModelInUse(who.tenantId), assetHistories(who.tenantId, q, t - 365 * DAY, t)]);
  const ranked = histories
    .map(({ asset, workOrders, telemetryAt }) => {
      const installedAt = asset.installedAt ? Date.parse(asset.installedAt) : null;
      return { asset, risk: assetRisk(model, inputsAt({ type: asset.type, installedAt }, workOrders, telemetryAt(t), t), query.horizonDays) };
    })
    .sort((a, b) => b.risk.probability - a.risk.probability || a.asset.id.localeCompare(b.asset.id));
  return {
    data: ranked.slice(0, query.limit).map(({ asset, risk }) => ({
      asset: { id: asset.id, name: asset.name, type: asset.type, siteId: asset.siteId, installedAt: asset.installedAt, status: asset.status },
      probability: r(risk.probability, 6),
      explanation: {
        ...risk.explanation,
        baseline: r(risk.explanation.baseline, 6),
        // Unrounded: the contributions sum to probability − baseline to the last digit a reader checks.
        contributions: risk.explanation.contributions.map((c) => ({ ...c, value: typeof c.value === 'number' ? r(c.value, 3) : c.value })),
      },
      modelVersion: model.version,
    })),
    horizonDays: query.horizonDays,
    modelName: ASSET_FAILURE_MODEL,
    modelVersion: model.version,
    modelKind: model.kind,
    note: model.kind === 'default' ? `Default model: this tenant has no trained asset-failure model yet. ${model.provenance}` : null,
    evaluation: { auc: model.evaluation.auc, brier: model.evaluation.brier, ageBaselineAuc: model.evaluation.ageBaseline.auc, window: model.evaluation.window },
    assetsRanked: ranked.length,
  };
}
