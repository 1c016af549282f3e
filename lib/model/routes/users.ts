/** User administration (admins): accounts, roles, erasure and export of a user's data. */
import { pageOf } from '../schemas/common';
import { CreatedUser, CreateUserBody, ListUsersQuery, UpdateUserBody, User, userExample, UserExport, userExportExample, UserIdParams } from '../schemas/users';
import type { RouteDecl } from '../types';
import { authenticated } from './access';

const common = { tag: 'Users', apiKey: true } as const;
const ETAG = ['ETag'];
/** Admin* calls of the user pool with the application table. */
const ADMINISTERS_USERS = { access: { table: 'readWrite', userPool: 'admin' } } as const;
const READS_USERS = { access: { table: 'read', userPool: 'admin' } } as const;

export const usersRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'createUser',
    method: 'POST',
    path: '/v1/users',
    summary: 'Create a user (Cognito account with a temporary password, group, technician profile)',
    handler: 'http/users/create',
    auth: authenticated(['admin', 'manager']),
    request: {
      body: CreateUserBody,
      bodyExample: { email: 'new.tech@hydrant.local', givenName: 'Camille', familyName: 'Martin', role: 'technician' },
    },
    idempotencyExempt: 'Locally the answer holds the temporary password, which a kept answer would store for 24 hours',
    responses: { 201: { description: 'Created; the invitation e-mail carries the temporary password', schema: CreatedUser, example: userExample, headers: [...ETAG, 'Location'] } },
    fn: ADMINISTERS_USERS,
  },
  {
    ...common,
    operationId: 'listUsers',
    method: 'GET',
    path: '/v1/users',
    summary: 'List users (a manager sees technicians and client users)',
    handler: 'http/users/list',
    auth: authenticated(['admin', 'manager']),
    request: { query: ListUsersQuery },
    responses: { 200: { description: 'A page', schema: pageOf(User), example: { data: [userExample], nextCursor: null } } },
    fn: { access: { table: 'read' } },
  },
  {
    ...common,
    operationId: 'getUser',
    method: 'GET',
    path: '/v1/users/{id}',
    summary: 'Get a user',
    handler: 'http/users/get',
    auth: authenticated(['admin', 'manager']),
    request: { params: UserIdParams, headers: ['If-None-Match'] },
    responses: { 200: { description: 'Found', schema: User, example: userExample, headers: ETAG } },
    fn: { access: { table: 'read' } },
  },
  {
    ...common,
    operationId: 'updateUser',
    method: 'PATCH',
    path: '/v1/users/{id}',
    summary: 'Update a user: names, role (moves groups), client, active (false disables and signs out everywhere)',
    handler: 'http/users/update',
    auth: authenticated(['admin']),
    request: { params: UserIdParams, body: UpdateUserBody, bodyExample: { role: 'manager' }, headers: ['If-Match'] },
    responses: { 200: { description: 'Updated', schema: User, example: userExample, headers: ETAG } },
    fn: ADMINISTERS_USERS,
  },
  {
    ...common,
    operationId: 'eraseUser',
    method: 'DELETE',
    path: '/v1/users/{id}',
    summary: 'Erase a user (GDPR art. 17): delete the account and pseudonymise what Hydrant keeps',
    handler: 'http/users/erase',
    auth: authenticated(['admin']),
    request: { params: UserIdParams, headers: ['If-Match'] },
    responses: { 204: { description: 'Erased' } },
    fn: { timeoutSeconds: 60, memoryMb: 512, access: { table: 'readWrite', userPool: 'admin' } },
  },
  {
    ...common,
    operationId: 'exportUser',
    method: 'GET',
    path: '/v1/users/{id}/export',
    summary: "Export a user's personal data (GDPR art. 15 and 20)",
    handler: 'http/users/export',
    auth: authenticated(['admin']),
    request: { params: UserIdParams },
    responses: { 200: { description: 'Everything Hydrant holds about the user', schema: UserExport, example: userExportExample } },
    cacheControl: 'no-store',
    fn: { timeoutSeconds: 30, ...READS_USERS },
    audit: { reads: true },
  },
];
