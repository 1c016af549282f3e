import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { PIPE_MATERIALS } from '#domain/leaks/wave-speed';
import { Id, IsoDateTime, PageQuery, ResourceMeta, Text } from './common';

export const ASSET_STATUSES = ['operational', 'degraded', 'down', 'retired'] as const;
export const ASSET_TYPES = [
  'pump',
  'valve',
  'hydrant',
  'pipe',
  'meter',
  'reservoir',
  'treatment-unit',
  'sensor-station',
  'other',
] as const;

const AssetStatus = lazySchema(() => z.enum(ASSET_STATUSES));
const AssetType = lazySchema(() => z.enum(ASSET_TYPES));

export const PipeMaterial = lazySchema(() => z.enum(PIPE_MATERIALS).describe('Pipe wall material (the materials whose wave speed the correlator knows)'));

export const PipeSection = lazySchema(() => z
  .strictObject({
    lengthM: z.number().positive().max(100_000).describe('Length of the pipe, m'),
    diameterMm: z.number().min(20).max(3000).describe('Internal diameter, mm'),
    material: PipeMaterial,
  })
  .describe('A pipe\'s section: required on `pipe` assets (with installedAt), refused on any other type (422 INVALID_PIPE_SECTION)'));

const ZoneRef = lazySchema(() => Id.describe('The zone (district metered area) the asset lies in: a zone of the tenant the caller can see (422 UNKNOWN_ZONE)'));

const ParentRef = lazySchema(() => Id.describe('The asset it belongs to, on the same site, without a cycle (422 UNKNOWN_PARENT_ASSET, PARENT_ON_ANOTHER_SITE, PARENT_ASSET_CYCLE)'));

export const CreateAssetBody = lazySchema(() => z.strictObject({
  name: Text(200),
  type: AssetType,
  siteId: Id,
  serialNumber: Text(100).regex(/^[A-Za-z0-9._\-/]+$/, 'letters, digits and . _ - / only'),
  model: Text(200).optional(),
  installedAt: IsoDateTime.optional(),
  maintenanceIntervalDays: z.int().min(1).max(3650).optional(),
  status: AssetStatus.default('operational'),
  zoneId: ZoneRef.optional(),
  parentAssetId: ParentRef.optional(),
  pipe: PipeSection.optional(),
}));

export const UpdateAssetBody = lazySchema(() => z
  .strictObject({
    name: Text(200).optional(),
    type: AssetType.optional(),
    siteId: Id.optional(),
    serialNumber: CreateAssetBody.shape.serialNumber.optional(),
    model: Text(200).nullable().optional(),
    installedAt: IsoDateTime.nullable().optional(),
    maintenanceIntervalDays: z.int().min(1).max(3650).nullable().optional(),
    status: AssetStatus.optional(),
    zoneId: ZoneRef.nullable().optional(),
    parentAssetId: ParentRef.nullable().optional(),
    pipe: PipeSection.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListAssetsQuery = lazySchema(() => PageQuery.extend({
  siteId: Id.optional(),
  status: AssetStatus.optional(),
  type: AssetType.optional(),
  zoneId: Id.optional().describe('Assets in this zone (a filter over the listed partition)'),
  parentAssetId: Id.optional().describe('Children of this asset (a filter; cheapest with siteId, where children live)'),
}));

export const Asset = lazySchema(() => z
  .object({
    ...ResourceMeta,
    name: z.string(),
    type: AssetType,
    siteId: Id,
    clientId: Id.nullable(),
    serialNumber: z.string(),
    model: z.string().nullable(),
    installedAt: IsoDateTime.nullable(),
    maintenanceIntervalDays: z.int().nullable().describe('Deprecated (sunset 2027-12-01): use maintenance.intervalDays of GET /v2/assets/{id}'),
    status: AssetStatus,
    lastMaintenanceAt: IsoDateTime.nullable().describe(
      'Set when preventive or corrective work on the asset is completed (not inspections nor predictive work). Deprecated (sunset 2027-12-01): use maintenance.lastAt of GET /v2/assets/{id}',
    ),
    nextMaintenanceAt: IsoDateTime.nullable().describe(
      'The earliest of maintenanceIntervalDays after lastMaintenanceAt (or installedAt) and the next due dates of its enabled maintenance plans; null when retired. Deprecated (sunset 2027-12-01): use maintenance.nextAt of GET /v2/assets/{id}',
    ),
    zoneId: Id.nullable(),
    parentAssetId: Id.nullable(),
    pipe: PipeSection.nullable(),
  })
  .meta({ id: 'Asset' }));

export const assetExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C',
  version: 2,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
  name: 'Pompe de relevage P2',
  type: 'pump',
  siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  clientId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D',
  serialNumber: 'GRU-CR45-2291',
  model: 'Grundfos CR 45',
  installedAt: '2024-03-01T00:00:00.000Z',
  maintenanceIntervalDays: 180,
  status: 'operational',
  lastMaintenanceAt: null,
  nextMaintenanceAt: '2024-08-28T00:00:00.000Z',
  zoneId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01',
  parentAssetId: null,
  pipe: null,
};

/**
 * Version 2 of an asset: maintenance grouped in one object. Served at /v2 next to
 * /v1, from the same domain code; /v1 answers are unchanged.
 */
export const AssetV2 = lazySchema(() => Asset.omit({ maintenanceIntervalDays: true, lastMaintenanceAt: true, nextMaintenanceAt: true })
  .extend({
    maintenance: z.object({
      intervalDays: z.int().nullable(),
      lastAt: IsoDateTime.nullable(),
      nextAt: IsoDateTime.nullable(),
    }),
  })
  .meta({ id: 'AssetV2' }));

export const assetV2Example = (() => {
  const { maintenanceIntervalDays, lastMaintenanceAt, nextMaintenanceAt, ...rest } = assetExample;
  return { ...rest, maintenance: { intervalDays: maintenanceIntervalDays, lastAt: lastMaintenanceAt, nextAt: nextMaintenanceAt } };
})();
