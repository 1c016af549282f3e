import { claimApiKeyPendingValue as claimCase } from '#application/api-keys/claim-pending-value';
import { auditView } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

/** POST /v1/api-keys/{id}/claim-pending-value (If-Match): the key with the value, shown once. */
export async function claimApiKeyPendingValue({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { before, after, value } = await claimCase(caller(principal).tenantId, params.id, (current) => checkIfMatch(headers['if-match'], current));
  const shownOnce = { ...after, value };
  return { ...resourceResult(shownOnce), audit: { resourceId: before.id, before: auditView(before), after: auditView(after) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'claimApiKeyPendingValue'), claimApiKeyPendingValue);
