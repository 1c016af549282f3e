/** Partner apps: app clients that act for a user (authorization code), with the scopes they may ask for. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { ResourceMeta, Text } from './common';
import { Scope, Scopes } from './machine-clients';

export const CallbackUrl = lazySchema(() => z
  .string()
  .min(1)
  .max(1024)
  .describe('An exact redirect URI: https (http://localhost only on the local stack), no wildcard, no fragment'));

export const CreatePartnerAppBody = lazySchema(() => z.strictObject({
  name: Text(128),
  scopes: Scopes,
  callbackUrls: z.array(CallbackUrl).min(1).max(10),
  logoutUrls: z.array(CallbackUrl).max(10).optional(),
}));

export const PartnerApp = lazySchema(() => z
  .object({
    ...ResourceMeta,
    name: z.string(),
    clientId: z.string().describe('The OAuth client_id of this public client (no secret: use PKCE)'),
    scopes: z.array(Scope).describe('Granted Hydrant scopes; the app client also has openid'),
    callbackUrls: z.array(z.string()),
    logoutUrls: z.array(z.string()),
  })
  .meta({ id: 'PartnerApp' }));

export const partnerAppExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C',
  version: 1,
  createdAt: '2026-12-07T13:00:00.000Z',
  updatedAt: '2026-12-07T13:00:00.000Z',
  name: 'Field app of Aqua Partner',
  clientId: '7ab2example9kq3c1lq2mgnqk',
  scopes: ['work-orders.read'],
  callbackUrls: ['https://app.partner.example/oauth/callback'],
  logoutUrls: [],
};
