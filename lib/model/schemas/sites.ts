import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { Id, Location, PageQuery, ResourceMeta, Text } from './common';

const SiteFields = lazySchema(() => ({
  name: Text(200),
  address: Text(500),
  location: Location,
  clientId: Id.optional().describe('The client company the site belongs to; client users see only their own'),
}));

export const CreateSiteBody = lazySchema(() => z.strictObject(SiteFields));

/** PATCH semantics: every field optional, at least one present; `clientId: null` detaches the site. */
export const UpdateSiteBody = lazySchema(() => z
  .strictObject({
    name: SiteFields.name.optional(),
    address: SiteFields.address.optional(),
    location: Location.optional(),
    clientId: Id.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListSitesQuery = lazySchema(() => PageQuery.extend({ clientId: Id.optional() }));

export const Site = lazySchema(() => z
  .object({
    ...ResourceMeta,
    name: z.string(),
    address: z.string(),
    location: Location,
    clientId: Id.nullable(),
    assetCount: z.int().min(0),
  })
  .meta({ id: 'Site' }));

export const siteExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  name: 'Usine de traitement Nord',
  address: '12 rue des Sources, 69000 Lyon',
  location: { lat: 45.7772, lon: 4.8559 },
  clientId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D',
  assetCount: 3,
};
