/**
 * OAuth2 authorization-code grants of QuickBooks Online, Google Calendar and Dropbox: the
 * consent URL (with PKCE S256 where the provider takes it: Google and Dropbox; Intuit
 * documents none), the code exchange and the refresh, at each provider's token endpoint
 * (PROVIDER_URLS, a local stand-in in tests). Client credentials go as HTTP Basic to Intuit
 * (its reference), in the form to Google and Dropbox. Tokens come back as credentials to seal:
 * `accessToken`, `refreshToken`, `expiresAt` (ISO), and `realmId` for QuickBooks.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OAuthConnectorType } from '#domain/connectors';
import type { Credentials } from './port';
import { callProviderJson } from './provider-http';
import { PROVIDER_URLS } from './provider-urls';

interface ProviderGrant {
  readonly scope: string;
  readonly pkce: boolean;
  readonly basicAuth: boolean;
  /** Extra parameters of the consent URL (offline access for a refresh token). */
  readonly extra: Readonly<Record<string, string>>;
}

const GRANTS: Readonly<Record<OAuthConnectorType, ProviderGrant>> = {
  quickbooks: { scope: 'com.intuit.quickbooks.accounting', pkce: false, basicAuth: true, extra: {} },
  google_calendar: { scope: 'https://www.googleapis.com/auth/calendar.events', pkce: true, basicAuth: false, extra: { access_type: 'offline', prompt: 'consent' } },
  dropbox: { scope: 'files.content.write files.content.read', pkce: true, basicAuth: false, extra: { token_access_type: 'offline' } },
};

/** A PKCE verifier (43 characters of base64url) and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The consent URL; the verifier (when PKCE applies) travels sealed in the state. */
export function authorizationUrl(type: OAuthConnectorType, clientId: string, state: string, challenge: string | undefined): string {
  const grant = GRANTS[type];
  const url = new URL(PROVIDER_URLS.oauth[type].authorize);
  const params: Record<string, string> = { client_id: clientId, response_type: 'code', redirect_uri: PROVIDER_URLS.redirectUri, scope: grant.scope, state, ...grant.extra };
  if (grant.pkce && challenge) Object.assign(params, { code_challenge: challenge, code_challenge_method: 'S256' });
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export const usesPkce = (type: OAuthConnectorType): boolean => GRANTS[type].pkce;

interface TokenAnswer {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly expires_in?: number;
}

async function tokenRequest(type: OAuthConnectorType, client: { clientId: string; clientSecret: string }, form: Record<string, string>): Promise<TokenAnswer> {
  const grant = GRANTS[type];
  const body = new URLSearchParams(grant.basicAuth ? form : { ...form, client_id: client.clientId, client_secret: client.clientSecret });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (grant.basicAuth) headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  return callProviderJson<TokenAnswer>(type, { method: 'POST', url: PROVIDER_URLS.oauth[type].token, headers, body: body.toString() });
}

const tokensOf = (answer: TokenAnswer, previousRefresh: string | undefined, now: Date): Credentials => ({
  accessToken: answer.access_token,
  ...(answer.refresh_token ?? previousRefresh ? { refreshToken: (answer.refresh_token ?? previousRefresh)! } : {}),
  expiresAt: new Date(now.getTime() + (answer.expires_in ?? 3600) * 1000).toISOString(),
});

/** Exchanges the code for tokens (with the PKCE verifier when one was sent). */
export async function exchangeCode(type: OAuthConnectorType, client: { clientId: string; clientSecret: string }, code: string, verifier: string | undefined, now: Date): Promise<Credentials> {
  const answer = await tokenRequest(type, client, { grant_type: 'authorization_code', code, redirect_uri: PROVIDER_URLS.redirectUri, ...(verifier ? { code_verifier: verifier } : {}) });
  return tokensOf(answer, undefined, now);
}

/** A new access token from the refresh token (Google and Dropbox keep the refresh token; Intuit may rotate it). */
export async function refreshTokens(type: OAuthConnectorType, client: { clientId: string; clientSecret: string }, refreshToken: string, now: Date): Promise<Credentials> {
  const answer = await tokenRequest(type, client, { grant_type: 'refresh_token', refresh_token: refreshToken });
  return tokensOf(answer, refreshToken, now);
}

/** Tokens are refreshed when they expire within 5 minutes (a run's calls then all carry a live token). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
export const needsRefresh = (credentials: Credentials, now: Date): boolean =>
  Boolean(credentials.refreshToken) && (!credentials.expiresAt || Date.parse(credentials.expiresAt) - now.getTime() < REFRESH_MARGIN_MS);
