/**
 * The caller's own account (`/v1/me`): profile, password, consent, data export, and the
 * enrolment of an authenticator app (TOTP), which a user who must use MFA does first.
 */
import { MfaSetup, MfaStatus, VerifyMfaBody, ChangePasswordBody, ConsentBody, Me, UpdateMeBody } from '../schemas/me';
import { userExample, UserExport, userExportExample } from '../schemas/users';
import { ALL_ROLES, authenticated } from './access';
import type { RouteDecl } from '../types';

const common = { tag: 'Users', apiKey: true } as const;
const ETAG = ['ETag'];
/** The caller's own account: Cognito calls authorised by their access token (no IAM). */
const OWN_ACCOUNT = { access: { table: 'readWrite', userPool: 'public' } } as const;
/** `/v1/me` calls are audited as calls on the caller's user resource. */
const ON_OWN_USER = { resourceType: 'user' } as const;
const meExample = { ...userExample, consentRequired: true, currentPolicyVersion: '2026-11' };
/** Every signed-in user, including one who must still enrol (these routes are how they do). */
const ENROLLING_USERS = { kind: 'authenticated', roles: ALL_ROLES, duringMfaSetup: true } as const;

export const meRoutes: readonly RouteDecl[] = [
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
    responses: { 200: { description: 'Everything Hydrant holds about you', schema: UserExport, example: userExportExample } },
    cacheControl: 'no-store',
    fn: { timeoutSeconds: 30, access: { table: 'read', userPool: 'public' } },
    audit: { ...ON_OWN_USER, reads: true },
  },
  {
    operationId: 'setupMfa',
    method: 'POST',
    path: '/v1/me/mfa/setup',
    summary: 'Start enrolling an authenticator app: a new TOTP secret (shown once)',
    tag: 'Me',
    handler: 'http/me/mfa-setup',
    auth: ENROLLING_USERS,
    apiKey: true,
    responses: { 200: { description: 'The secret and its otpauth URI', schema: MfaSetup, example: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Hydrant:manager%40hydrant.local?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Hydrant' } } },
    fn: { access: { userPool: 'public' } },
  },
  {
    operationId: 'verifyMfa',
    method: 'POST',
    path: '/v1/me/mfa/verify',
    summary: 'Finish enrolling: a code of the new secret turns TOTP on for every later login',
    tag: 'Me',
    handler: 'http/me/mfa-verify',
    auth: ENROLLING_USERS,
    apiKey: true,
    request: { body: VerifyMfaBody, bodyExample: { code: '123456', deviceName: 'Phone' } },
    responses: { 200: { description: 'TOTP is on', schema: MfaStatus, example: { enabled: true, type: 'TOTP' } } },
    fn: { access: { userPool: 'public' } },
  },
  {
    operationId: 'disableMfa',
    method: 'DELETE',
    path: '/v1/me/mfa',
    summary: 'Turn TOTP off (refused with 403 MFA_REQUIRED for a role that must have it)',
    tag: 'Me',
    handler: 'http/me/mfa-disable',
    auth: { kind: 'authenticated', roles: ALL_ROLES },
    apiKey: true,
    responses: { 204: { description: 'TOTP is off' } },
    fn: { access: { userPool: 'public', table: 'read' } },
  },
];
