/** Assets: the equipment of a site (pumps, valves, hydrants, meters...) and their maintenance rhythm. */
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
}

export type AssetPatch = {
  readonly [K in 'name' | 'type' | 'siteId' | 'serialNumber' | 'status']?: Asset[K];
} & {
  readonly [K in 'model' | 'installedAt' | 'maintenanceIntervalDays']?: Asset[K];
};

const DAY_MS = 86_400_000;

/**
 * When the next maintenance is due: the interval after the last maintenance, or
 * after installation when there was none. Retired assets and assets without an
 * interval have no due date.
 */
export function nextMaintenanceAt(asset: Pick<Asset, 'status' | 'maintenanceIntervalDays' | 'lastMaintenanceAt' | 'installedAt'>): string | null {
  if (asset.status === 'retired' || !asset.maintenanceIntervalDays) return null;
  const from = asset.lastMaintenanceAt ?? asset.installedAt;
  if (!from) return null;
  return new Date(Date.parse(from) + asset.maintenanceIntervalDays * DAY_MS).toISOString();
}

const withSchedule = (asset: Omit<Asset, 'nextMaintenanceAt'>): Asset => ({ ...asset, nextMaintenanceAt: nextMaintenanceAt(asset) });

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
  });
}

export function applyAssetPatch(asset: Asset, patch: AssetPatch, clientId: string | null, now: string): Asset {
  const installedAt = patch.installedAt === undefined ? asset.installedAt : patch.installedAt && new Date(patch.installedAt).toISOString();
  return withSchedule({ ...asset, ...patch, installedAt, clientId, version: asset.version + 1, updatedAt: now });
}

export const canSeeAsset = (principal: Principal, asset: Asset): boolean => canSeeClientData(principal, asset.clientId);
