/**
 * Sampling points: where water is sampled and measured, at a site. Their own resource
 * rather than an asset type: an asset is equipment the operator maintains (status,
 * serial number, maintenance plans, work orders), while a sampling point is a place with
 * a regulatory meaning (its kind decides which limits apply: a plant outlet is not a
 * customer tap), often on a customer's premises, that lab results and the continuous
 * sensors measuring there point to. Pure.
 */
import type { Principal } from '#domain/principal';
import { canSeeClientData } from '#domain/principal';
import { firstVersion, type Versioned } from '#domain/versions';
import type { SamplingPointKind } from './catalogue';

export interface SamplingPoint extends Versioned {
  readonly name: string;
  readonly siteId: string;
  /** The site's client (null: the operator's own). */
  readonly clientId: string | null;
  readonly kind: SamplingPointKind;
  /** The sensors measuring continuously at this point: their readings are judged by this point's limits. */
  readonly sensorIds: readonly string[];
}

export interface NewSamplingPoint {
  readonly name: string;
  readonly siteId: string;
  readonly kind: SamplingPointKind;
  readonly sensorIds?: readonly string[] | undefined;
}

export interface SamplingPointPatch {
  readonly name?: string | undefined;
  readonly kind?: SamplingPointKind | undefined;
  readonly sensorIds?: readonly string[] | undefined;
}

export function newSamplingPoint(id: string, input: NewSamplingPoint, clientId: string | null, now: string): SamplingPoint {
  return { ...firstVersion(id, now), name: input.name, siteId: input.siteId, clientId, kind: input.kind, sensorIds: [...new Set(input.sensorIds ?? [])] };
}

/** The site cannot change: a point elsewhere is another point (its samples stay where they were taken). */
export function applySamplingPointPatch(point: SamplingPoint, patch: SamplingPointPatch, now: string): SamplingPoint {
  return {
    ...point,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
    ...(patch.sensorIds !== undefined ? { sensorIds: [...new Set(patch.sensorIds)] } : {}),
    version: point.version + 1,
    updatedAt: now,
  };
}

export const canSeeSamplingPoint = (principal: Principal, point: SamplingPoint): boolean => canSeeClientData(principal, point.clientId);

/** The sensors a point names that are not sensors of its site (each sensor: its site, or undefined when unknown). */
export function foreignSensors(point: Pick<SamplingPoint, 'siteId' | 'sensorIds'>, siteOf: ReadonlyMap<string, string>): string[] {
  return point.sensorIds.filter((id) => siteOf.get(id) !== point.siteId);
}
