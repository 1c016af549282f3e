/** The SDK's WebCrypto verifier accepts what Hydrant signs (and the reference library), and nothing else. */
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, webhookHeaders } from '#domain/webhooks';
import { signWebhook, verifyWebhook, WebhookVerificationError } from '../../../sdk/src/webhooks';

const body = JSON.stringify({ type: 'forecast.completed', data: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B' } });
const now = Date.parse('2026-11-21T09:30:00Z');
const seconds = Math.floor(now / 1000);

describe('verifyWebhook', () => {
  it("accepts a delivery signed as Hydrant's webhook worker signs it, and returns its payload", async () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], 'msg_1', seconds, body);
    await expect(verifyWebhook(secret, body, headers, { now })).resolves.toEqual(JSON.parse(body));
    await expect(verifyWebhook(secret, body, new Headers(headers), { now })).resolves.toEqual(JSON.parse(body));
  });

  it('signs exactly as the reference Standard Webhooks library', async () => {
    const secret = newWebhookSecret();
    const reference = new Webhook(secret).sign('msg_2', new Date(seconds * 1000), body);
    expect(await signWebhook(secret, 'msg_2', seconds, body)).toBe(reference);
  });

  it('accepts during a rotation, when one of the signatures is made with the secret it knows', async () => {
    const [old, current] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([current, old], 'msg_3', seconds, body);
    await expect(verifyWebhook(old, body, headers, { now })).resolves.toBeDefined();
  });

  it('refuses a changed body, another secret, an old or future timestamp, a missing header', async () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], 'msg_4', seconds, body);
    const refused = [
      () => verifyWebhook(secret, body.replace('forecast', 'alert'), headers, { now }),
      () => verifyWebhook(newWebhookSecret(), body, headers, { now }),
      () => verifyWebhook(secret, body, headers, { now: now + 301_000 }),
      () => verifyWebhook(secret, body, headers, { now: now - 301_000 }),
      () => verifyWebhook(secret, body, { ...headers, 'webhook-id': 'msg_other' }, { now }),
      () => verifyWebhook(secret, body, { 'webhook-id': 'msg_4', 'webhook-timestamp': String(seconds) }, { now }),
    ];
    for (const attempt of refused) await expect(attempt()).rejects.toBeInstanceOf(WebhookVerificationError);
  });
});
