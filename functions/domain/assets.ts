/** Assets: the equipment of a site (pumps, valves, hydrants, meters...) and their maintenance rhythm. */
import type { PipeMaterial } from './leaks/wave-speed';
import type { Principal } from './principal';
import { canSeeClientData } from './principal';

export type AssetStatus = 'operational' | 'degraded' | 'down' | 'retired';

export interface Asset {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly name: string;
  readonly type: string;
  readonly siteId: string;
  /** The owning site's client, copied so client users can list their assets with one query. */
  readonly clientId: string | null;
  readonly serialNumber: string;
  readonly model: string | null;
  readonly installedAt: string | null;
  readonly maintenanceIntervalDays: number | null;
  readonly status: AssetStatus;
  /** Set when maintenance work is completed on the asset. */
  readonly lastMaintenanceAt: string | null;
  readonly nextMaintenanceAt: string | null;
  /** The zone (district metered area) the asset lies in. */
  readonly zoneId: string | null;
  /** The asset it belongs to (a hydrant on a main, a pump in a station), on the same site. */
  readonly parentAssetId: string | null;
  /** A pipe's section: set on `pipe` assets only. */
  readonly pipe: PipeSection | null;
}

/** What a pipe asset carries besides any asset's fields: what the correlator and the water balance need. */
export interface PipeSection {
  readonly lengthM: number;
  /** Internal diameter, mm. */
  readonly diameterMm: number;
  readonly material: PipeMaterial;
}

export interface NewAsset {
  readonly name: string;
  readonly type: string;
  readonly siteId: string;
  readonly serialNumber: string;
  readonly model?: string;
  readonly installedAt?: string;
  readonly maintenanceIntervalDays?: number;
  readonly status: AssetStatus;
  readonly zoneId?: string;
  readonly parentAssetId?: string;
  readonly pipe?: PipeSection;
}

export type AssetPatch = {
  readonly [K in 'name' | 'type' | 'siteId' | 'serialNumber' | 'status']?: Asset[K];
} & {
  readonly [K in 'model' | 'installedAt' | 'maintenanceIntervalDays' | 'zoneId' | 'parentAssetId' | 'pipe']?: Asset[K];
};

/** The asset type whose section (length, diameter, material) and installation date are required. */
export const PIPE_TYPE = 'pipe';

/** One problem with an asset's network fields: where (a JSON path under the body) and what. */
export interface AssetIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A pipe needs its section and installation date (the correlator needs the material and
 * diameter, ageing analyses the date); any other asset has no section. Empty when valid.
 */
export function pipeIssues(asset: Pick<Asset, 'type' | 'pipe' | 'installedAt'>): AssetIssue[] {
  if (asset.type !== PIPE_TYPE) return asset.pipe ? [{ path: 'pipe', message: `only a ${PIPE_TYPE} asset has a pipe section` }] : [];
  const issues: AssetIssue[] = [];
  if (!asset.pipe) issues.push({ path: 'pipe', message: 'a pipe needs its section: lengthM, diameterMm and material' });
  if (!asset.installedAt) issues.push({ path: 'installedAt', message: 'a pipe needs its installation date' });
  return issues;
}

/** How far up a chain of parents is followed before giving up (a network is not that deep). */
export const MAX_ASSET_DEPTH = 32;

/** What is known of a candidate parent and its ancestors: id to its own parent and site. */
export type AssetAncestry = ReadonlyMap<string, { readonly siteId: string; readonly parentAssetId: string | null }>;

/** Why a parent cannot be given to an asset. */
export type ParentRefusal = 'unknown_parent' | 'parent_on_another_site' | 'parent_cycle';

/**
 * Whether `parentAssetId` may be the parent of asset `id` on `siteId`: it exists (in
 * `ancestry`, read by the caller up the chain), lies on the same site, and the chain of
 * parents above it never reaches `id` (no cycle; a chain deeper than MAX_ASSET_DEPTH is
 * refused as one). Undefined when allowed.
 */
export function parentRefusal(id: string, siteId: string, parentAssetId: string, ancestry: AssetAncestry): ParentRefusal | undefined {
  if (parentAssetId === id) return 'parent_cycle';
  const parent = ancestry.get(parentAssetId);
  if (!parent) return 'unknown_parent';
  if (parent.siteId !== siteId) return 'parent_on_another_site';
  let at: string | null = parentAssetId;
  for (let depth = 0; at !== null; depth++) {
    if (at === id || depth > MAX_ASSET_DEPTH) return 'parent_cycle';
    at = ancestry.get(at)?.parentAssetId ?? null;
  }
  return undefined;
}

const DAY_MS = 86_400_000;

/** A maintenance plan of the asset, as far as its schedule goes (see `maintenance-plans.ts`). */
export type PlanDue = { readonly enabled: boolean; readonly nextDueAt: string | null };

