/**
 * Builds the principal from the claims API Gateway's Cognito authorizer puts in
 * `requestContext.authorizer.claims` (every value a string), and checks it against
 * a route's declared roles and scopes.
 */
import { MFA_SETUP_REQUIRED_CLAIM, type Principal, type Role } from '#domain/principal';
import { RESOURCE_SERVER_ID, USER_TOKEN_SCOPE, tokenAccepted } from '#lib/model/scopes';
import type { RouteAuth } from '#lib/model/types';
import { Forbidden, Unauthorized } from '#platform/errors';

const ROLE_RANK: readonly Role[] = ['admin', 'manager', 'technician', 'client'];
const SCOPE_PREFIX = `${RESOURCE_SERVER_ID}/`;

/** API Gateway renders array claims as strings; accept the JSON, bracketed and delimited forms. */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.trim() === '') return [];
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: API Gateway's "[a b]" rendering, handled below.
    }
    return text.slice(1, -1).split(/[\s,]+/).filter(Boolean);
  }
  return text.split(/[\s,]+/).filter(Boolean);
}

export function principalFromClaims(claims: Record<string, unknown> | undefined, defaultTenantId?: string): Principal | undefined {
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const str = (key: string) => (typeof claims[key] === 'string' && claims[key] !== '' ? (claims[key] as string) : undefined);
  const granted = claimList(claims.scope);
  const scopes = granted
    .filter((s) => s.startsWith(SCOPE_PREFIX))
    .map((s) => s.slice(SCOPE_PREFIX.length));
  const groups = claimList(claims['cognito:groups']);
  const isUser = str('username') !== undefined || str('cognito:username') !== undefined || groups.length > 0;
  // A machine client's tenant is the one of Hydrant's record of it (set by the
  // pre-token-generation trigger), never a default: an unknown client gets no tenant.
  const tenantId = str('custom:tenantId') ?? (isUser ? defaultTenantId : undefined);
  if (!tenantId) throw new Forbidden('Your identity carries no tenant');
  if (!isUser) {
    return { kind: 'machine', subject: str('client_id') ?? claims.sub, tenantId, scopes };
  }
  const role = ROLE_RANK.find((r) => groups.includes(r));
  const clientId = role === 'client' ? str('custom:clientId') : undefined;
  const mfaSetupRequired = String(claims[MFA_SETUP_REQUIRED_CLAIM]) === 'true';
  return {
    kind: 'user',
    subject: claims.sub,
    username: str('username') ?? str('cognito:username'),
    tenantId,
    ...(role ? { role } : {}),
    scopes,
    // A user's own token carries Cognito's user scope; a partner app's token carries only the app's scopes.
    ...(granted.includes(USER_TOKEN_SCOPE) ? {} : { delegated: true }),
    ...(clientId ? { clientId } : {}),
    ...(mfaSetupRequired ? { mfaSetupRequired } : {}),
  };
}

/**
 * Throws unless a caller may call a route declared with `auth`: first the token's
 * scopes (the Cognito authorizer's rule, applied here too because a batch operation
 * meets no authorizer of its own), then the user's role or the machine's scopes.
 */
export function authorize(auth: RouteAuth, principal: Principal | undefined, tokenScopes: readonly string[]): void {
  if (auth.kind === 'public') return;
  if (!principal) throw new Unauthorized('A valid bearer token is required');
  const needed = `This route needs one of the scopes: ${(auth.scopes ?? []).join(', ') || '(none: users only)'}`;
  if (!tokenAccepted(auth, tokenScopes)) throw new Forbidden(needed);
  if (principal.kind === 'machine') {
    if (auth.scopes?.some((s) => principal.scopes.includes(s))) return;
    throw new Forbidden(needed);
  }
  if (principal.mfaSetupRequired && !auth.duringMfaSetup) {
    throw new Forbidden('Your role must use multi-factor authentication: enrol an authenticator app at /v1/me/mfa/setup, then sign in again', 'MFA_REQUIRED');
  }
  if (principal.role && auth.roles.includes(principal.role)) return;
  throw new Forbidden(`The role ${principal.role ?? '(none)'} may not call this route`);
}
