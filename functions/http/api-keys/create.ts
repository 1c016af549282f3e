import type * as z from 'zod';
import { createApiKey as createApiKeyCase } from '#application/api-keys/create-api-key';
import { auditView } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import type { CreateApiKeyBody } from '#lib/model/schemas/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** POST /v1/api-keys: 201 with the key and its value, answered now and never again. */
export async function createApiKey({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateApiKeyBody>>) {
  const { key, value } = await createApiKeyCase(caller(principal).tenantId, body);
  const shownOnce = { ...key, value };
  return { ...resourceResult(shownOnce, 201, { Location: `/v1/api-keys/${key.id}` }), audit: { resourceId: key.id, after: auditView(key) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'createApiKey'), createApiKey);
