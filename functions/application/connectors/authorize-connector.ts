import { getConnector as loadConnector, saveConnector } from '#adapters/dynamodb/connectors-repository';
import { authorizationUrl, exchangeCode, pkcePair, usesPkce } from '#adapters/connectors/oauth';
import { openSecret, sealSecret } from '#adapters/kms/webhook-secrets';
import { refuseMissingOAuthClient, refuseOAuthDenied, refuseOAuthExchange, refuseOAuthForType, refuseOAuthState } from '#application/refusals';
import { ProviderError } from '#adapters/connectors/provider-http';
import { foundOrNotFound } from '#application/visible';
import { authorized, isOAuthType, type ConnectorType, type OAuthConnectorType } from '#domain/connectors';
import type { Principal } from '#domain/principal';
import { sealedCredentials } from './create-connector';
import { openedCredentials, storedConnector } from './get-connector';

/** A state is good for 10 minutes: the time an admin takes on the provider's consent page. */
const STATE_TTL_MS = 10 * 60_000;
/** The sealing context of states (not a tenant's: the callback learns the tenant from the state). */
const STATE_CONTEXT = { tenant: 'oauth-state', id: 'connectors' } as const;

interface State {
  readonly tenant: string;
  readonly connectorId: string;
  readonly verifier?: string;
  readonly exp: number;
}

/**
 * Starts a connector's OAuth2 grant. Steps:
 *   1. load the connector (NotFound); refuse a type without OAuth2 (422) or without its stored client (422);
 *   2. make a PKCE pair where the provider takes one;
 *   3. seal `{tenant, connector, verifier, expiry}` as the state (authenticated encryption: only
 *      Hydrant makes or reads one, and the verifier stays secret);
 *   4. return the provider's consent URL with it.
 */
export async function authorizeConnector(who: Principal, id: string, now = new Date()): Promise<{ authorizationUrl: string; expiresAt: string }> {
  const stored = await storedConnector(who, id);
  const type = stored.connector.type;
  if (!isOAuthType(type)) refuseOAuthForType(type);
  const credentials = await openedCredentials(who.tenantId, stored);
  if (!credentials.clientId || !credentials.clientSecret) refuseMissingOAuthClient();
  const pkce = usesPkce(type) ? pkcePair() : undefined;
  const exp = now.getTime() + STATE_TTL_MS;
  const state: State = { tenant: who.tenantId, connectorId: id, ...(pkce ? { verifier: pkce.verifier } : {}), exp };
  const sealed = await sealSecret(STATE_CONTEXT.tenant, STATE_CONTEXT.id, JSON.stringify(state));
  return { authorizationUrl: authorizationUrl(type, credentials.clientId, Buffer.from(sealed).toString('base64url'), pkce?.challenge), expiresAt: new Date(exp).toISOString() };
}

async function openState(state: string, now: Date): Promise<State> {
  try {
    const opened = JSON.parse(await openSecret(STATE_CONTEXT.tenant, STATE_CONTEXT.id, Buffer.from(state, 'base64url').toString('utf8'))) as State;
    if (typeof opened.exp === 'number' && opened.exp > now.getTime()) return opened;
  } catch {
    // A state Hydrant did not seal does not open: refused below like an expired one.
  }
  return refuseOAuthState();
}

/**
 * The provider's redirect after consent (public route: the sealed state is the credential). Steps:
 *   1. open the state (400 when forged or expired), which names the tenant and the connector;
 *   2. refuse a provider error (422); load the connector (NotFound when deleted meanwhile);
 *   3. exchange the code at the provider's token endpoint (with the PKCE verifier; refused: 422);
 *   4. seal the tokens with the client credentials (and QuickBooks' `realmId`), save.
 */
export async function completeConnectorOAuth(
  query: { code?: string | undefined; state: string; error?: string | undefined; realmId?: string | undefined },
  now = new Date(),
): Promise<{ connectorId: string; type: ConnectorType; authorizedAt: string }> {
  const state = await openState(query.state, now);
  if (query.error || !query.code) refuseOAuthDenied(query.error ?? 'no code');
  const stored = foundOrNotFound(await loadConnector(state.tenant, state.connectorId), 'Connector', state.connectorId);
  const type = stored.connector.type as OAuthConnectorType;
  if (!isOAuthType(type)) refuseOAuthForType(type);
  const credentials = await openedCredentials(state.tenant, stored);
  if (!credentials.clientId || !credentials.clientSecret) refuseMissingOAuthClient();
  const tokens = await exchangeCode(type, { clientId: credentials.clientId, clientSecret: credentials.clientSecret }, query.code, state.verifier, now).catch((error: unknown) =>
    error instanceof ProviderError ? refuseOAuthExchange(error.message) : Promise.reject(error),
  );
  const sealed = await sealedCredentials(state.tenant, stored.connector.id, { ...credentials, ...tokens, ...(query.realmId ? { realmId: query.realmId } : {}) });
  const authorizedAt = now.toISOString();
  await saveConnector(state.tenant, { connector: authorized(stored.connector, authorizedAt), sealed }, stored.connector.version);
  return { connectorId: stored.connector.id, type, authorizedAt };
}
