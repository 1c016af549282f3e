/** Sites: where assets and sensors are. */
import { CreateSiteBody, ListSitesQuery, Site, siteExample, UpdateSiteBody } from '../schemas/sites';
import type { RouteDecl } from '../types';
import { ALL_ROLES, STAFF_WRITERS } from './access';
import { crudRoutes } from './crud';

export const sitesRoutes: readonly RouteDecl[] = crudRoutes({
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
