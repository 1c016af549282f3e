/**
 * Multi-factor authentication: a user enrols an authenticator app (TOTP) with the
 * caller's own access token, then signs in with a code (`POST /v1/auth/mfa` answers the
 * SOFTWARE_TOKEN_MFA challenge of login). Admins decide which roles must enrol.
 */
import type { RouteDecl } from '../types';
import { MfaChallengeBody, TokenResponse } from '../schemas/auth';
import { MfaSetup, MfaStatus, SecuritySettings, UpdateSecuritySettingsBody, VerifyMfaBody } from '../schemas/mfa';
import { ALL_ROLES, FAILED_SIGN_INS_LIMIT, PUBLIC, SIGNS_IN } from './access';
import { tokenExample } from './health-and-auth';


/** Every signed-in user, including one who must still enrol (these routes are how they do). */
const ENROLLING_USERS = { kind: 'authenticated', roles: ALL_ROLES, duringMfaSetup: true } as const;

export const mfaRoutes: readonly RouteDecl[] = [
  {
    operationId: 'respondToMfaChallenge',
    method: 'POST',
    path: '/v1/auth/mfa',
    summary: 'Complete a SOFTWARE_TOKEN_MFA login challenge with an authenticator-app code',
    tag: 'Auth',
    handler: 'http/auth/mfa',
    auth: PUBLIC,
    apiKey: true,
    request: { body: MfaChallengeBody, bodyExample: { username: 'manager@hydrant.local', session: 'AYABeB2D3Z8hQkV1rW0xYp4...', code: '123456' } },
    responses: { 200: { description: 'Tokens', schema: TokenResponse, example: tokenExample } },
    fn: SIGNS_IN,
    // A six-digit code is guessable by brute force: it shares the failed-sign-in budget of the account.
    rateLimit: FAILED_SIGN_INS_LIMIT,
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
  {
    operationId: 'getSecuritySettings',
    method: 'GET',
    path: '/v1/settings/security',
    summary: "The tenant's security settings (which roles must use MFA)",
    tag: 'Settings',
    handler: 'http/settings/get-security',
    auth: { kind: 'authenticated', roles: ['admin'] },
    apiKey: true,
    responses: { 200: { description: 'The settings', schema: SecuritySettings, example: { mfaRequiredRoles: ['admin', 'manager'], updatedAt: '2026-12-07T13:00:00.000Z' } } },
    fn: { access: { table: 'read' } },
  },
  {
    operationId: 'updateSecuritySettings',
    method: 'PUT',
    path: '/v1/settings/security',
    summary: "Set which roles must use MFA (effective at each user's next token)",
    tag: 'Settings',
    handler: 'http/settings/update-security',
    auth: { kind: 'authenticated', roles: ['admin'] },
    apiKey: true,
    request: { body: UpdateSecuritySettingsBody, bodyExample: { mfaRequiredRoles: ['admin', 'manager'] } },
    responses: { 200: { description: 'The settings', schema: SecuritySettings, example: { mfaRequiredRoles: ['admin', 'manager'], updatedAt: '2026-12-07T13:00:00.000Z' } } },
    fn: { access: { table: 'readWrite' } },
  },
];
