/**
 * The resource-server scopes (`hydrant/<name>`) machine clients and partner apps can be
 * granted; the cloud resource server and the local one are made from this list.
 */
import type { RouteAuth } from './types';

export const SCOPES = [
  { name: 'telemetry.write', description: 'Send telemetry readings' },
  { name: 'telemetry.read', description: 'Read telemetry' },
  { name: 'work-orders.read', description: 'Read work orders' },
  { name: 'work-orders.write', description: 'Create and update work orders' },
  { name: 'forecasts.write', description: 'Request forecasts' },
  { name: 'webhooks.manage', description: 'Manage webhook subscriptions' },
] as const;

export type ScopeName = (typeof SCOPES)[number]['name'];
export const SCOPE_NAMES = SCOPES.map((s) => s.name) as [ScopeName, ...ScopeName[]];

/** The identifier of the resource server: tokens carry `hydrant/<scope>`. */
export const RESOURCE_SERVER_ID = 'hydrant';

/** The scope of every user access token from the user pools API (not of a partner app's delegated tokens). */
export const USER_TOKEN_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * The token scopes a route accepts: API Gateway's `authorizationScopes` for the route's
 * method. A user's own token passes on any authenticated route (roles decide); a machine
 * client's or a partner app's token only where the route declares one of its scopes.
 */
export function acceptedScopes(auth: RouteAuth): string[] {
  if (auth.kind === 'public') return [];
  return [USER_TOKEN_SCOPE, ...(auth.scopes ?? []).map((s) => `${RESOURCE_SERVER_ID}/${s}`)];
}

/**
 * Whether a token granted `granted` may call a route declared with `auth`: the Cognito
 * authorizer's rule, applied by the local gateway and again by the platform in the
 * function (a batch operation never meets an authorizer of its own).
 */
export function tokenAccepted(auth: RouteAuth, granted: readonly string[]): boolean {
  return auth.kind === 'public' || acceptedScopes(auth).some((s) => granted.includes(s));
}
