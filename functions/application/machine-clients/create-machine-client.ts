import * as z from 'zod';
import { createMachineAppClient } from '#adapters/cognito/app-clients';
import { resourceServerScopes, type AppClientRecord } from '#domain/identity';
import { readEnv } from '#platform/config';
import { recordAppClient } from '../app-clients/app-client-records';

const { OAUTH_TOKEN_ENDPOINT } = readEnv({ OAUTH_TOKEN_ENDPOINT: z.string().url().optional() });

/**
 * Creates a machine client. Steps: the Cognito app client (client credentials,
 * generated secret, the scopes); then the tenant's record (the app client is deleted
 * again when it cannot be written). Answers the record, the secret (to be shown once)
 * and, when configured, the token endpoint.
 */
export async function createMachineClient(tenantId: string, input: { name: string; scopes: string[] }, now = new Date().toISOString()): Promise<{ record: AppClientRecord; clientSecret: string; tokenEndpoint?: string }> {
  const { clientId, clientSecret } = await createMachineAppClient(input.name, resourceServerScopes(input.scopes));
  const record = await recordAppClient(tenantId, { kind: 'machine', name: input.name, clientId, scopes: input.scopes }, now);
  return { record, clientSecret, ...(OAUTH_TOKEN_ENDPOINT ? { tokenEndpoint: OAUTH_TOKEN_ENDPOINT } : {}) };
}
