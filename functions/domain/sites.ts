/** Sites: places of a water network (plants, reservoirs, pumping stations) that hold assets. */
import type { Principal } from './principal';
import { canSeeClientData } from './principal';
import { firstVersion } from './versions';

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

export interface Site {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly name: string;
  readonly address: string;
  readonly location: GeoPoint;
  readonly clientId: string | null;
  /** Kept in step with asset writes in the same transaction, so "delete only when empty" is race-free. */
  readonly assetCount: number;
}

export interface NewSite {
  readonly name: string;
  readonly address: string;
  readonly location: GeoPoint;
  readonly clientId?: string;
}

export interface SitePatch {
  readonly name?: string;
  readonly address?: string;
  readonly location?: GeoPoint;
  readonly clientId?: string | null;
}

export function newSite(id: string, input: NewSite, now: string): Site {
  return { ...firstVersion(id, now), ...input, clientId: input.clientId ?? null, assetCount: 0 };
}

export function applySitePatch(site: Site, patch: SitePatch, now: string): Site {
  return { ...site, ...patch, clientId: patch.clientId === undefined ? site.clientId : patch.clientId, version: site.version + 1, updatedAt: now };
}

export const canSeeSite = (principal: Principal, site: Site): boolean => canSeeClientData(principal, site.clientId);
