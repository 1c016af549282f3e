import type { Deprecation, RouteDecl } from '../types';
import { Asset, assetExample, CreateAssetBody, ListAssetsQuery, UpdateAssetBody } from '../schemas/assets';
import { CreateSiteBody, ListSitesQuery, Site, siteExample, UpdateSiteBody } from '../schemas/sites';
import { ALL_ROLES, STAFF_WRITERS } from './access';
import { crudRoutes } from './crud';

export const siteRoutes: readonly RouteDecl[] = crudRoutes({
  collection: 'sites',
  name: 'Site',
  tag: 'Sites',
  schema: Site,
  example: siteExample,
  createBody: CreateSiteBody,
  createExample: { name: siteExample.name, address: siteExample.address, location: siteExample.location, clientId: siteExample.clientId },
  updateBody: UpdateSiteBody,
  updateExample: { name: 'Usine de traitement Nord (extension)' },
  listQuery: ListSitesQuery,
  readers: ALL_ROLES,
  writers: STAFF_WRITERS,
});

/**
 * The flat maintenance fields of a /v1 asset, superseded by the `maintenance` object of
 * /v2 (`GET /v2/assets/{id}`). Still served unchanged; answers holding them announce it.
 */
export const V1_ASSET_MAINTENANCE_DEPRECATION: Deprecation = {
  since: '2026-12-01T00:00:00Z',
  sunset: '2027-12-01T00:00:00Z',
  link: 'https://docs.hydrant.dev/migrations/v2-assets',
};

export const assetRoutes: readonly RouteDecl[] = crudRoutes({
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
});
