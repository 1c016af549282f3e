/**
 * Slack: each domain event the connector takes, posted two ways (either or both):
 *   - `credentials.webhookUrl`: an incoming webhook, with the body webhooks of format `slack`
 *     already send (`deliveryBody('slack', ...)`), so both paths read the same in a channel;
 *   - `credentials.botToken` (`xoxb-...`): Web API `chat.postMessage` to the channel named for
 *     the event type in `config.channels` (else `config.defaultChannel`; no channel: not posted).
 * Slack answers HTTP 200 with `{ok: false, error}` for refusals (https://api.slack.com/methods/chat.postMessage),
 * so `ok` is checked, not only the status; 429 carries Retry-After (https://api.slack.com/apis/rate-limits).
 */
import { deliveryBody } from '#domain/webhooks';
import type { ConnectorContext, ConnectorPort, SyncResult } from './port';
import { nothingToDo } from './port';
import { callProvider, callProviderJson, ProviderError } from './provider-http';
import { PROVIDER_URLS } from './provider-urls';

interface SlackAnswer {
  readonly ok: boolean;
  readonly error?: string;
}

async function slackApi(ctx: ConnectorContext, method: string, json?: unknown): Promise<SlackAnswer> {
  const token = ctx.credentials.botToken;
  if (!token) throw new Error('the credential `botToken` is missing');
  const answer = await callProviderJson<SlackAnswer>('slack', {
    method: 'POST',
    url: `${PROVIDER_URLS.slack}/${method}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
    ...(json === undefined ? {} : { json }),
  });
  if (!answer.ok) throw new ProviderError('slack', 200, `${method}: ${answer.error ?? 'refused'}`);
  return answer;
}

/** The channel of an event type: `config.channels[type]`, else `config.defaultChannel`. */
export function channelFor(config: Readonly<Record<string, unknown>>, eventType: string): string | undefined {
  const channels = (config.channels ?? {}) as Record<string, string>;
  const channel = channels[eventType] ?? config.defaultChannel;
  return typeof channel === 'string' && channel ? channel : undefined;
}

export const slackConnector: ConnectorPort = {
  async authenticate(ctx) {
    if (ctx.credentials.botToken) await slackApi(ctx, 'auth.test');
    return nothingToDo;
  },
  sync: async () => nothingToDo,
  async sendEvent(ctx, event): Promise<SyncResult> {
    const body = deliveryBody('slack', event);
    let records = 0;
    const errors: string[] = [];
    if (ctx.credentials.webhookUrl) {
      await callProvider('slack', { method: 'POST', url: ctx.credentials.webhookUrl, headers: { 'content-type': 'application/json' }, body, tenantUrl: true });
      records++;
    }
    const channel = channelFor(ctx.connector.config, event.type);
    if (ctx.credentials.botToken && channel) {
      await slackApi(ctx, 'chat.postMessage', { channel, ...(JSON.parse(body) as { text: string }), unfurl_links: false });
      records++;
    }
    if (records === 0) errors.push(`no webhook URL, and no bot token with a channel for ${event.type}`);
    return { records, errors };
  },
};
