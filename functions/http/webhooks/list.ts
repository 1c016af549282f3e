import type * as z from 'zod';
import { listWebhooks as listWebhooksUseCase } from '#application/webhooks/list-webhooks';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import type { ListWebhooksQuery } from '#lib/model/schemas/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listWebhooks({ query, principal }: HttpRequest<unknown, z.infer<typeof ListWebhooksQuery>>) {
  return pageResult(await listWebhooksUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'listWebhooks'), listWebhooks);
