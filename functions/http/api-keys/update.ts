import type * as z from 'zod';
import { updateApiKey as updateApiKeyCase } from '#application/api-keys/update-api-key';
import { auditView } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import type { UpdateApiKeyBody } from '#lib/model/schemas/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

/** PATCH /v1/api-keys/{id} (If-Match): the key updated, API Gateway agreeing. */
export async function updateApiKey({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateApiKeyBody>>) {
  const { before, after } = await updateApiKeyCase(caller(principal).tenantId, params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { resourceId: before.id, before: auditView(before), after: auditView(after) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'updateApiKey'), updateApiKey);
