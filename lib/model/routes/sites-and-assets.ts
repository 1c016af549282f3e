import type { RouteDecl } from '../types';
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
});
