import { deleteApiKey as deleteApiKeyCase } from '#application/api-keys/delete-api-key';
import { auditView } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/** DELETE /v1/api-keys/{id} (If-Match): 204; the key stops working at once. */
export async function deleteApiKey({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const key = await deleteApiKeyCase(caller(principal).tenantId, params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: key.id, before: auditView(key) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'deleteApiKey'), deleteApiKey);
