import { ulid } from 'ulid';
import { createConnector as saveNewConnector } from '#adapters/dynamodb/connectors-repository';
import { sealSecret } from '#adapters/kms/webhook-secrets';
import { checkEndpointUrl } from '#application/webhooks/endpoint-rules';
import { newConnector, type Connector, type NewConnector } from '#domain/connectors';
import type { Principal } from '#domain/principal';

/** Credentials as a body gives them. */
export type CredentialsInput = Readonly<Record<string, string>> | undefined;

/**
 * The URLs a connector calls that an admin gives (a Slack incoming webhook, a Sage 100 gateway)
 * obey the webhook endpoint rules of this deployment (https, no internal addresses).
 */
export function checkConnectorUrls(config: Readonly<Record<string, unknown>> | undefined, credentials: CredentialsInput): void {
  checkEndpointUrl(credentials?.webhookUrl);
  if (config?.apiUrl !== undefined) checkEndpointUrl(String(config.apiUrl));
}

/** The credentials sealed for this connector (the KMS envelope of webhook secrets, context {tenant, connector id}), or null. */
export const sealedCredentials = async (tenantId: string, connectorId: string, credentials: CredentialsInput): Promise<string | null> =>
  credentials && Object.keys(credentials).length ? sealSecret(tenantId, connectorId, JSON.stringify(credentials)) : null;

/**
 * Links a third-party service. Steps:
 *   1. check the URLs it will call (400);
 *   2. seal the credentials under the new connector's id;
 *   3. store the connector with them; return its view (credentials never answered).
 */
export async function createConnector(who: Principal, fields: NewConnector & { credentials?: CredentialsInput }): Promise<Connector> {
  const { credentials, ...rest } = fields;
  checkConnectorUrls(rest.config, credentials);
  const id = ulid();
  const sealed = await sealedCredentials(who.tenantId, id, credentials);
  const connector = newConnector(id, rest, sealed !== null, new Date().toISOString());
  await saveNewConnector(who.tenantId, { connector, sealed });
  return connector;
}
