/**
 * Identity rules: which users must use MFA, the authenticator-app URI, and what a
 * machine client or partner app may be granted. No I/O.
 */
import type { Role } from './principal';

/** The tenant's security settings. */
export interface SecuritySettings {
  readonly mfaRequiredRoles: readonly Role[];
  readonly updatedAt?: string;
}

/** By default no role must enrol: an admin turns it on for the tenant. */
export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = { mfaRequiredRoles: [] };

/** Whether a user in `groups` must use MFA under `settings`. */
export function mfaRequiredFor(settings: SecuritySettings, groups: readonly string[]): boolean {
  return groups.some((g) => (settings.mfaRequiredRoles as readonly string[]).includes(g));
}

/** The Key URI authenticator apps read (Google Authenticator's format): label `Hydrant:<email>`. */
export function otpauthUri(email: string, secret: string, issuer = 'Hydrant'): string {
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(email)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}

/** The kinds of OAuth client a tenant registers. */
export type AppClientKind = 'machine' | 'partner';

/** The tenant's record of a Cognito app client (its secret is never part of it). */
export interface AppClientRecord {
  readonly id: string;
  readonly kind: AppClientKind;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly name: string;
  /** The Cognito app client id (`client_id` of its tokens). */
  readonly clientId: string;
  /** Hydrant scopes, without the resource-server prefix. */
  readonly scopes: readonly string[];
  /** Partner apps only. */
  readonly callbackUrls?: readonly string[];
  readonly logoutUrls?: readonly string[];
}

/** The public view of a machine client or partner app. */
export function appClientView(record: AppClientRecord): Record<string, unknown> {
  const { kind, callbackUrls, logoutUrls, ...common } = record;
  return kind === 'partner' ? { ...common, callbackUrls: callbackUrls ?? [], logoutUrls: logoutUrls ?? [] } : common;
}

/** Scopes as Cognito and tokens spell them: `hydrant/<scope>`. */
export const resourceServerScopes = (scopes: readonly string[], resourceServer = 'hydrant'): string[] => scopes.map((s) => `${resourceServer}/${s}`);

/**
 * Why a partner app's redirect URI is refused, or undefined when it is acceptable: an
 * absolute https URL (http only for localhost when `allowHttpLocalhost`, i.e. the local
 * stack), matched exactly by Cognito, so no wildcard, no fragment, no credentials.
 */
export function callbackUrlProblem(url: string, allowHttpLocalhost: boolean): string | undefined {
  if (url.includes('*')) return 'must not contain a wildcard';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.hash || url.includes('#')) return 'must not contain a fragment';
  if (parsed.username || parsed.password) return 'must not contain credentials';
  const localhost = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && localhost && allowHttpLocalhost) return undefined;
  return parsed.protocol === 'http:' && localhost ? 'http://localhost is allowed on the local stack only' : 'must use https';
}

/** What a new app client record is made of; partner apps add their redirect URIs. */
export type NewAppClientRecord = Pick<AppClientRecord, 'kind' | 'name' | 'clientId' | 'scopes' | 'callbackUrls' | 'logoutUrls'>;

/** A new record of a Cognito app client, at version 1. */
export function newAppClientRecord(id: string, input: NewAppClientRecord, now: string): AppClientRecord {
  const { kind, name, clientId, scopes, callbackUrls, logoutUrls } = input;
  return {
    id,
    kind,
    version: 1,
    createdAt: now,
    updatedAt: now,
    name,
    clientId,
    scopes,
    ...(kind === 'partner' ? { callbackUrls: callbackUrls ?? [], logoutUrls: logoutUrls ?? [] } : {}),
  };
}

/** A refused redirect URI of a partner app, with where it is in the body. */
export interface RedirectUriProblem {
  readonly path: string;
  readonly message: string;
}

/** Every refused redirect URI of a partner app (`callbackUrlProblem`), callback URLs first; empty when all are acceptable. */
export function redirectUriProblems(callbackUrls: readonly string[], logoutUrls: readonly string[], allowHttpLocalhost: boolean): RedirectUriProblem[] {
  return [
    ...callbackUrls.map((url, i) => ({ path: `callbackUrls.${i}`, message: callbackUrlProblem(url, allowHttpLocalhost) })),
    ...logoutUrls.map((url, i) => ({ path: `logoutUrls.${i}`, message: callbackUrlProblem(url, allowHttpLocalhost) })),
  ].filter((p): p is RedirectUriProblem => p.message !== undefined);
}
