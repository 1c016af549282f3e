import type * as z from 'zod';
import { replayWebhook as replayWebhookUseCase } from '#application/webhooks/replay-webhook';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import type { ReplayBody } from '#lib/model/schemas/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** 202: what the endpoint should have received since `since` is queued again. */
export async function replayWebhook({ params, body, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof ReplayBody>>) {
  const replay = await replayWebhookUseCase(caller(principal), params.id, body.since);
  return { status: 202, body: replay, audit: { resourceId: replay.webhookId, after: { since: body.since, queued: replay.queued } } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'replayWebhook'), replayWebhook);
