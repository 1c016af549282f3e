import type * as z from 'zod';
import { rotateApiKey as rotateApiKeyCase } from '#application/api-keys/rotate-api-key';
import { auditView } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import type { RotateApiKeyBody } from '#lib/model/schemas/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

/** POST /v1/api-keys/{id}/rotate (If-Match): the key with its new value, shown once. */
export async function rotateApiKey({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof RotateApiKeyBody>>) {
  const { before, after, value } = await rotateApiKeyCase(caller(principal).tenantId, params.id, body.gracePeriodHours, (current) => checkIfMatch(headers['if-match'], current));
  const shownOnce = { ...after, value };
  return { ...resourceResult(shownOnce), audit: { resourceId: before.id, before: auditView(before), after: auditView(after) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'rotateApiKey'), rotateApiKey);
