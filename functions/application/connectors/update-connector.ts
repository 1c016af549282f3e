import { deleteConnector as removeConnector, saveConnector } from '#adapters/dynamodb/connectors-repository';
import type { VersionCheck } from '#application/visible';
import { applyConnectorPatch, type Connector, type ConnectorPatch } from '#domain/connectors';
import type { Principal } from '#domain/principal';
import { checkConnectorUrls, sealedCredentials, type CredentialsInput } from './create-connector';
import { storedConnector } from './get-connector';

/**
 * Changes a connector. Steps:
 *   1. load it (NotFound) and check the caller's precondition on the version read;
 *   2. check the URLs it will call (400); seal new credentials (they replace the old ones);
 *   3. merge the settings, save conditioned on the version read.
 */
export async function updateConnector(
  who: Principal,
  id: string,
  patch: ConnectorPatch & { credentials?: CredentialsInput },
  checkVersion: VersionCheck,
): Promise<{ before: Connector; after: Connector }> {
  const stored = await storedConnector(who, id);
  checkVersion(stored.connector);
  checkConnectorUrls(patch.config, patch.credentials);
  const sealed = patch.credentials ? await sealedCredentials(who.tenantId, id, patch.credentials) : stored.sealed;
  const after = applyConnectorPatch(stored.connector, patch, sealed !== null, new Date().toISOString());
  await saveConnector(who.tenantId, { connector: after, sealed }, stored.connector.version);
  return { before: stored.connector, after };
}

/**
 * Deletes a connector and its sealed credentials. Steps:
 *   1. load it (NotFound) and check the caller's precondition;
 *   2. delete it conditioned on that version (its queued runs find it gone and do nothing).
 */
export async function deleteConnector(who: Principal, id: string, checkVersion: VersionCheck): Promise<Connector> {
  const { connector } = await storedConnector(who, id);
  checkVersion(connector);
  await removeConnector(who.tenantId, id, connector.version);
  return connector;
}
