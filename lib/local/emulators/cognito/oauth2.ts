/**
 * The OAuth 2.0 token endpoint of a user pool domain (`POST /oauth2/token`), for the
 * client-credentials grant of machine clients and the authorization-code grant (with
 * PKCE) of the hosted login (`hosted-login.ts`). Errors are OAuth's `{ error }` bodies, as
 * Cognito's hosted domain returns them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { StandInContext } from './context';
import type { AppClient } from './store';
import { issueClientCredentialsToken } from './tokens';
import { redeemAuthorizationCode } from './hosted-login';
import { refreshSession } from './auth-flow';
import { CognitoError } from './errors';

/** An HTTP response of the token endpoint. */
export interface TokenEndpointResponse {
  status: number;
  body: Record<string, unknown>;
}

function oauthError(error: string, status = 400): TokenEndpointResponse {
  return { status, body: { error } };
}

/** Client id and secret from HTTP Basic, or from the form (client_secret_post). */
function clientCredentials(authorization: string | undefined, form: URLSearchParams): { id?: string; secret?: string } {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString();
    const colon = decoded.indexOf(':');
    if (colon < 0) return {};
    // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
}

function authenticateClient(ctx: StandInContext, id: string | undefined, secret: string | undefined): AppClient | undefined {
  const client = id ? ctx.store.clients.get(id) : undefined;
  if (!client?.secret || secret === undefined) return undefined;
  const a = Buffer.from(secret);
  const b = Buffer.from(client.secret);
  return a.length === b.length && timingSafeEqual(a, b) ? client : undefined;
}

/**
 * Serves a token request: authenticates the client, checks the grant and the scopes
 * (all the client's scopes when none are asked for) and issues the access token.
 */
export async function handleTokenRequest(ctx: StandInContext, contentType: string | undefined, authorization: string | undefined, body: string): Promise<TokenEndpointResponse> {
  if (!contentType?.startsWith('application/x-www-form-urlencoded')) return oauthError('invalid_request');
  const form = new URLSearchParams(body);
  const credentials = clientCredentials(authorization, form);
  const grantType = form.get('grant_type');

  if (grantType === 'authorization_code') {
    // Public clients (no secret) send only client_id; they prove themselves with PKCE.
    const known = credentials.id ? ctx.store.clients.get(credentials.id) : undefined;
    const client = known?.secret ? authenticateClient(ctx, credentials.id, credentials.secret) : known;
    if (!client) return oauthError('invalid_client');
    if (!client.allowedOAuthFlowsUserPoolClient || !client.allowedOAuthFlows.includes('code')) return oauthError('unauthorized_client');
    return redeemAuthorizationCode(ctx, client, form);
  }

  if (grantType === 'refresh_token') {
    const known = credentials.id ? ctx.store.clients.get(credentials.id) : undefined;
    const client = known?.secret ? authenticateClient(ctx, credentials.id, credentials.secret) : known;
    if (!client) return oauthError('invalid_client');
    return refreshAtTokenEndpoint(ctx, client, form.get('refresh_token') ?? '');
  }

  const client = authenticateClient(ctx, credentials.id, credentials.secret);
  if (!client) return oauthError('invalid_client');

  if (grantType !== 'client_credentials') return oauthError(grantType ? 'unsupported_grant_type' : 'invalid_request');
  if (!client.allowedOAuthFlowsUserPoolClient || !client.allowedOAuthFlows.includes('client_credentials')) {
    return oauthError('unauthorized_client');
  }

  const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
  if (requested.some((scope) => !client.allowedOAuthScopes.includes(scope))) return oauthError('invalid_scope');
  const scopes = requested.length > 0 ? [...new Set(requested)] : client.allowedOAuthScopes;

  const accessToken = await issueClientCredentialsToken(ctx, client, scopes);
  return { status: 200, body: { access_token: accessToken, expires_in: client.validity.accessSeconds, token_type: 'Bearer' } };
}

/**
 * The `refresh_token` grant: new tokens for the session, and a new refresh token when the
 * client rotates them (the one sent then lasts the client's grace period more).
 */
async function refreshAtTokenEndpoint(ctx: StandInContext, client: AppClient, refreshToken: string): Promise<TokenEndpointResponse> {
  const pool = ctx.store.pool(client.userPoolId);
  try {
    const result = await refreshSession(ctx, { region: pool.region, awsSdkVersion: 'aws-sdk-unknown-unknown' }, { pool, client }, refreshToken, 'checked');
    return {
      status: 200,
      body: {
        access_token: result.AccessToken,
        id_token: result.IdToken,
        ...(result.RefreshToken ? { refresh_token: result.RefreshToken } : {}),
        expires_in: result.ExpiresIn,
        token_type: 'Bearer',
      },
    };
  } catch (error) {
    if (error instanceof CognitoError && error.code === 'NotAuthorizedException') return oauthError('invalid_grant');
    throw error;
  }
}
