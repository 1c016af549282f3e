/** Webhook subscriptions: the `webhook.test` event and the subscription after a secret rotation, built in the domain. */
import { describe, expect, it } from 'vitest';
import { newSubscription, webhookTestEvent, withRotatedSecret } from '#domain/webhook-subscriptions';
import { DomainEventEnvelope } from '#lib/model/events';

const NOW = '2026-11-21T09:30:00.000Z';

describe('webhookTestEvent', () => {
  it('is a webhook.test event of the tenant, naming the endpoint and who asked', () => {
    const event = webhookTestEvent('01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', 'acme', 'W1', 'marie', NOW);
    expect(event).toEqual({
      id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
      type: 'webhook.test',
      occurredAt: NOW,
      tenant: 'acme',
      data: { webhookId: 'W1', message: 'A test event from Hydrant', requestedBy: 'marie' },
    });
    expect(DomainEventEnvelope.safeParse(event).success).toBe(true);
  });
});

describe('withRotatedSecret', () => {
  it('stamps the rotation and makes a new version, the rest unchanged', () => {
    const sub = newSubscription('W1', { url: 'https://example.com/hook', eventTypes: ['alert.raised'], format: 'standard', enabled: true }, NOW);
    const later = '2026-11-22T10:00:00.000Z';
    expect(withRotatedSecret(sub, later)).toEqual({ ...sub, secretRotatedAt: later, updatedAt: later, version: sub.version + 1 });
  });
});
