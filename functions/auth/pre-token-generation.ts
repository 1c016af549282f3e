/**
 * Cognito pre token generation trigger (event version V3_0, which Cognito also calls
 * for client-credentials tokens). What API Gateway's authorizer hands to the handlers
 * is the ACCESS token, so everything Hydrant decides by goes there:
 * - users: their tenant and client (`custom:tenantId`, `custom:clientId`), and
 *   `mfa_setup_required` when the tenant requires MFA of their role and they have not
 *   enrolled an authenticator app (the principal then refuses every route but enrolment);
 * - machine clients: the tenant of the client, from the record Hydrant keeps of it.
 * One GetItem per token (plus AdminGetUser for a role that must use MFA), nothing per request.
 */
import type { PreTokenGenerationV2TriggerEvent, PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { hasSoftwareTokenMfa } from '#adapters/cognito/mfa-status';
import { tenantOfAppClient } from '#adapters/dynamodb/app-clients-repository';
import { getSecuritySettings } from '#adapters/dynamodb/security-settings-repository';
import { mfaRequiredFor } from '#domain/identity';
import { MFA_SETUP_REQUIRED_CLAIM } from '#domain/principal';

type TriggerEvent = PreTokenGenerationV2TriggerEvent | PreTokenGenerationV3TriggerEvent;

const COPIED = ['custom:tenantId', 'custom:clientId'] as const;

async function userClaims(event: TriggerEvent): Promise<Record<string, string>> {
  const attributes = event.request.userAttributes ?? {};
  const claims: Record<string, string> = {};
  for (const name of COPIED) if (attributes[name]) claims[name] = attributes[name];
  const tenantId = attributes['custom:tenantId'];
  const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
  if (tenantId && groups.length > 0 && mfaRequiredFor(await getSecuritySettings(tenantId), groups)) {
    if (!(await hasSoftwareTokenMfa(event.userPoolId, event.userName))) claims[MFA_SETUP_REQUIRED_CLAIM] = 'true';
  }
  return claims;
}

async function machineClaims(event: TriggerEvent): Promise<Record<string, string>> {
  const tenantId = await tenantOfAppClient(event.callerContext.clientId);
  // A client Hydrant does not know gets no tenant: the API refuses its tokens (403).
  return tenantId ? { 'custom:tenantId': tenantId } : {};
}

export async function handler<E extends TriggerEvent>(event: E): Promise<E> {
  const claims = event.triggerSource === 'TokenGeneration_ClientCredentials' ? await machineClaims(event) : await userClaims(event);
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: claims } } } as E['response'];
  return event;
}
