/**
 * A local stand-in of an OAuth2 provider's authorization and token endpoints (RFC 6749 with
 * PKCE, RFC 7636), enough for Hydrant's QuickBooks, Google Calendar and Dropbox grants to be
 * tested end to end: `GET /authorize` consents at once and redirects to `redirect_uri` with a
 * `code` and the `state`; `POST /token` exchanges a code (checking the client, the redirect URI
 * and the PKCE verifier) or a refresh token. Client authentication: HTTP Basic (as Intuit) or
 * form fields (as Google and Dropbox). Tokens are random; codes are single-use.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The OAuth2 client the local stack's stand-in accepts (store these as a connector's `clientId` / `clientSecret` locally). */
export const LOCAL_OAUTH_CLIENT = { clientId: 'hydrant-local-client', clientSecret: 'hydrant-local-secret' } as const;

export interface OAuthProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Seconds an access token lives. @default 3600 */
  readonly expiresIn?: number;
  /** Issue a new refresh token on each refresh (Intuit does). @default false */
  readonly rotateRefreshTokens?: boolean;
}

export interface TokenRequestSeen {
  readonly grantType: string;
  readonly clientAuth: 'basic' | 'form';
  readonly codeVerifier: string | undefined;
}

export interface OAuthProvider {
  readonly url: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** Every token request, in order (for assertions). */
  readonly tokenRequests: TokenRequestSeen[];
  /** Access tokens issued and still valid. */
  readonly accessTokens: Set<string>;
  close(): Promise<void>;
}

interface PendingCode {
  readonly redirectUri: string;
  readonly challenge: string | undefined;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

export async function startOAuthProvider(options: OAuthProviderOptions, port = 0): Promise<OAuthProvider> {
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Set<string>();
  const accessTokens = new Set<string>();
  const tokenRequests: TokenRequestSeen[] = [];
  const issue = (res: ServerResponse, refresh: string | undefined) => {
    const access = `at-${randomBytes(16).toString('hex')}`;
    accessTokens.add(access);
    const refreshToken = refresh ?? `rt-${randomBytes(16).toString('hex')}`;
    refreshTokens.add(refreshToken);
    json(res, 200, { access_token: access, token_type: 'bearer', expires_in: options.expiresIn ?? 3600, refresh_token: refreshToken });
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri');
      if (url.searchParams.get('client_id') !== options.clientId || !redirectUri || url.searchParams.get('response_type') !== 'code') return json(res, 400, { error: 'invalid_request' });
      const method = url.searchParams.get('code_challenge_method');
      if (method && method !== 'S256') return json(res, 400, { error: 'invalid_request', error_description: 'S256 only' });
      const code = `code-${randomBytes(12).toString('hex')}`;
      codes.set(code, { redirectUri, challenge: url.searchParams.get('code_challenge') ?? undefined });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(await readBody(req));
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const [id, secret] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [form.get('client_id'), form.get('client_secret')];
      const grantType = form.get('grant_type') ?? '';
      tokenRequests.push({ grantType, clientAuth: basic ? 'basic' : 'form', codeVerifier: form.get('code_verifier') ?? undefined });
      if (id !== options.clientId || secret !== options.clientSecret) return json(res, 401, { error: 'invalid_client' });
      if (grantType === 'authorization_code') {
        const pending = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!pending || pending.redirectUri !== form.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant' });
        if (pending.challenge) {
          const verifier = form.get('code_verifier') ?? '';
          if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
        }
        return issue(res, undefined);
      }
      if (grantType === 'refresh_token') {
        const refresh = form.get('refresh_token') ?? '';
        if (!refreshTokens.has(refresh)) return json(res, 400, { error: 'invalid_grant' });
        if (options.rotateRefreshTokens) refreshTokens.delete(refresh);
        return issue(res, options.rotateRefreshTokens ? undefined : refresh);
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    authorizeUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    tokenRequests,
    accessTokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
