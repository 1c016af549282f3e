/** Hydrant's signatures checked by the official `standardwebhooks` package, not by Hydrant's own code. */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { deliveryBody, newWebhookSecret, webhookHeaders } from '#domain/webhooks';

const event = { type: 'alert.raised', occurredAt: '2026-12-05T10:00:00.000Z', data: { alertId: 'a1', message: 'Pressure high' } };

describe('standardwebhooks verifies what Hydrant signs', () => {
  it('verifies a standard delivery and returns its body', () => {
    const secret = newWebhookSecret(32);
    const body = deliveryBody('standard', event);
    const headers = webhookHeaders([secret], '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: event.type, timestamp: event.occurredAt, data: event.data });
  });
  it('during a rotation both the old and the new secret verify the same delivery', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(24), newWebhookSecret(64)];
    const body = deliveryBody('standard', event);
    const headers = webhookHeaders([newSecret, oldSecret], 'evt_1', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(oldSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
  it('refuses a tampered body and a stale timestamp', () => {
    const secret = newWebhookSecret();
    const body = deliveryBody('standard', event);
    const headers = webhookHeaders([secret], 'evt_2', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(secret).verify(body.replace('high', 'low'), headers)).toThrow();
    const stale = webhookHeaders([secret], 'evt_2', Math.floor(Date.now() / 1000) - 3600, body);
    expect(() => new Webhook(secret).verify(body, stale)).toThrow();
  });
  it('signs Slack-format bodies too', () => {
    const secret = newWebhookSecret();
    const body = deliveryBody('slack', event);
    const headers = webhookHeaders([secret], 'evt_3', Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ text: '*alert.raised* at 2026-12-05T10:00:00.000Z: Pressure high' });
  });
});
