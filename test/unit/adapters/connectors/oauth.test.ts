/** The OAuth2 grant of each provider against the local stand-in of its authorization and token endpoints. */
import { afterAll, describe, expect, it } from 'vitest';
import { startOAuthProvider } from '#lib/local/emulators/oauth-provider/server';

const provider = await startOAuthProvider({ clientId: 'client-1', clientSecret: 'secret-1', expiresIn: 3600 });
for (const p of ['QUICKBOOKS', 'GOOGLE', 'DROPBOX']) {
  process.env[`CONNECTOR_URL_${p}_AUTHORIZE`] = provider.authorizeUrl;
  process.env[`CONNECTOR_URL_${p}_TOKEN`] = provider.tokenUrl;
}
process.env.CONNECTOR_OAUTH_REDIRECT_URI = 'https://api.hydrant.example/v1/connectors/oauth/callback';
const { authorizationUrl, exchangeCode, needsRefresh, pkcePair, refreshTokens, usesPkce } = await import('#adapters/connectors/oauth');
afterAll(() => provider.close());

const client = { clientId: 'client-1', clientSecret: 'secret-1' };
const now = new Date('2026-11-21T09:30:00Z');

/** Follows the consent URL: the stand-in consents and redirects with the code. */
async function consent(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe.each(['google_calendar', 'dropbox', 'quickbooks'] as const)('%s grant', (type) => {
  it('consents, exchanges the code (PKCE where taken) and refreshes the token', async () => {
    const pkce = usesPkce(type) ? pkcePair() : undefined;
    const url = new URL(authorizationUrl(type, client.clientId, 'state-1', pkce?.challenge));
    expect(url.searchParams.get('redirect_uri')).toBe('https://api.hydrant.example/v1/connectors/oauth/callback');
    expect(url.searchParams.get('code_challenge_method')).toBe(pkce ? 'S256' : null);
    const back = await consent(url.toString());
    expect(back.searchParams.get('state')).toBe('state-1');
    const tokens = await exchangeCode(type, client, back.searchParams.get('code')!, pkce?.verifier, now);
    expect(provider.accessTokens.has(tokens.accessToken!)).toBe(true);
    expect(tokens.expiresAt).toBe('2026-11-21T10:30:00.000Z');
    const seen = provider.tokenRequests.at(-1)!;
    expect(seen.clientAuth).toBe(type === 'quickbooks' ? 'basic' : 'form');
    expect(seen.codeVerifier).toBe(pkce?.verifier);
    expect(needsRefresh(tokens, now)).toBe(false);
    const later = new Date('2026-11-21T10:26:00Z');
    expect(needsRefresh(tokens, later)).toBe(true);
    const refreshed = await refreshTokens(type, client, tokens.refreshToken!, later);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.expiresAt).toBe('2026-11-21T11:26:00.000Z');
  });
});

describe('refusals', () => {
  it('a wrong PKCE verifier is refused by the token endpoint', async () => {
    const pkce = pkcePair();
    const back = await consent(authorizationUrl('dropbox', client.clientId, 's', pkce.challenge));
    await expect(exchangeCode('dropbox', client, back.searchParams.get('code')!, pkcePair().verifier, now)).rejects.toThrow('dropbox: HTTP 400 PKCE verification failed');
  });
  it('a code is single-use', async () => {
    const back = await consent(authorizationUrl('quickbooks', client.clientId, 's', undefined));
    const code = back.searchParams.get('code')!;
    await exchangeCode('quickbooks', client, code, undefined, now);
    await expect(exchangeCode('quickbooks', client, code, undefined, now)).rejects.toThrow('quickbooks: HTTP 400 invalid_grant');
  });
});
