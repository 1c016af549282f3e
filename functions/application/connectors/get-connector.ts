import { getConnector as loadConnector, type StoredConnector } from '#adapters/dynamodb/connectors-repository';
import { openSecret } from '#adapters/kms/webhook-secrets';
import type { Credentials } from '#adapters/connectors/port';
import { foundOrNotFound } from '#application/visible';
import type { Connector } from '#domain/connectors';
import type { Principal } from '#domain/principal';

/** A connector of the caller's tenant with its sealed credentials, or NotFound: the first step of every connector use case. */
export async function storedConnector(who: Principal, id: string): Promise<StoredConnector> {
  return foundOrNotFound(await loadConnector(who.tenantId, id), 'Connector', id);
}

/** The credentials of a stored connector, opened (the sealed value's context is its tenant and id). */
export async function openedCredentials(tenantId: string, stored: StoredConnector): Promise<Credentials> {
  return stored.sealed ? (JSON.parse(await openSecret(tenantId, stored.connector.id, stored.sealed)) as Credentials) : {};
}

/**
 * Reads a connector. Steps:
 *   1. load it from the caller's tenant (NotFound);
 *   2. return its view, never its credentials.
 */
export async function getConnector(who: Principal, id: string): Promise<Connector> {
  return (await storedConnector(who, id)).connector;
}
