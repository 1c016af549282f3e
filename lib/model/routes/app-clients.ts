/**
 * OAuth 2.0 clients of the tenant (admins only), each a Cognito app client with Hydrant's
 * resource-server scopes plus the tenant's record of it (listing is a Query, and a
 * machine token maps to its tenant through it):
 * - machine clients: client credentials, a secret shown once;
 * - partner apps: authorization code with PKCE for a signed-in user, no secret.
 */
import type { FunctionSpec, RouteDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import {
  CreateMachineClientBody,
  CreatePartnerAppBody,
  ListAppClientsQuery,
  MachineClient,
  machineClientExample,
  MachineClientWithSecret,
  PartnerApp,
  partnerAppExample,
} from '../schemas/app-clients';
import { authenticated } from './access';

const ADMINS = authenticated(['admin']);
const common = { apiKey: true, auth: ADMINS } as const;
/** Create: CreateUserPoolClient, and DeleteUserPoolClient to undo it when the record cannot be written. */
const CREATES: FunctionSpec = { access: { table: 'readWrite', userPool: 'createClients' } };
const DELETES: FunctionSpec = { access: { table: 'readWrite', userPool: 'deleteClients' } };
const LISTS: FunctionSpec = { access: { table: 'read' } };

export const appClientRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'createMachineClient',
    method: 'POST',
    path: '/v1/machine-clients',
    summary: 'Create a machine client (client credentials); its secret is answered once',
    tag: 'Machine clients',
    handler: 'http/machine-clients/create',
    request: { body: CreateMachineClientBody, bodyExample: { name: 'SCADA gateway', scopes: ['telemetry.write'] } },
    idempotencyExempt: 'The answer holds the client secret in clear, which a kept answer would store for 24 hours',
    responses: {
      201: {
        description: 'The client and its secret (shown once)',
        schema: MachineClientWithSecret,
        example: { ...machineClientExample, clientSecret: '1example2secret3only4shown5once6abcdefghijklmnopqrs', tokenEndpoint: 'https://hydrant-prod.auth.eu-west-3.amazoncognito.com/oauth2/token' },
        headers: ['Location'],
      },
    },
    fn: CREATES,
    audit: { resourceType: 'machine-client' },
  },
  {
    ...common,
    operationId: 'listMachineClients',
    method: 'GET',
    path: '/v1/machine-clients',
    summary: "The tenant's machine clients (never their secrets)",
    tag: 'Machine clients',
    handler: 'http/machine-clients/list',
    request: { query: ListAppClientsQuery },
    responses: { 200: { description: 'A page of machine clients', schema: pageOf(MachineClient), example: { data: [machineClientExample], nextCursor: null } } },
    fn: LISTS,
  },
  {
    ...common,
    operationId: 'deleteMachineClient',
    method: 'DELETE',
    path: '/v1/machine-clients/{id}',
    summary: 'Delete a machine client: it can get no new token (issued ones live out their hour)',
    tag: 'Machine clients',
    handler: 'http/machine-clients/delete',
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' } },
    fn: DELETES,
    audit: { resourceType: 'machine-client' },
  },
  {
    ...common,
    operationId: 'createPartnerApp',
    method: 'POST',
    path: '/v1/partner-apps',
    summary: 'Register a partner app (authorization code + PKCE, acting for a user)',
    tag: 'Partner apps',
    handler: 'http/partner-apps/create',
    request: { body: CreatePartnerAppBody, bodyExample: { name: partnerAppExample.name, scopes: partnerAppExample.scopes, callbackUrls: partnerAppExample.callbackUrls } },
    responses: { 201: { description: 'The partner app (a public client: no secret)', schema: PartnerApp, example: partnerAppExample, headers: ['Location'] } },
    idempotent: true,
    fn: CREATES,
    audit: { resourceType: 'partner-app' },
  },
  {
    ...common,
    operationId: 'listPartnerApps',
    method: 'GET',
    path: '/v1/partner-apps',
    summary: "The tenant's partner apps",
    tag: 'Partner apps',
    handler: 'http/partner-apps/list',
    request: { query: ListAppClientsQuery },
    responses: { 200: { description: 'A page of partner apps', schema: pageOf(PartnerApp), example: { data: [partnerAppExample], nextCursor: null } } },
    fn: LISTS,
  },
  {
    ...common,
    operationId: 'deletePartnerApp',
    method: 'DELETE',
    path: '/v1/partner-apps/{id}',
    summary: 'Delete a partner app: no new authorization or token for it',
    tag: 'Partner apps',
    handler: 'http/partner-apps/delete',
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' } },
    fn: DELETES,
    audit: { resourceType: 'partner-app' },
  },
];
