/**
 * Sign-in: login, refresh, logout, the new-password and forgot-password flows, and the
 * SOFTWARE_TOKEN_MFA challenge of login (`POST /v1/auth/mfa`), with an authenticator-app code.
 */
import { ForgotPasswordBody, LoginBody, LoginResponse, LogoutBody, MfaChallengeBody, NewPasswordBody, RefreshBody, RefreshedTokens, ResetPasswordBody, TokenResponse } from '../schemas/auth';
import { FORM_MEDIA_TYPE, type RouteDecl } from '../types';
import { APP_CLIENTS } from '../user-pool';
import { FAILED_SIGN_INS_LIMIT, PUBLIC, SIGNS_IN } from './access';

export const tokenExample = {
  access_token: 'eyJraWQiOi...',
  id_token: 'eyJraWQiOi...',
  refresh_token: 'eyJjdHkiOi...',
  expires_in: 3600,
  token_type: 'Bearer',
};

export const authRoutes: readonly RouteDecl[] = [
  {
    operationId: 'login',
    method: 'POST',
    path: '/v1/auth/login',
    summary: 'Exchange a username and password for tokens',
    tag: 'Auth',
    handler: 'http/auth/login',
    auth: PUBLIC,
    apiKey: true,
    // Form-encoded too, as OAuth2 password-grant clients send it (seed 000's SDKs).
    request: { body: LoginBody, mediaTypes: ['application/json', FORM_MEDIA_TYPE], bodyExample: { username: 'manager@hydrant.local', password: 'Hydrant-Demo-2026' } },
    responses: { 200: { description: 'Tokens, or a challenge to complete first (`{challenge, session}`: NEW_PASSWORD_REQUIRED with POST /v1/auth/new-password, SOFTWARE_TOKEN_MFA with POST /v1/auth/mfa)', schema: LoginResponse, example: tokenExample } },
    fn: SIGNS_IN,
    rateLimit: FAILED_SIGN_INS_LIMIT,
  },
  {
    operationId: 'refreshTokens',
    method: 'POST',
    path: '/v1/auth/refresh',
    summary: 'Exchange a refresh token for new access, id and refresh tokens (refresh tokens rotate: keep the new one)',
    tag: 'Auth',
    handler: 'http/auth/refresh',
    auth: PUBLIC,
    apiKey: true,
    request: { body: RefreshBody, bodyExample: { refresh_token: 'eyJjdHkiOi...' } },
    responses: { 200: { description: `Tokens, with the next refresh token (the one sent works ${APP_CLIENTS.login.refreshTokenRotation.retryGracePeriodSeconds} seconds more, for a retry)`, schema: RefreshedTokens, example: tokenExample } },
    fn: { access: { userPool: 'public' } },
  },
  {
    operationId: 'logout',
    method: 'POST',
    path: '/v1/auth/logout',
    summary: 'Revoke a refresh token and the tokens issued from it',
    tag: 'Auth',
    handler: 'http/auth/logout',
    auth: { kind: 'authenticated', roles: ['admin', 'manager', 'technician', 'client'], duringMfaSetup: true },
    apiKey: true,
    request: { body: LogoutBody, bodyExample: { refresh_token: 'eyJjdHkiOi...' } },
    responses: { 204: { description: 'Revoked' } },
    fn: { access: { userPool: 'public' } },
  },
  {
    operationId: 'completeNewPassword',
    method: 'POST',
    path: '/v1/auth/new-password',
    summary: 'First login: replace the temporary password (NEW_PASSWORD_REQUIRED) and get the tokens',
    tag: 'Auth',
    handler: 'http/auth/new-password',
    auth: PUBLIC,
    apiKey: true,
    request: { body: NewPasswordBody, bodyExample: { username: 'new.tech@hydrant.local', session: 'AYABeC...', newPassword: 'Vanne-Rouge-Quai-42' } },
    responses: { 200: { description: 'Tokens, or the next challenge', schema: LoginResponse, example: tokenExample } },
    // A session already used or expired is a failed sign-in (401), counted by the limit.
    errorStatuses: [401],
    fn: SIGNS_IN,
    rateLimit: FAILED_SIGN_INS_LIMIT,
  },
  {
    operationId: 'forgotPassword',
    method: 'POST',
    path: '/v1/auth/forgot-password',
    summary: 'Ask for a password reset code by e-mail (always 202: never says whether the account exists)',
    tag: 'Auth',
    handler: 'http/auth/forgot-password',
    auth: PUBLIC,
    apiKey: true,
    request: { body: ForgotPasswordBody, bodyExample: { username: 'tech@hydrant.local' } },
    responses: { 202: { description: 'If the account exists and has a verified e-mail, a code was sent' } },
    fn: { access: { userPool: 'public' } },
  },
  {
    operationId: 'resetPassword',
    method: 'POST',
    path: '/v1/auth/reset-password',
    summary: 'Set a new password with the e-mailed code',
    tag: 'Auth',
    handler: 'http/auth/reset-password',
    auth: PUBLIC,
    apiKey: true,
    request: { body: ResetPasswordBody, bodyExample: { username: 'tech@hydrant.local', code: '123456', newPassword: 'Vanne-Rouge-Quai-42' } },
    responses: { 204: { description: 'The password is changed; log in with it' } },
    fn: { access: { userPool: 'public' } },
  },
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
];
