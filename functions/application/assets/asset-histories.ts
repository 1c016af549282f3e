/**
 * What ranking assets at risk and training the asset-failure model share: the visible
 * assets of a site or tenant, their work orders, and the daily means of the sensors on
 * them, read once, as the domain's plain histories.
 */
import { listAssets } from '#adapters/dynamodb/assets-repository';
import { sensorsOfSite } from '#adapters/dynamodb/sensors-repository';
import { collectWorkOrders } from '#adapters/dynamodb/work-orders-repository';
import { dailyMeans } from '#adapters/telemetry/hourly-means';
import type { TelemetryMeans, WorkOrderEvent } from '#domain/asset-risk/features';
import type { Asset } from '#domain/assets';

const DAY = 86_400_000;
/** The most assets one ranking or training reads. */
export const MAX_ASSETS = 1000;
/** The days of sensor means behind each snapshot's telemetry. */
const TELEMETRY_DAYS = 30;

export interface AssetHistory {
  readonly asset: Asset;
  readonly workOrders: readonly WorkOrderEvent[];
  /** The sensor means of the 30 days before `t`. */
  readonly telemetryAt: (t: number) => TelemetryMeans;
}

/** The assets (not retired) of a site or the tenant, confined to `clientId` when given, up to {@link MAX_ASSETS}. */
async function assetsOf(tenantId: string, q: { siteId?: string; clientId?: string }): Promise<Asset[]> {
  const out: Asset[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAssets(tenantId, { ...q, limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items.filter((a) => a.status !== 'retired'));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < MAX_ASSETS);
  return out.slice(0, MAX_ASSETS);
}

const meanIn = (samples: readonly { ts: number; value: number }[], from: number, to: number): number | null => {
  const inside = samples.filter((s) => s.ts >= from && s.ts < to);
  return inside.length ? inside.reduce((s, v) => s + v.value, 0) / inside.length : null;
};

/**
 * The histories of the assets, with their work orders due in `[from, to)` (a work order's
 * due date bounds the read; a corrective one counts from when it was opened) and the daily
 * means of their pressure sensors over the same days (the sensor kinds have no vibration
 * or run-hours counter yet: those inputs stay unknown, and explain nothing).
 */
export async function assetHistories(tenantId: string, q: { siteId?: string; clientId?: string }, from: number, to: number): Promise<AssetHistory[]> {
  const assets = await assetsOf(tenantId, q);
  const ids = new Set(assets.map((a) => a.id));
  const orders = await collectWorkOrders(tenantId, { ...q, from: new Date(from).toISOString(), to: new Date(to + 365 * DAY).toISOString() }, 20_000);
  const byAsset = new Map<string, WorkOrderEvent[]>();
  for (const w of orders) {
    if (!w.assetId || !ids.has(w.assetId) || w.status === 'cancelled') continue;
    const events = byAsset.get(w.assetId) ?? [];
    events.push({ type: w.type, openedAt: Date.parse(w.createdAt), completedAt: w.completedAt ? Date.parse(w.completedAt) : null });
    byAsset.set(w.assetId, events);
  }
  const sites = [...new Set(assets.map((a) => a.siteId))];
  const sensors = (await Promise.all(sites.map((s) => sensorsOfSite(tenantId, s)))).flat().filter((s) => s.kind === 'pressure' && s.assetId && ids.has(s.assetId));
  const pressure = new Map<string, { ts: number; value: number }[]>();
  for (const s of sensors) {
    const series = await dailyMeans(tenantId, s.id, from - TELEMETRY_DAYS * DAY, to);
    pressure.set(s.assetId!, [...(pressure.get(s.assetId!) ?? []), ...series.samples]);
  }
  return assets.map((asset) => ({
    asset,
    workOrders: byAsset.get(asset.id) ?? [],
    telemetryAt: (t) => ({ pressureBar: meanIn(pressure.get(asset.id) ?? [], t - TELEMETRY_DAYS * DAY, t), vibrationMmS: null, runHoursPerDay: null }),
  }));
}
