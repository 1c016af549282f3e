/**
 * Who is calling: built once per request by the platform layer from the
 * authorizer's claims, then asked by handlers and domain rules.
 */
export type Role = 'admin' | 'manager' | 'technician' | 'client';

export interface Principal {
  readonly kind: 'user' | 'machine';
  /** Cognito `sub` for users, the app client id for machine clients. */
  readonly subject: string;
  readonly username?: string;
  readonly tenantId: string;
  /** The highest-privilege Cognito group of a user; machine clients have none. */
  readonly role?: Role;
  /** Resource-server scopes without the `hydrant/` prefix. */
  readonly scopes: readonly string[];
  /**
   * A user acting through a partner app's token: held to the scopes the app was granted
   * (`scopes`) wherever a rule asks for one, as a machine client is.
   */
  readonly delegated?: boolean;
  /** Set for client users: they see only this client's data. */
  readonly clientId?: string;
  /**
   * A user whose role must use MFA (the tenant's security settings) and who has not
   * enrolled: only the enrolment routes and logout accept them.
   */
  readonly mfaSetupRequired?: boolean;
}

/** Whether a rule that asks for `scope` lets the principal through: a user's own token does; a machine's or a partner app's token needs the scope. */
export const grantedScope = (principal: Principal, scope: string): boolean =>
  (principal.kind === 'user' && !principal.delegated) || principal.scopes.includes(scope);

/** The access-token claim the pre-token-generation trigger sets on such a user's tokens. */
export const MFA_SETUP_REQUIRED_CLAIM = 'mfa_setup_required';

/**
 * The client a principal is confined to, or undefined when it sees every client of
 * its tenant. A client user without a client id is confined to nothing visible.
 */
export function confinedClientId(principal: Principal): string | undefined {
  if (principal.role !== 'client') return undefined;
  return principal.clientId ?? '-none-';
}

/** Whether the principal may see a resource owned by `clientId` (null: the operator's own). */
export function canSeeClientData(principal: Principal, clientId: string | null | undefined): boolean {
  const confined = confinedClientId(principal);
  return confined === undefined || confined === clientId;
}
