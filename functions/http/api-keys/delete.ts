import { deleteGatewayKey } from '#adapters/apigateway/api-keys';
import { deleteApiKey as removeApiKey, getApiKey } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { auditView, gatewayKeyIdsOf } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load the key; check If-Match; delete its gateway keys (current and
 * retiring: they stop working at once); then the key and its policies. Gateway first,
 * so a failure never leaves a working key without its policy; a retry finishes the job.
 */
export async function deleteApiKey({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const key = visibleOr404(await getApiKey(tenantId, params.id), () => true, 'API key', params.id);
  checkIfMatch(headers['if-match'], key);
  const gatewayKeyIds = gatewayKeyIdsOf(key);
  for (const id of gatewayKeyIds) await deleteGatewayKey(id);
  await removeApiKey(tenantId, key, key.version);
  gatewayKeyIds.forEach(forgetKeyPolicy);
  return { status: 204, audit: { resourceId: key.id, before: auditView(key) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'deleteApiKey'), deleteApiKey);
