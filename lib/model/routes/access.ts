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
 * Brute force on a credential (password, reset code, authenticator code): five failures per
 * account and client address lock that pair for five minutes.
 */
export const FAILED_SIGN_INS_LIMIT: RouteRateLimit = { limit: 5, windowSeconds: 300, per: 'sourceIp', bodyField: 'username', counts: 'failures' };
