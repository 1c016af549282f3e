/**
 * Connector fixtures for the route matrix and the connector tests: connectors made by the
 * demo admin, and a completed OAuth2 consent at the local stack's provider stand-in.
 */
import { LOCAL_OAUTH_CLIENT } from '#lib/local/emulators/oauth-provider/server';
import { call, tokenFor, USERS } from './api';

export async function adminCall(method: string, path: string, body?: unknown) {
  return call(method, path, { token: await tokenFor(USERS.admin), ...(body === undefined ? {} : { body }) });
}

/** A connector of the demo tenant, made by the admin (disabled by default: it runs on no event). */
export async function fixtureConnector(body: Record<string, unknown> = { type: 'slack', enabled: false, config: { channels: { 'alert.raised': '#ops' } }, credentials: { botToken: 'xoxb-fixture-token' } }): Promise<{ id: string } & Record<string, any>> {
  const res = await adminCall('POST', '/v1/connectors', body);
  if (res.status !== 201) throw new Error(`fixture connector failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A QuickBooks connector holding the stand-in's OAuth2 client. */
export const fixtureOAuthConnector = (type: 'quickbooks' | 'google_calendar' | 'dropbox' = 'quickbooks') =>
  fixtureConnector({ type, enabled: false, config: {}, credentials: { ...LOCAL_OAUTH_CLIENT } });

/** Starts the grant and consents at the stand-in: the callback URL the provider redirects to (a fresh code and state). */
export async function consentedCallback(connectorId: string): Promise<URL> {
  const started = await adminCall('POST', `/v1/connectors/${connectorId}/authorize`);
  if (started.status !== 200) throw new Error(`authorize failed: ${started.status} ${JSON.stringify(started.body)}`);
  const consent = await fetch(started.body.authorizationUrl, { redirect: 'manual' });
  if (consent.status !== 302) throw new Error(`consent failed: ${consent.status}`);
  return new URL(consent.headers.get('location')!);
}
