/**
 * The resource-server scopes (`hydrant/<name>`) machine clients and partner apps can be
 * granted; the cloud resource server and the local one are made from this list.
 */
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
