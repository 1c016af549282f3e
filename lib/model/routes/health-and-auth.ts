import type { RouteDecl } from '../types';
import { Health, LoginBody, LoginResponse, LogoutBody, RefreshBody, TokenResponse } from '../schemas/auth';
import { PUBLIC } from './access';

const tokenExample = {
  access_token: 'eyJraWQiOi...',
  id_token: 'eyJraWQiOi...',
  refresh_token: 'eyJjdHkiOi...',
  expires_in: 3600,
  token_type: 'Bearer',
};

export const healthAndAuthRoutes: readonly RouteDecl[] = [
  {
    operationId: 'getHealth',
    method: 'GET',
    path: '/v1/health',
    summary: 'Liveness of the API (no key, no token)',
    tag: 'Platform',
    handler: 'http/health/get',
    auth: PUBLIC,
    apiKey: false,
    responses: { 200: { description: 'The API answers', schema: Health, example: { status: 'ok', version: '0.1.0', time: '2026-11-21T09:30:00.000Z' } } },
    fn: { memoryMb: 128, access: {} },
  },
  {
    operationId: 'login',
    method: 'POST',
    path: '/v1/auth/login',
    summary: 'Exchange a username and password for tokens',
    tag: 'Auth',
    handler: 'http/auth/login',
    auth: PUBLIC,
    apiKey: true,
    request: { body: LoginBody, bodyExample: { username: 'manager@hydrant.local', password: 'Hydrant-Demo-2026' } },
    responses: { 200: { description: 'Tokens, or a challenge to complete first (`{challenge, session}`)', schema: LoginResponse, example: tokenExample } },
    fn: { access: { userPool: 'public' } },
    // Brute force: 5 failed logins per account and client address lock that pair for 5 minutes.
    rateLimit: { limit: 5, windowSeconds: 300, per: 'sourceIp', bodyField: 'username', counts: 'failures' },
  },
  {
    operationId: 'refreshTokens',
    method: 'POST',
    path: '/v1/auth/refresh',
    summary: 'Exchange a refresh token for new access and id tokens',
    tag: 'Auth',
    handler: 'http/auth/refresh',
    auth: PUBLIC,
    apiKey: true,
    request: { body: RefreshBody, bodyExample: { refresh_token: 'eyJjdHkiOi...' } },
    responses: { 200: { description: 'Tokens', schema: TokenResponse, example: { ...tokenExample, refresh_token: undefined } } },
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
];
