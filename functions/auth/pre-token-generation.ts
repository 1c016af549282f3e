/**
 * Cognito pre token generation trigger (event version V2_0): copies the user's
 * tenant and client into the ACCESS token, which API Gateway's authorizer checks
 * and hands to the handlers. Without it only the ID token would carry them.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

const COPIED = ['custom:tenantId', 'custom:clientId'] as const;

export async function handler(event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> {
  const attributes = event.request.userAttributes ?? {};
  const claims: Record<string, string> = {};
  for (const name of COPIED) if (attributes[name]) claims[name] = attributes[name];
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    },
  };
  return event;
}
