/**
 * Users (admins; managers create, list and read technicians and client users), the
 * caller's own account (`/v1/me`) and personal data: export and erasure (issue 7).
 * Every route here touches Cognito, so none can run in a batch.
 */
import type { RouteDecl } from '../types';
import {
  ChangePasswordBody,
  ConsentBody,
  CreatedUser,
  CreateUserBody,
  ListUsersQuery,
  Me,
  UpdateMeBody,
  UpdateUserBody,
  User,
  userExample,
  UserExport,
  UserIdParams,
} from '../schemas/users';
import { pageOf } from '../schemas/common';
import { ALL_ROLES, authenticated } from './access';

const common = { tag: 'Users', apiKey: true } as const;
const ETAG = ['ETag'];
/** Admin* calls of the user pool with the application table. */
const ADMINISTERS_USERS = { access: { table: 'readWrite', userPool: 'admin' } } as const;
const READS_USERS = { access: { table: 'read', userPool: 'admin' } } as const;
/** The caller's own account: Cognito calls authorised by their access token (no IAM). */
const OWN_ACCOUNT = { access: { table: 'readWrite', userPool: 'public' } } as const;
/** `/v1/me` calls are audited as calls on the caller's user resource. */
const ON_OWN_USER = { resourceType: 'user' } as const;
const meExample = { ...userExample, consentRequired: true, currentPolicyVersion: '2026-11' };
const exportExample = {
  exportedAt: '2026-11-21T09:30:00.000Z',
  userId: userExample.id,
  account: { email: userExample.email, status: 'CONFIRMED', groups: ['technician'] },
  user: userExample,
  technician: null,
  workOrders: [],
  workOrderHistory: [],
  timeEntries: [],
  scheduleEntries: [],
  notifications: [],
  serviceRequests: [],
  documents: [],
};


export const userRoutes: readonly RouteDecl[] = [
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
    responses: { 200: { description: 'Everything Hydrant holds about the user', schema: UserExport, example: exportExample } },
    cacheControl: 'no-store',
    fn: { timeoutSeconds: 30, ...READS_USERS },
    audit: { reads: true },
  },
  {
    ...common,
    operationId: 'getMe',
    method: 'GET',
    path: '/v1/me',
    summary: 'The caller: profile, role, consent and whether consent to the current policy is missing',
    handler: 'http/me/get',
    auth: authenticated(ALL_ROLES),
    request: { headers: ['If-None-Match'] },
    responses: { 200: { description: 'The caller', schema: Me, example: meExample, headers: ETAG } },
    fn: OWN_ACCOUNT,
    audit: ON_OWN_USER,
  },
  {
    ...common,
    operationId: 'updateMe',
    method: 'PATCH',
    path: '/v1/me',
    summary: 'Change your own given and family names',
    handler: 'http/me/update',
    auth: authenticated(ALL_ROLES),
    request: { body: UpdateMeBody, bodyExample: { givenName: 'Camille' }, headers: ['If-Match'] },
    responses: { 200: { description: 'Updated', schema: Me, example: meExample, headers: ETAG } },
    fn: OWN_ACCOUNT,
    audit: ON_OWN_USER,
  },
  {
    ...common,
    operationId: 'changeMyPassword',
    method: 'POST',
    path: '/v1/me/password',
    summary: 'Change your password (the current one is required)',
    handler: 'http/me/change-password',
    auth: authenticated(ALL_ROLES),
    request: { body: ChangePasswordBody, bodyExample: { oldPassword: 'Hydrant-Demo-2026', newPassword: 'Vanne-Rouge-Quai-42' } },
    responses: { 204: { description: 'Changed' } },
    fn: { access: { userPool: 'public' } },
    rateLimit: { limit: 5, windowSeconds: 300, per: 'principal', counts: 'failures' },
    audit: ON_OWN_USER,
  },
  {
    ...common,
    operationId: 'recordMyConsent',
    method: 'POST',
    path: '/v1/me/consent',
    summary: 'Record your consent to a version of the privacy policy',
    handler: 'http/me/consent',
    auth: authenticated(ALL_ROLES),
    request: { body: ConsentBody, bodyExample: { policyVersion: '2026-11' } },
    responses: { 200: { description: 'Recorded', schema: Me, example: { ...meExample, consentRequired: false, consent: { policyVersion: '2026-11', acceptedAt: '2026-11-21T09:30:00.000Z' } }, headers: ETAG } },
    fn: OWN_ACCOUNT,
    audit: ON_OWN_USER,
  },
  {
    ...common,
    operationId: 'exportMyData',
    method: 'GET',
    path: '/v1/me/export',
    summary: 'Export your own personal data (GDPR art. 15 and 20)',
    handler: 'http/me/export',
    auth: authenticated(ALL_ROLES),
    responses: { 200: { description: 'Everything Hydrant holds about you', schema: UserExport, example: exportExample } },
    cacheControl: 'no-store',
    fn: { timeoutSeconds: 30, access: { table: 'read', userPool: 'public' } },
    audit: { ...ON_OWN_USER, reads: true },
  },
];
