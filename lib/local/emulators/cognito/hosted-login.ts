/**
 * The hosted login of a user pool domain, reduced to what the authorization-code grant
 * needs: `GET /oauth2/authorize` shows a sign-in form, `POST /oauth2/authorize` checks the
 * password (and the authenticator code of a user with TOTP) and redirects to the
 * client's exact redirect URI with a one-time code; `/oauth2/token` redeems it
 * (`redeemAuthorizationCode`) after checking the PKCE verifier. As Cognito: redirect URIs
 * match exactly, PKCE is S256, codes live five minutes and are redeemed once.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { softwareTokenMfaActive, startSession } from './auth-flow';
import type { RequestMeta, StandInContext } from './context';
import { verifyPassword } from './passwords';
import { opaqueToken, type AppClient } from './store';
import { matchTotp } from './totp';

const CODE_VALIDITY_MS = 5 * 60_000;
const AUTHORIZE_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'] as const;

/** An HTTP answer of the hosted pages. */
export interface HostedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, body: string): HostedResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: `<!doctype html><html><body>${body}</body></html>` };
}

function redirect(uri: string, params: Record<string, string | undefined>): HostedResponse {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { status: 302, headers: { location: url.toString(), 'cache-control': 'no-store' }, body: '' };
}

/** The request's client and redirect URI, or the error page shown instead of redirecting anywhere. */
function checkAuthorizeRequest(ctx: StandInContext, params: URLSearchParams): { client: AppClient; redirectUri: string; scopes: string[] } | HostedResponse {
  const client = ctx.store.clients.get(params.get('client_id') ?? '');
  const redirectUri = params.get('redirect_uri') ?? '';
  // Never redirect to a URI the client did not register, exactly.
  if (!client || !client.callbackUrls.includes(redirectUri)) return page(400, '<p>invalid_request: unknown client or redirect_uri mismatch</p>');
  if (params.get('response_type') !== 'code' || !client.allowedOAuthFlowsUserPoolClient || !client.allowedOAuthFlows.includes('code')) {
    return redirect(redirectUri, { error: 'unauthorized_client', state: params.get('state') ?? undefined });
  }
  const scopes = (params.get('scope') ?? '').split(/[ +]/).filter(Boolean);
  const granted = scopes.length > 0 ? scopes : client.allowedOAuthScopes;
  if (granted.some((s) => !client.allowedOAuthScopes.includes(s))) return redirect(redirectUri, { error: 'invalid_scope', state: params.get('state') ?? undefined });
  const challenge = params.get('code_challenge');
  if (challenge && params.get('code_challenge_method') !== 'S256') return redirect(redirectUri, { error: 'invalid_request', error_description: 'code_challenge_method must be S256', state: params.get('state') ?? undefined });
  return { client, redirectUri, scopes: granted };
}

function loginForm(params: URLSearchParams, error?: string): HostedResponse {
  const hidden = AUTHORIZE_PARAMS.map((name) => params.get(name) !== null ? `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">` : '').join('');
  return page(error ? 400 : 200, `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}<form method="post" action="/oauth2/authorize">${hidden}<label>Username <input name="username" autocomplete="username"></label><label>Password <input name="password" type="password"></label><label>Authenticator code <input name="totp_code" inputmode="numeric"></label><button>Sign in</button></form>`);
}

/** `GET /oauth2/authorize`: the sign-in form, once the request is checked. */
export function showAuthorize(ctx: StandInContext, query: URLSearchParams): HostedResponse {
  const checked = checkAuthorizeRequest(ctx, query);
  return 'status' in checked ? checked : loginForm(query);
}

/** `POST /oauth2/authorize`: signs the user in and redirects with a code (and the state). */
export async function submitAuthorize(ctx: StandInContext, form: URLSearchParams): Promise<HostedResponse> {
  const checked = checkAuthorizeRequest(ctx, form);
  if ('status' in checked) return checked;
  const pool = ctx.store.pool(checked.client.userPoolId);
  const user = ctx.store.findUser(pool, form.get('username') ?? '');
  if (!user?.passwordHash || !(await verifyPassword(form.get('password') ?? '', user.passwordHash)) || !user.enabled || user.status !== 'CONFIRMED') {
    return loginForm(form, 'Incorrect username or password.');
  }
  if (softwareTokenMfaActive(pool, user)) {
    const token = user.softwareToken!;
    const step = matchTotp(token.secret!, form.get('totp_code') ?? '', ctx.now(), token.lastUsedStep);
    if (step === undefined) return loginForm(form, 'Invalid code received for user');
    token.lastUsedStep = step;
  }
  const code = opaqueToken(32);
  const challenge = form.get('code_challenge');
  ctx.store.authorizationCodes.set(code, {
    code,
    clientId: checked.client.clientId,
    userPoolId: pool.id,
    username: user.username,
    redirectUri: checked.redirectUri,
    scopes: checked.scopes,
    ...(challenge ? { codeChallenge: challenge } : {}),
    expiresAt: ctx.now() + CODE_VALIDITY_MS,
  });
  return redirect(checked.redirectUri, { code, state: form.get('state') ?? undefined });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The `authorization_code` grant: the code (once), the same client and redirect URI, and
 * the PKCE verifier whose SHA-256 is the challenge. Answers the three tokens, or an OAuth error.
 */
export async function redeemAuthorizationCode(ctx: StandInContext, client: AppClient, form: URLSearchParams): Promise<{ status: number; body: Record<string, unknown> }> {
  const entry = ctx.store.authorizationCodes.get(form.get('code') ?? '');
  if (entry) ctx.store.authorizationCodes.delete(entry.code);
  if (!entry || entry.expiresAt < ctx.now() || entry.clientId !== client.clientId || entry.redirectUri !== form.get('redirect_uri')) {
    return { status: 400, body: { error: 'invalid_grant' } };
  }
  if (entry.codeChallenge) {
    const verifier = form.get('code_verifier') ?? '';
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || !sameText(createHash('sha256').update(verifier).digest('base64url'), entry.codeChallenge)) {
      return { status: 400, body: { error: 'invalid_grant' } };
    }
  }
  const pool = ctx.store.pool(entry.userPoolId);
  const user = ctx.store.findUser(pool, entry.username);
  if (!user?.enabled) return { status: 400, body: { error: 'invalid_grant' } };
  const meta: RequestMeta = { region: pool.region, awsSdkVersion: 'aws-sdk-unknown-unknown' };
  const out = await startSession(ctx, meta, { pool, client, user, triggerSource: 'TokenGeneration_HostedAuth', scopes: entry.scopes });
  const result = out.AuthenticationResult;
  return {
    status: 200,
    body: {
      access_token: result.AccessToken,
      id_token: result.IdToken,
      refresh_token: result.RefreshToken,
      expires_in: result.ExpiresIn,
      token_type: 'Bearer',
    },
  };
}
