/** What the webhook routes share: the endpoint URL rule of this deployment and loading a subscription or 404. */
import * as z from 'zod';
import { getWebhook, type StoredWebhook } from '#adapters/dynamodb/webhooks-repository';
import { endpointUrlProblem } from '#domain/webhook-addresses';
import { readEnv } from '#platform/config';
import { NotFound, ValidationFailed } from '#platform/errors';

const env = readEnv({ WEBHOOK_NETWORK_MODE: z.enum(['cloud', 'local']).default('cloud') });

/** 400 unless the URL may be an endpoint here (cloud: https to a public address; locally also http://localhost). */
export function checkEndpointUrl(url: string | undefined): void {
  if (url === undefined) return;
  const problem = endpointUrlProblem(url, env.WEBHOOK_NETWORK_MODE);
  if (problem) throw new ValidationFailed(`The endpoint URL is refused: ${problem}`, [{ path: 'body.url', message: problem }]);
}

export async function webhookOr404(tenantId: string, id: string): Promise<StoredWebhook> {
  const stored = await getWebhook(tenantId, id);
  if (!stored) throw new NotFound('Webhook', id);
  return stored;
}
