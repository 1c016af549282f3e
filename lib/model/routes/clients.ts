import type { RouteDecl } from '../types';
import { Client, clientExample, CreateClientBody, ListClientsQuery, UpdateClientBody } from '../schemas/clients';
import { ALL_ROLES, STAFF_WRITERS } from './access';
import { crudRoutes } from './crud';

/** Clients; a client user reads only its own client. */
export const clientsRoutes: readonly RouteDecl[] = crudRoutes({
  collection: 'clients',
  name: 'Client',
  tag: 'Clients',
  schema: Client,
  example: clientExample,
  createBody: CreateClientBody,
  createExample: { name: 'Blue River', email: 'exploitation@blue-river.example', phone: '+33 4 78 00 00 02', address: '4 chemin du Rhône, 69100 Villeurbanne' },
  updateBody: UpdateClientBody,
  updateExample: { status: 'inactive' },
  listQuery: ListClientsQuery,
  readers: ALL_ROLES,
  writers: STAFF_WRITERS,
});
