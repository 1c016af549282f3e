import { updateUserRecord } from '#adapters/dynamodb/users-repository';
import { CURRENT_PRIVACY_POLICY_VERSION, meView, recordConsent } from '#domain/users';
import { ValidationFailed } from '#platform/errors';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';
import { bearerToken, ownRecord } from './own-account';

/** Records the caller's consent to a privacy policy version, with the time (GDPR art. 7(1): the controller can show it). */
export async function recordMyConsent({ body, headers, principal }: HttpRequest<unknown, unknown, { policyVersion: string }>) {
  const who = caller(principal);
  if (body.policyVersion !== CURRENT_PRIVACY_POLICY_VERSION) {
    const message = `consent is given to the current policy version, ${CURRENT_PRIVACY_POLICY_VERSION}`;
    throw new ValidationFailed(message, [{ path: 'body.policyVersion', message }]);
  }
  const user = await ownRecord(who, bearerToken(headers));
  const updated = recordConsent(user, body.policyVersion, new Date().toISOString());
  await updateUserRecord(who.tenantId, updated, user.version);
  return { ...resourceResult(updated), body: meView(updated), audit: { resourceId: user.id, before: { consent: user.consent }, after: { consent: updated.consent } } };
}

export const handler = httpRoute(findRoute(meRoutes, 'recordMyConsent'), recordMyConsent);
