/** Partner apps (authorization-code app clients acting for users), managed by admins. */
import { CreatePartnerAppBody, PartnerApp, partnerAppExample } from '../schemas/partner-apps';
import { ListAppClientsQuery } from '../schemas/machine-clients';
import { IdParams, pageOf } from '../schemas/common';
import { APP_CLIENT_ROUTE, CREATES_APP_CLIENTS, DELETES_APP_CLIENTS, READS_TABLE } from './access';
import type { RouteDecl } from '../types';

export const partnerAppsRoutes: readonly RouteDecl[] = [
  {
    ...APP_CLIENT_ROUTE,
    operationId: 'createPartnerApp',
    method: 'POST',
    path: '/v1/partner-apps',
    summary: 'Register a partner app (authorization code + PKCE, acting for a user)',
    tag: 'Partner apps',
    handler: 'http/partner-apps/create',
    request: { body: CreatePartnerAppBody, bodyExample: { name: partnerAppExample.name, scopes: partnerAppExample.scopes, callbackUrls: partnerAppExample.callbackUrls } },
    responses: { 201: { description: 'The partner app (a public client: no secret)', schema: PartnerApp, example: partnerAppExample, headers: ['Location'] } },
    idempotent: true,
    fn: CREATES_APP_CLIENTS,
    audit: { resourceType: 'partner-app' },
  },
  {
    ...APP_CLIENT_ROUTE,
    operationId: 'listPartnerApps',
    method: 'GET',
    path: '/v1/partner-apps',
    summary: "The tenant's partner apps",
    tag: 'Partner apps',
    handler: 'http/partner-apps/list',
    request: { query: ListAppClientsQuery },
    responses: { 200: { description: 'A page of partner apps', schema: pageOf(PartnerApp), example: { data: [partnerAppExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
  {
    ...APP_CLIENT_ROUTE,
    operationId: 'deletePartnerApp',
    method: 'DELETE',
    path: '/v1/partner-apps/{id}',
    summary: 'Delete a partner app: no new authorization or token for it',
    tag: 'Partner apps',
    handler: 'http/partner-apps/delete',
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' } },
    fn: DELETES_APP_CLIENTS,
    audit: { resourceType: 'partner-app' },
  },
];
