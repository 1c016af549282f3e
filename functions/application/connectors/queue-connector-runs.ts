import { connectorDirectory, enabledConnectors } from '#adapters/dynamodb/connectors-repository';
import { queueConnectorRuns } from '#adapters/sqs/connector-runs';
import { isSyncDue, takesEvent } from '#domain/connectors';
import type { DomainEvent } from '#domain/events';

/**
 * A domain event to the connectors that take it (the `connector-events` worker). Steps:
 *   1. the tenant's enabled connectors that take the event's type (`EVENTS_TAKEN`);
 *   2. one run message per connector. Returns how many.
 */
export async function dispatchConnectorEvent(event: DomainEvent): Promise<number> {
  const takers = (await enabledConnectors(event.tenant)).filter((c) => takesEvent(c, event.type));
  await queueConnectorRuns(takers.map((c) => ({ tenant: event.tenant, connectorId: c.id, trigger: 'event' as const, event })));
  return takers.length;
}

/**
 * The hourly schedule: a run message for every enabled connector, of every tenant, whose own
 * period has turned since its last sync (`isSyncDue`). Returns how many were queued.
 */
export async function queueDueSyncs(now: Date): Promise<number> {
  let queued = 0;
  for await (const page of connectorDirectory()) {
    const due = page.filter(({ connector }) => isSyncDue(connector, now));
    await queueConnectorRuns(due.map(({ tenantId, connector }) => ({ tenant: tenantId, connectorId: connector.id, trigger: 'schedule' as const })));
    queued += due.length;
  }
  return queued;
}
