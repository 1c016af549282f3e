import { updateUserRecord } from '#adapters/dynamodb/users-repository';
import { meView, recordConsent } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { userRoutes } from '#lib/model/routes/users';
import { httpRoute, type HttpRequest } from '#platform/http-route';
import { caller, resourceResult } from '#platform/resources';
import { bearerToken, ownRecord } from './own-account';

/** Records the caller's consent to a privacy policy version, with the time (GDPR art. 7(1): the controller can show it). */
export async function recordMyConsent({ body, headers, principal }: HttpRequest<unknown, unknown, { policyVersion: string }>) {
  const who = caller(principal);
  const user = await ownRecord(who, bearerToken(headers));
  const updated = recordConsent(user, body.policyVersion, new Date().toISOString());
  await updateUserRecord(who.tenantId, updated, user.version);
  return { ...resourceResult(updated), body: meView(updated), audit: { resourceId: user.id, before: { consent: user.consent }, after: { consent: updated.consent } } };
}

export const handler = httpRoute(findRoute(userRoutes, 'recordMyConsent'), recordMyConsent);
