/**
 * Push an alert change to the live connections allowed to see it (the live-updates
 * worker's use case, fed by the outbox relay).
 *
 * Steps:
 *   1. the live message of the event (`alertChangeMessage`): other event types push nothing;
 *   2. the tenant's open connections;
 *   3. keep those whose user may see the alert, as `GET /v1/alerts` decides (client users:
 *      their client's only), and push to them (`pushToConnections`).
 * Returns how many connections received it.
 */
import { connectionsOfTenant } from '#adapters/dynamodb/live-connections-repository';
import { alertChangeMessage, connectionMaySee } from '#domain/live';
import { pushToConnections } from './push-to-connections';

export async function pushAlertChange(event: { readonly tenant: string; readonly type: string; readonly data: unknown }, now: Date): Promise<number> {
  const change = alertChangeMessage(event.type, event.data);
  if (!change) return 0;
  const audience = (await connectionsOfTenant(event.tenant)).filter((c) => connectionMaySee(c, event.tenant, change.clientId));
  return pushToConnections(event.tenant, audience, change.message, now);
}
