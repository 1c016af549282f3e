/**
 * Users of a tenant: who they are (name, e-mail), their role, the client a client user
 * belongs to, whether they may sign in, and their consent to the privacy policy.
 * Cognito holds the credentials; Hydrant keeps this record for lists, ETags and
 * consent. A user's id is their Cognito `sub`, the principal's `subject`.
 */
import { createHash } from 'node:crypto';
import type { Principal, Role } from './principal';

/** The privacy policy users consent to; bump it when the policy changes (consent is then asked again). */
export const CURRENT_PRIVACY_POLICY_VERSION = '2026-11';

export interface Consent {
  readonly policyVersion: string;
  readonly acceptedAt: string;
}

export interface User {
  /** The Cognito `sub`. */
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly role: Role;
  /** The client of a client user; null for staff. */
  readonly clientId: string | null;
  readonly active: boolean;
  /** The technician profile of a technician user. */
  readonly technicianId: string | null;
  readonly consent: Consent | null;
}

export interface NewUser {
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly role: Role;
  readonly clientId?: string;
  readonly active?: boolean;
  /** Links an existing technician profile instead of creating one. */
  readonly technicianId?: string;
}

export type UserPatch = Partial<{ givenName: string; familyName: string; role: Role; clientId: string | null; active: boolean }>;

/** What a user may change of their own record. */
export type OwnProfilePatch = Partial<{ givenName: string; familyName: string }>;

/** The roles a principal may give, and whose users it may see. */
export function manageableRoles(principal: Principal): readonly Role[] {
  if (principal.kind !== 'user') return [];
  if (principal.role === 'admin') return ['admin', 'manager', 'technician', 'client'];
  if (principal.role === 'manager') return ['technician', 'client'];
  return [];
}

export const mayManageRole = (principal: Principal, role: Role): boolean => manageableRoles(principal).includes(role);

/** Whether a principal may read a user of its tenant (a manager reads technicians and client users). */
export const canSeeUser = (principal: Principal, user: Pick<User, 'id' | 'role'>): boolean => user.id === principal.subject || mayManageRole(principal, user.role);

/** A client user needs a client; nobody else may have one. Returns the problem, if any. */
export function clientIdProblem(role: Role, clientId: string | null | undefined): string | undefined {
  if (role === 'client' && !clientId) return 'clientId is required for a client user';
  if (role !== 'client' && clientId) return 'clientId is only for client users';
  return undefined;
}

export function newUser(id: string, input: NewUser, technicianId: string | null, now: string): User {
  return {
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    email: input.email.trim().toLowerCase(),
    givenName: input.givenName,
    familyName: input.familyName,
    role: input.role,
    clientId: input.role === 'client' ? (input.clientId ?? null) : null,
    active: input.active ?? true,
    technicianId,
    consent: null,
  };
}

/** The patch applied; a role other than client drops the client id. */
export function applyUserPatch(user: User, patch: UserPatch & { technicianId?: string | null }, now: string): User {
  const next = { ...user, ...patch, version: user.version + 1, updatedAt: now };
  return next.role === 'client' ? next : { ...next, clientId: null };
}

export const recordConsent = (user: User, policyVersion: string, now: string): User => ({
  ...user,
  consent: { policyVersion, acceptedAt: now },
  version: user.version + 1,
  updatedAt: now,
});

/** Whether the user must (again) consent: no consent, or consent to an older policy. */
export const consentRequired = (user: Pick<User, 'consent'>, currentVersion = CURRENT_PRIVACY_POLICY_VERSION): boolean =>
  user.consent === null || user.consent.policyVersion !== currentVersion;

/** "Given Family", the name other records copy (technician profiles, time entries). */
export const displayName = (user: Pick<User, 'givenName' | 'familyName'>): string => `${user.givenName} ${user.familyName}`.trim();

/**
 * The stable pseudonym that replaces an erased user's name, e-mail and id in what Hydrant
 * keeps: `user-` and 8 hex digits of SHA-256 over tenant and id. The same user always
 * gets the same pseudonym, so records of one person stay linkable to each other and to
 * no one.
 */
export function pseudonymOf(tenantId: string, userId: string): string {
  return `user-${createHash('sha256').update(`${tenantId}\u0000${userId}`).digest('hex').slice(0, 8)}`;
}

/** The lower-case, accent-free text `?search=` matches (name and e-mail). */
export function userSearchText(user: Pick<User, 'givenName' | 'familyName' | 'email'>): string {
  return [user.givenName, user.familyName, user.email]
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/**
 * What the audit trail records of a user: never the name or e-mail (an append-only log
 * could not forget them), the pseudonym instead.
 */
export function auditViewOf(tenantId: string, user: User): Record<string, unknown> {
  const { email: _e, givenName: _g, familyName: _f, ...rest } = user;
  return { ...rest, pseudonym: pseudonymOf(tenantId, user.id) };
}

/** `/v1/me`: the record with whether consent to the current policy is missing. */
export const meView = (user: User, currentVersion = CURRENT_PRIVACY_POLICY_VERSION) => ({
  ...user,
  consentRequired: consentRequired(user, currentVersion),
  currentPolicyVersion: currentVersion,
});

/** Why an administrator may not do something to their own user: another admin must. */
export type SelfAdministrationRefusal = 'CANNOT_CHANGE_OWN_ACCESS' | 'CANNOT_ERASE_SELF';

/**
 * An admin cannot lock themself out: deactivating their own user or changing their own
 * role is refused (another admin must do it), so a tenant never loses its last admin by
 * a slip. Other changes of one's own user (names) are allowed.
 */
export function ownAccessRefusal(callerId: string, user: Pick<User, 'id' | 'role'>, patch: Pick<UserPatch, 'active' | 'role'>): SelfAdministrationRefusal | undefined {
  if (user.id !== callerId) return undefined;
  return patch.active === false || (patch.role !== undefined && patch.role !== user.role) ? 'CANNOT_CHANGE_OWN_ACCESS' : undefined;
}

/** An admin erases their own account through another administrator. */
export const erasureRefusal = (callerId: string, userId: string): SelfAdministrationRefusal | undefined => (userId === callerId ? 'CANNOT_ERASE_SELF' : undefined);
