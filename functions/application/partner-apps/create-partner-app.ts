import * as z from 'zod';
import { createPartnerAppClient } from '#adapters/cognito/app-clients';
import { redirectUriProblems, resourceServerScopes, type AppClientRecord } from '#domain/identity';
import { readEnv } from '#platform/config';
import { refuseRedirectUris } from '../refusals';
import { recordAppClient } from '../app-clients/app-client-records';

// http://localhost redirect URIs are for the local stack only.
const { STAGE } = readEnv({ STAGE: z.string().optional() });
const allowHttpLocalhost = STAGE === 'local';

/**
 * Creates a partner app. Steps: every redirect URI must be exact https (400 naming each
 * refused one); the public Cognito app client (code + PKCE, the scopes, the URIs); then
 * the tenant's record (the app client is deleted again when it cannot be written).
 */
export async function createPartnerApp(
  tenantId: string,
  input: { name: string; scopes: string[]; callbackUrls: string[]; logoutUrls?: string[] | undefined },
  now = new Date().toISOString(),
): Promise<AppClientRecord> {
  const logoutUrls = input.logoutUrls ?? [];
  const problems = redirectUriProblems(input.callbackUrls, logoutUrls, allowHttpLocalhost);
  if (problems.length > 0) refuseRedirectUris(problems);
  const { clientId } = await createPartnerAppClient(input.name, resourceServerScopes(input.scopes), input.callbackUrls, logoutUrls);
  return recordAppClient(tenantId, { kind: 'partner', name: input.name, clientId, scopes: input.scopes, callbackUrls: input.callbackUrls, logoutUrls }, now);
}
