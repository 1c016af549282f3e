/** Machine clients (client-credentials app clients), managed by admins. */
import { CreateMachineClientBody, ListAppClientsQuery, MachineClient, machineClientExample, MachineClientWithSecret } from '../schemas/machine-clients';
import { IdParams, pageOf } from '../schemas/common';
import { APP_CLIENT_ROUTE, CREATES_APP_CLIENTS, DELETES_APP_CLIENTS, READS_TABLE } from './access';
import type { RouteDecl } from '../types';

export const machineClientsRoutes: readonly RouteDecl[] = [
  {
    ...APP_CLIENT_ROUTE,
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
    fn: CREATES_APP_CLIENTS,
    audit: { resourceType: 'machine-client' },
  },
  {
    ...APP_CLIENT_ROUTE,
    operationId: 'listMachineClients',
    method: 'GET',
    path: '/v1/machine-clients',
    summary: "The tenant's machine clients (never their secrets)",
    tag: 'Machine clients',
    handler: 'http/machine-clients/list',
    request: { query: ListAppClientsQuery },
    responses: { 200: { description: 'A page of machine clients', schema: pageOf(MachineClient), example: { data: [machineClientExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
  {
    ...APP_CLIENT_ROUTE,
    operationId: 'deleteMachineClient',
    method: 'DELETE',
    path: '/v1/machine-clients/{id}',
    summary: 'Delete a machine client: it can get no new token (issued ones live out their hour)',
    tag: 'Machine clients',
    handler: 'http/machine-clients/delete',
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' } },
    fn: DELETES_APP_CLIENTS,
    audit: { resourceType: 'machine-client' },
  },
];
