import type * as z from 'zod';
import { updateWebhook as updateWebhookUseCase } from '#application/webhooks/update-webhook';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import type { UpdateWebhookBody } from '#lib/model/schemas/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

export async function updateWebhook({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateWebhookBody>>) {
  const { before, after } = await updateWebhookUseCase(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'updateWebhook'), updateWebhook);
