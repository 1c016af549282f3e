/** Role sets and function specs that many routes share, so each is written once. */
import type { FunctionSpec, Role, RouteAuth, RouteRateLimit } from '../types';

export const ALL_ROLES: readonly Role[] = ['admin', 'manager', 'technician', 'client'];
export const STAFF_WRITERS: readonly Role[] = ['admin', 'manager'];

export const authenticated = (roles: readonly Role[], scopes?: readonly string[]): RouteAuth =>
  scopes ? { kind: 'authenticated', roles, scopes } : { kind: 'authenticated', roles };

export const PUBLIC: RouteAuth = { kind: 'public' };

export const READS_TABLE: FunctionSpec = { access: { table: 'read' } };
export const WRITES_TABLE: FunctionSpec = { access: { table: 'readWrite' } };

/**
 * Brute force on a credential (password, new password's session, authenticator code), one
 * budget for every login-like route. The account is resolved first (e-mail, `sub` and
 * username are one account). Five failures per account and client address lock that pair
 * for five minutes; twenty per account from anywhere in fifteen minutes lock the account
 * to every address it has not signed in from in the last 30 days, until the window ends.
 * The trade-off: a distributed attacker gets at most 20 guesses per 15 minutes per account
 * (plus 5 per address it owns), and can never lock the owner out of an address they
 * already use, nor for longer than the attack lasts plus 15 minutes anywhere else.
 */
export const FAILED_SIGN_INS_LIMIT: RouteRateLimit = {
  limit: 5,
  windowSeconds: 300,
  per: 'sourceIp',
  bodyField: 'username',
  counts: 'failures',
  account: { limit: 20, windowSeconds: 900, knownAddressDays: 30 },
};

/** What a login-like route's function needs: the public client, and AdminGetUser to resolve the account it names. */
export const SIGNS_IN: FunctionSpec = { access: { userPool: 'signIn' } };

/** Creating an app client: CreateUserPoolClient, and DeleteUserPoolClient to undo it when the record cannot be written. */
export const CREATES_APP_CLIENTS: FunctionSpec = { access: { table: 'readWrite', userPool: 'createClients' } };
/** Deleting an app client: DeleteUserPoolClient and its record. */
export const DELETES_APP_CLIENTS: FunctionSpec = { access: { table: 'readWrite', userPool: 'deleteClients' } };
/** What every route of machine clients and partner apps shares: admins only, with an API key. */
export const APP_CLIENT_ROUTE = { apiKey: true, auth: authenticated(['admin']) } as const;