/**
 * Work types whose completion is maintenance of the asset: preventive work (the plans'
 * and the interval's own) and corrective work (a repair also services the asset and
 * restarts its interval). Inspections only look, and predictive work orders investigate
 * a predicted fault: neither services the asset, so neither restarts the clock.
 */
export const MAINTENANCE_WORK_TYPES: readonly string[] = ['preventive', 'corrective'];

/** Whether completing work of this type sets the asset's `lastMaintenanceAt`. */
export const isMaintenanceWork = (type: string): boolean => MAINTENANCE_WORK_TYPES.includes(type);

/**
 * When the next maintenance is due, the one rule wherever the date is computed (asset
 * creation and patch, work order completion, plan changes, the daily preventive worker):
 * the earliest of
 *   - the interval rule: `maintenanceIntervalDays` after the last maintenance, or after
 *     installation when there was none (no date without an interval or a starting date);
 *   - the next due date of each enabled maintenance plan of the asset.
 * Whichever comes first is when someone must go: a plan never hides an interval that
 * falls earlier, and an interval never hides an earlier plan. A retired asset has none.
 */
export function nextMaintenanceAt(
  asset: Pick<Asset, 'status' | 'maintenanceIntervalDays' | 'lastMaintenanceAt' | 'installedAt'>,
  plans: readonly PlanDue[] = [],
): string | null {
  if (asset.status === 'retired') return null;
  const dates: string[] = [];
  const from = asset.lastMaintenanceAt ?? asset.installedAt;
  if (asset.maintenanceIntervalDays && from) dates.push(new Date(Date.parse(from) + asset.maintenanceIntervalDays * DAY_MS).toISOString());
  for (const plan of plans) if (plan.enabled && plan.nextDueAt !== null) dates.push(new Date(plan.nextDueAt).toISOString());
  return dates.length ? dates.reduce((a, b) => (a < b ? a : b)) : null;
}

const withSchedule = (asset: Omit<Asset, 'nextMaintenanceAt'>, plans: readonly PlanDue[] = []): Asset => ({ ...asset, nextMaintenanceAt: nextMaintenanceAt(asset, plans) });

export function newAsset(id: string, input: NewAsset, clientId: string | null, now: string): Asset {
  return withSchedule({
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    name: input.name,
    type: input.type,
    siteId: input.siteId,
    clientId,
    serialNumber: input.serialNumber,
    model: input.model ?? null,
    installedAt: input.installedAt ? new Date(input.installedAt).toISOString() : null,
    maintenanceIntervalDays: input.maintenanceIntervalDays ?? null,
    status: input.status,
    lastMaintenanceAt: null,
    zoneId: input.zoneId ?? null,
    parentAssetId: input.parentAssetId ?? null,
    pipe: input.pipe ?? null,
  });
}

/** The asset after a patch; `plans` are its maintenance plans, so their dates are kept (see {@link nextMaintenanceAt}). */
export function applyAssetPatch(asset: Asset, patch: AssetPatch, clientId: string | null, now: string, plans: readonly PlanDue[] = []): Asset {
  const installedAt = patch.installedAt === undefined ? asset.installedAt : patch.installedAt && new Date(patch.installedAt).toISOString();
  return withSchedule({ ...asset, ...patch, installedAt, clientId, version: asset.version + 1, updatedAt: now }, plans);
}

/**
 * The asset once maintenance work on it was completed at `completedAt`: its
 * `lastMaintenanceAt` (never moved backwards) and the next date from it and its plans.
 */
export function maintainedAsset(asset: Asset, completedAt: string, plans: readonly PlanDue[], now: string): Asset {
  const at = new Date(completedAt).toISOString();
  const lastMaintenanceAt = asset.lastMaintenanceAt && asset.lastMaintenanceAt > at ? asset.lastMaintenanceAt : at;
  return withSchedule({ ...asset, lastMaintenanceAt, version: asset.version + 1, updatedAt: now }, plans);
}

/** The asset with its next maintenance recomputed after its plans changed; undefined when the date stays the same. */
export function rescheduledAsset(asset: Asset, plans: readonly PlanDue[], now: string): Asset | undefined {
  const next = nextMaintenanceAt(asset, plans);
  return next === asset.nextMaintenanceAt ? undefined : { ...asset, nextMaintenanceAt: next, version: asset.version + 1, updatedAt: now };
}

export const canSeeAsset = (principal: Principal, asset: Asset): boolean => canSeeClientData(principal, asset.clientId);

/** The v2 representation of an asset (`GET /v2/assets/{id}`): the same asset, its maintenance fields grouped. */
export function assetV2({ maintenanceIntervalDays, lastMaintenanceAt, nextMaintenanceAt, ...rest }: Asset) {
  return { ...rest, maintenance: { intervalDays: maintenanceIntervalDays, lastAt: lastMaintenanceAt, nextAt: nextMaintenanceAt } };
}
