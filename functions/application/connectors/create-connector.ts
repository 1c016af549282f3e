import { ulid } from 'ulid';
import { createConnector as saveNewConnector } from '#adapters/dynamodb/connectors-repository';
import { sealSecret } from '#adapters/kms/webhook-secrets';
import { checkEndpointUrl } from '#application/webhooks/endpoint-rules';
import { newConnector, type Connector, type NewConnector } from '#domain/connectors';
import type { Principal } from '#domain/principal';

/** Credentials as a body gives them. */
export type CredentialsInput = Readonly<Record<string, string>> | undefined;

/** A Slack incoming-webhook URL obeys the webhook endpoint rules of this deployment (no internal addresses). */
export const checkCredentialUrls = (credentials: CredentialsInput): void => checkEndpointUrl(credentials?.webhookUrl);

/** The credentials sealed for this connector (the KMS envelope of webhook secrets, context {tenant, connector id}), or null. */
export const sealedCredentials = async (tenantId: string, connectorId: string, credentials: CredentialsInput): Promise<string | null> =>
  credentials && Object.keys(credentials).length ? sealSecret(tenantId, connectorId, JSON.stringify(credentials)) : null;

/**
 * Links a third-party service. Steps:
 *   1. check the URLs among the credentials (400);
 *   2. seal the credentials under the new connector's id;
 *   3. store the connector with them; return its view (credentials never answered).
 */
export async function createConnector(who: Principal, fields: NewConnector & { credentials?: CredentialsInput }): Promise<Connector> {
  const { credentials, ...rest } = fields;
  checkCredentialUrls(credentials);
  const id = ulid();
  const sealed = await sealedCredentials(who.tenantId, id, credentials);
  const connector = newConnector(id, rest, sealed !== null, new Date().toISOString());
  await saveNewConnector(who.tenantId, { connector, sealed });
  return connector;
}
