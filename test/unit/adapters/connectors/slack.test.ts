/** The Slack adapter against a local stand-in of the Web API and of an incoming webhook, answering the documented shapes. */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectorContext } from '#adapters/connectors/port';
import { newConnector, type Connector } from '#domain/connectors';
import { NO_HYDRANT_DATA, startProviderServer } from '../../../support/provider-server';

// The stand-in provider listens on 127.0.0.1: tenant URLs go through the SSRF guard, which allows loopback locally only.
vi.stubEnv('WEBHOOK_NETWORK_MODE', 'local');

const provider = await startProviderServer();
process.env.CONNECTOR_URL_SLACK = `${provider.url}/api`;
const { slackConnector, channelFor } = await import('#adapters/connectors/slack');
afterAll(() => provider.close());
beforeEach(() => provider.reset());

const connector: Connector = { ...newConnector('01JD5Y7Z8M6Q2V3W4X5Y6Z7C01', { type: 'slack', enabled: true, config: { channels: { 'alert.raised': '#ops-alerts' }, defaultChannel: '#general' } }, true, '2026-11-01T00:00:00.000Z') };
const event = { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E01', type: 'alert.raised', occurredAt: '2026-11-21T09:31:00.000Z', tenant: 't1', data: { message: 'Pressure low at P-12' } };
const ctx = (credentials: Record<string, string>, config = connector.config): ConnectorContext => ({
  connector: { ...connector, config },
  credentials,
  now: new Date('2026-11-21T09:31:00Z'),
  data: NO_HYDRANT_DATA,
});

describe('slack connector', () => {
  it('posts the event to the channel of its type with the bot token (chat.postMessage)', async () => {
    provider.script('POST /api/chat.postMessage', [{ fixture: 'slack-chat-post-message-ok.json' }]);
    const out = await slackConnector.sendEvent(ctx({ botToken: 'xoxb-secret-1' }), event);
    expect(out).toEqual({ records: 1, errors: [] });
    const [req] = provider.seen;
    expect(req!.headers.authorization).toBe('Bearer xoxb-secret-1');
    expect(JSON.parse(req!.body)).toMatchObject({ channel: '#ops-alerts', text: '*alert.raised* at 2026-11-21T09:31:00.000Z: Pressure low at P-12' });
  });

  it('sends the webhooks Slack format to an incoming webhook, and both when both are stored', async () => {
    provider.script('POST /hooks/T1/B1/x', [{ body: 'ok' }]);
    provider.script('POST /api/chat.postMessage', [{ fixture: 'slack-chat-post-message-ok.json' }]);
    const out = await slackConnector.sendEvent(ctx({ webhookUrl: `${provider.url}/hooks/T1/B1/x`, botToken: 'xoxb-2' }), event);
    expect(out.records).toBe(2);
    expect(provider.seen.map((r) => r.path)).toEqual(['/hooks/T1/B1/x', '/api/chat.postMessage']);
    expect(JSON.parse(provider.seen[0]!.body)).toEqual({ text: '*alert.raised* at 2026-11-21T09:31:00.000Z: Pressure low at P-12' });
  });

  it('fails on `ok: false` although Slack answers 200', async () => {
    provider.script('POST /api/chat.postMessage', [{ fixture: 'slack-chat-post-message-channel-not-found.json' }]);
    await expect(slackConnector.sendEvent(ctx({ botToken: 'xoxb-3' }), event)).rejects.toThrow('chat.postMessage: channel_not_found');
  });

  it('waits out a 429 with its Retry-After, then posts', async () => {
    provider.script('POST /api/chat.postMessage', [{ status: 429, headers: { 'retry-after': '1' }, fixture: 'slack-rate-limited.json' }, { fixture: 'slack-chat-post-message-ok.json' }]);
    const started = Date.now();
    const out = await slackConnector.sendEvent(ctx({ botToken: 'xoxb-4' }), event);
    expect(out.records).toBe(1);
    expect(provider.seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('checks the bot token with auth.test', async () => {
    provider.script('POST /api/auth.test', [{ fixture: 'slack-auth-test-ok.json' }]);
    await slackConnector.authenticate(ctx({ botToken: 'xoxb-5' }));
    expect(provider.seen[0]!.headers.authorization).toBe('Bearer xoxb-5');
  });

  it('reports an event it has nowhere to post', async () => {
    const out = await slackConnector.sendEvent(ctx({ botToken: 'xoxb-6' }, {}), event);
    expect(out).toEqual({ records: 0, errors: ['no webhook URL, and no bot token with a channel for alert.raised'] });
    expect(provider.seen).toHaveLength(0);
  });

  it('routes an event type to its channel, else the default channel', () => {
    expect(channelFor(connector.config, 'alert.raised')).toBe('#ops-alerts');
    expect(channelFor(connector.config, 'work_order.created')).toBe('#general');
    expect(channelFor({}, 'work_order.created')).toBeUndefined();
  });
});
