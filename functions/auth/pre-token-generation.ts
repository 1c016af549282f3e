/**
 * Cognito pre token generation trigger (event version V3_0, which Cognito also calls
 * for client-credentials tokens). What API Gateway's authorizer hands to the handlers
 * is the ACCESS token, so everything Hydrant decides by goes there: a user's tenant,
 * client and owed MFA enrolment (`userTokenClaims`), a machine client's tenant
 * (`machineTokenClaims`).
 */
import type { PreTokenGenerationV2TriggerEvent, PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { machineTokenClaims, userTokenClaims } from '#application/auth/access-token-claims';

type TriggerEvent = PreTokenGenerationV2TriggerEvent | PreTokenGenerationV3TriggerEvent;

export async function handler<E extends TriggerEvent>(event: E): Promise<E> {
  const claims =
    event.triggerSource === 'TokenGeneration_ClientCredentials'
      ? await machineTokenClaims(event.callerContext.clientId)
      : await userTokenClaims({
          userPoolId: event.userPoolId,
          userName: event.userName,
          attributes: event.request.userAttributes ?? {},
          groups: event.request.groupConfiguration?.groupsToOverride ?? [],
        });
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: claims } } } as E['response'];
  return event;
}
