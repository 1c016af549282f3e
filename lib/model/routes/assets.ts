/** Assets (v1, and the v2 representation of one asset). */
import { Asset, assetExample, AssetV2, assetV2Example, CreateAssetBody, ListAssetsQuery, UpdateAssetBody } from '../schemas/assets';
import { IdParams } from '../schemas/common';
import type { Deprecation, RouteDecl } from '../types';
import { ALL_ROLES, authenticated, STAFF_WRITERS } from './access';
import { crudRoutes } from './crud';

/**
 * The flat maintenance fields of a /v1 asset, superseded by the `maintenance` object of
 * /v2 (`GET /v2/assets/{id}`). Still served unchanged; answers holding them announce it.
 */
export const V1_ASSET_MAINTENANCE_DEPRECATION: Deprecation = {
  since: '2026-12-01T00:00:00Z',
  sunset: '2027-12-01T00:00:00Z',
  link: 'https://docs.hydrant.dev/migrations/v2-assets',
};

const assetCrudRoutes: readonly RouteDecl[] = crudRoutes({
  collection: 'assets',
  name: 'Asset',
  tag: 'Assets',
  schema: Asset,
  example: assetExample,
  createBody: CreateAssetBody,
  createExample: {
    name: assetExample.name,
    type: assetExample.type,
    siteId: assetExample.siteId,
    serialNumber: assetExample.serialNumber,
    model: assetExample.model,
    installedAt: assetExample.installedAt,
    maintenanceIntervalDays: assetExample.maintenanceIntervalDays,
  },
  updateBody: UpdateAssetBody,
  updateExample: { status: 'degraded' },
  listQuery: ListAssetsQuery,
  readers: ALL_ROLES,
  writers: STAFF_WRITERS,
  deprecatedFields: {
    maintenanceIntervalDays: V1_ASSET_MAINTENANCE_DEPRECATION,
    lastMaintenanceAt: V1_ASSET_MAINTENANCE_DEPRECATION,
    nextMaintenanceAt: V1_ASSET_MAINTENANCE_DEPRECATION,
  },
}).map((route) =>
  // An update is checked as a creation is (zone, parent, pipe section): 422 (creation documents 422 already, as idempotent).
  route.operationId === 'updateAsset' ? { ...route, errorStatuses: [...(route.errorStatuses ?? []), 422] } : route,
);

export const assetsRoutes: readonly RouteDecl[] = [
  ...assetCrudRoutes,
  {
    operationId: 'getAssetV2',
    method: 'GET',
    path: '/v2/assets/{id}',
    summary: 'Get an asset (v2: maintenance grouped in one object)',
    tag: 'Assets',
    handler: 'http/assets/get-v2',
    auth: authenticated(ALL_ROLES),
    apiKey: true,
    request: { params: IdParams, headers: ['If-None-Match'] },
    responses: { 200: { description: 'Found', schema: AssetV2, example: assetV2Example, headers: ['ETag'] } },
    fn: { access: { table: 'read' } },
  },
];
