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
