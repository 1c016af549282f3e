/**
 * Machine clients (OAuth 2.0 client credentials) and partner apps (authorization code
 * with PKCE, acting for a user): Cognito app clients with Hydrant's scopes, and the
 * tenant's record of each.
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { SCOPE_NAMES } from '../scopes';
import { PageQuery, ResourceMeta, Text } from './common';

export const Scope = lazySchema(() => z.enum(SCOPE_NAMES).describe('A resource-server scope; tokens carry it as hydrant/<scope>'));

export const Scopes = lazySchema(() => z.array(Scope).min(1).max(SCOPE_NAMES.length).refine((s) => new Set(s).size === s.length, 'must not repeat a scope'));

export const CreateMachineClientBody = lazySchema(() => z.strictObject({
  name: Text(128),
  scopes: Scopes,
}));

export const MachineClient = lazySchema(() => z
  .object({
    ...ResourceMeta,
    name: z.string(),
    clientId: z.string().describe('The OAuth client_id (a Cognito app client)'),
    scopes: z.array(Scope),
  })
  .meta({ id: 'MachineClient' }));

export const MachineClientWithSecret = lazySchema(() => MachineClient.extend({
  clientSecret: z.string().describe('Shown in this answer only: Hydrant stores it nowhere'),
  tokenEndpoint: z.string().optional().describe('POST grant_type=client_credentials here, with HTTP Basic client_id:client_secret'),
}).meta({ id: 'MachineClientWithSecret' }));

export const ListAppClientsQuery = PageQuery;

export const machineClientExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  version: 1,
  createdAt: '2026-12-07T13:00:00.000Z',
  updatedAt: '2026-12-07T13:00:00.000Z',
  name: 'SCADA gateway',
  clientId: '4tq1example5hpc7t1lq2mgnqk',
  scopes: ['telemetry.write'],
};
