/** What the webhook routes share: the endpoint URL rules of this deployment and loading a subscription or 404. */
import { getWebhook, type StoredWebhook } from '#adapters/dynamodb/webhooks-repository';
import { endpointUrlProblem } from '#domain/webhook-addresses';
import { webhookNetworkMode } from '#platform/config';
import { Conflict, NotFound, ValidationFailed } from '#platform/errors';

const networkMode = webhookNetworkMode();

/** 400 unless the URL may be an endpoint here (cloud: https to a public address; locally also http://localhost). */
export function checkEndpointUrl(url: string | undefined): void {
  if (url === undefined) return;
  const problem = endpointUrlProblem(url, networkMode);
  if (problem) throw new ValidationFailed(`The endpoint URL is refused: ${problem}`, [{ path: 'body.url', message: problem }]);
}

/** 409 when a stored endpoint URL is refused by today's rules (it was registered before them): it is never sent to. */
export function checkStoredEndpointUrl(url: string): void {
  const problem = endpointUrlProblem(url, networkMode);
  if (problem) throw new Conflict(`The endpoint URL is refused: ${problem}; change it with PATCH`, 'WEBHOOK_URL_REFUSED');
}

export async function webhookOr404(tenantId: string, id: string): Promise<StoredWebhook> {
  const stored = await getWebhook(tenantId, id);
  if (!stored) throw new NotFound('Webhook', id);
  return stored;
}
