import { listWebhooks as queryWebhooks } from '#adapters/dynamodb/webhooks-repository';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listWebhooks({ query, principal }: HttpRequest<unknown, { limit: number; cursor?: string }>) {
  return pageResult(await queryWebhooks(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'listWebhooks'), listWebhooks);
