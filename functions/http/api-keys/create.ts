import { ulid } from 'ulid';
import { discardGatewayKey, provisionGatewayKey } from '#adapters/apigateway/api-keys';
import { createApiKey as saveApiKey } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { auditView, gatewayEnabled, generateKeyValue, newApiKey, type NewApiKey } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/**
 * Steps: a value from the CSPRNG; an API Gateway key with it, in the plan's usage
 * plan; the key and its policy written together in the control table. When the
 * write fails, the gateway key is deleted again. The value is answered now and
 * never again (API Gateway keeps it, Hydrant only its prefix).
 */
export async function createApiKey({ body, principal }: HttpRequest<unknown, unknown, NewApiKey>) {
  const { tenantId } = caller(principal);
  const id = ulid();
  const now = new Date();
  const value = generateKeyValue();
  const gatewayKeyId = await provisionGatewayKey({
    name: `${body.name} (${id})`,
    description: `Hydrant API key ${id} of ${body.owner}, tenant ${tenantId}`,
    value,
    planId: body.planId,
    enabled: gatewayEnabled({ status: body.status ?? 'active', expiresAt: body.expiresAt ?? null }, now.getTime()),
  });
  const key = newApiKey(id, body, { gatewayKeyId, value }, now.toISOString());
  try {
    await saveApiKey(tenantId, key);
  } catch (error) {
    await discardGatewayKey(gatewayKeyId);
    throw error;
  }
  forgetKeyPolicy(gatewayKeyId);
  const shownOnce = { ...key, value };
  return { ...resourceResult(shownOnce, 201, { Location: `/v1/api-keys/${id}` }), audit: { resourceId: id, after: auditView(key) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'createApiKey'), createApiKey);
