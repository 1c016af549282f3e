import { listConnectors as queryConnectors, listRuns } from '#adapters/dynamodb/connectors-repository';
import type { Page } from '#adapters/dynamodb/query-page';
import type { Connector, ConnectorRun } from '#domain/connectors';
import type { Principal } from '#domain/principal';
import { storedConnector } from './get-connector';

/** A page of the tenant's connectors. */
export async function listConnectors(who: Principal, query: { limit: number; cursor?: string }): Promise<Page<Connector>> {
  return queryConnectors(who.tenantId, query);
}

/**
 * A connector's sync log. Steps:
 *   1. load the connector (NotFound);
 *   2. a page of its runs, newest first.
 */
export async function listConnectorRuns(who: Principal, id: string, query: { limit: number; cursor?: string }): Promise<Page<ConnectorRun>> {
  await storedConnector(who, id);
  return listRuns(who.tenantId, id, query);
}
