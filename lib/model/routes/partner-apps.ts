/** Partner apps (authorization-code app clients acting for users), managed by admins. */
import { CreatePartnerAppBody, PartnerApp, partnerAppExample } from '../schemas/partner-apps';
import { ListAppClientsQuery } from '../schemas/machine-clients';
import { IdParams, pageOf } from '../schemas/common';
import { authenticated } from './access';
import type { FunctionSpec, RouteDecl } from '../types';

const ADMINS = authenticated(['admin']);
const common = { apiKey: true, auth: ADMINS } as const;
/** Create: CreateUserPoolClient, and DeleteUserPoolClient to undo it when the record cannot be written. */
const CREATES: FunctionSpec = { access: { table: 'readWrite', userPool: 'createClients' } };
const DELETES: FunctionSpec = { access: { table: 'readWrite', userPool: 'deleteClients' } };
const LISTS: FunctionSpec = { access: { table: 'read' } };

export const partnerAppsRoutes: readonly RouteDecl[] = [
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
