import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
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

export const CreateAssetBody = lazySchema(() => z.strictObject({
  name: Text(200),
  type: AssetType,
  siteId: Id,
  serialNumber: Text(100).regex(/^[A-Za-z0-9._\-/]+$/, 'letters, digits and . _ - / only'),
  model: Text(200).optional(),
  installedAt: IsoDateTime.optional(),
  maintenanceIntervalDays: z.int().min(1).max(3650).optional(),
  status: AssetStatus.default('operational'),
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
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListAssetsQuery = lazySchema(() => PageQuery.extend({
  siteId: Id.optional(),
  status: AssetStatus.optional(),
  type: AssetType.optional(),
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
