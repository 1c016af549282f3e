import { applyGatewayChange } from '#adapters/apigateway/api-keys';
import { getApiKey, saveApiKey } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { applyApiKeyPatch, auditView, gatewayChangesOf, gatewayKeyIdsOf, type ApiKeyPatch, type GatewayChange } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { logger } from '#platform/observability';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load the key; check If-Match; apply the patch; tell API Gateway what
 * changed (plan move, enabled, name) for each of its gateway keys; save the key and
 * its policies conditioned on the version read. When the save fails, the gateway
 * changes are undone (best effort, logged), so both sides keep agreeing.
 */
export async function updateApiKey({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, ApiKeyPatch>) {
  const { tenantId } = caller(principal);
  const key = visibleOr404(await getApiKey(tenantId, params.id), () => true, 'API key', params.id);
  checkIfMatch(headers['if-match'], key);
  const now = new Date();
  const updated = applyApiKeyPatch(key, body, now.toISOString());
  const done: GatewayChange[] = [];
  try {
    for (const change of gatewayChangesOf(key, updated, body, now.getTime())) {
      await applyGatewayChange(change);
      done.push(change);
    }
    await saveApiKey(tenantId, updated, key.version);
  } catch (error) {
    const undo = gatewayChangesOf(updated, key, body, now.getTime()).filter((c) => done.some((d) => d.gatewayKeyId === c.gatewayKeyId));
    for (const change of undo) {
      await applyGatewayChange(change).catch((e: unknown) => logger.error('Could not undo an API Gateway change', { change, error: e as Error }));
    }
    throw error;
  }
  gatewayKeyIdsOf(updated).forEach(forgetKeyPolicy);
  return { ...resourceResult(updated), audit: { resourceId: key.id, before: auditView(key), after: auditView(updated) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'updateApiKey'), updateApiKey);
