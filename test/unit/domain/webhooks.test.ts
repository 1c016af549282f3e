import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addressAllowed, endpointUrlProblem } from '#domain/webhook-addresses';
import {
  deliveryBody,
  failingTooLong,
  nextAfterAttempt,
  newWebhookSecret,
  parseRetryAfter,
  queueDelayTowards,
  RETRY_SCHEDULE_SECONDS,
  signature,
  subscriptionMatches,
  webhookHeaders,
} from '#domain/webhooks';
import { DOMAIN_EVENT_QUEUES, DomainEventEnvelope, EVENT_TYPES } from '#lib/model/events';

describe('event envelope', () => {
  it('lists the thirteen event types and the four fan-out queues', () => {
    expect(EVENT_TYPES).toHaveLength(13);
    expect(EVENT_TYPES).toContain('sensor.offline');
    expect(EVENT_TYPES).toEqual(expect.arrayContaining(['leak.suspected', 'leak.cleared', 'pressure.transient']));
    expect(DOMAIN_EVENT_QUEUES).toEqual(['events', 'notifications', 'live-updates', 'connector-events']);
  });
  it('accepts a well-formed envelope and refuses an unknown type', () => {
    const e = { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', type: 'alert.raised', occurredAt: '2026-12-05T10:00:00Z', tenant: 't1', data: { a: 1 } };
    expect(DomainEventEnvelope.parse(e).type).toBe('alert.raised');
    expect(DomainEventEnvelope.safeParse({ ...e, type: 'alert.exploded' }).success).toBe(false);
  });
});

describe('signature', () => {
  it('is v1, + base64 HMAC-SHA256 of id.timestamp.body with the decoded secret', () => {
    const secret = newWebhookSecret(32);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const key = Buffer.from(secret.slice(6), 'base64');
    expect(key).toHaveLength(32);
    const expected = createHmac('sha256', key).update('msg_1.1700000000.{"a":1}').digest('base64');
    expect(signature(secret, 'msg_1', 1_700_000_000, '{"a":1}')).toBe(`v1,${expected}`);
  });
  it('sends one signature per valid secret, space-separated', () => {
    const h = webhookHeaders([newWebhookSecret(), newWebhookSecret()], 'id1', 1, 'b');
    expect(h['webhook-id']).toBe('id1');
    expect(h['webhook-signature']?.split(' ')).toHaveLength(2);
  });
  it('refuses secret sizes outside 24..64 bytes', () => {
    expect(() => newWebhookSecret(16)).toThrow(RangeError);
  });
});

describe('matching', () => {
  const event = { type: 'alert.raised', data: { severity: 'critical', priority: 3, siteId: 's1' } };
  const sub = (over: object = {}) => ({ id: 'w1', enabled: true, eventTypes: ['alert.raised'], ...over });
  it('matches by type, `*`, and only when enabled', () => {
    expect(subscriptionMatches(sub(), event)).toBe(true);
    expect(subscriptionMatches(sub({ eventTypes: ['*'] }), event)).toBe(true);
    expect(subscriptionMatches(sub({ eventTypes: ['alert.cleared'] }), event)).toBe(false);
    expect(subscriptionMatches(sub({ enabled: false }), event)).toBe(false);
  });
  it('requires every filter condition to hold', () => {
    expect(subscriptionMatches(sub({ filter: [{ path: 'data.severity', op: 'eq', value: 'critical' }, { path: 'data.priority', op: 'gt', value: 2 }] }), event)).toBe(true);
    expect(subscriptionMatches(sub({ filter: [{ path: 'data.severity', op: 'eq', value: 'critical' }, { path: 'data.priority', op: 'lt', value: 2 }] }), event)).toBe(false);
    expect(subscriptionMatches(sub({ filter: [{ path: 'data.siteId', op: 'in', value: ['s1', 's2'] }] }), event)).toBe(true);
    expect(subscriptionMatches(sub({ filter: [{ path: 'data.siteId', op: 'ne', value: 's1' }] }), event)).toBe(false);
    expect(subscriptionMatches(sub({ filter: [{ path: 'data.assetId', op: 'exists' }] }), event)).toBe(false);
  });
  it('sends webhook.test only to the endpoint it tests', () => {
    const test = { type: 'webhook.test', data: { webhookId: 'w1' } };
    expect(subscriptionMatches(sub({ eventTypes: ['*'] }), test)).toBe(true);
    expect(subscriptionMatches(sub({ id: 'w2', eventTypes: ['*'] }), test)).toBe(false);
  });
});

describe('bodies', () => {
  const e = { type: 'alert.raised', occurredAt: '2026-12-05T10:00:00Z', data: { message: 'Pressure high' } };
  it('standard is {type, timestamp, data}', () => {
    expect(JSON.parse(deliveryBody('standard', e))).toEqual({ type: 'alert.raised', timestamp: e.occurredAt, data: e.data });
  });
  it('slack is an incoming-webhook {text}', () => {
    expect(JSON.parse(deliveryBody('slack', e))).toEqual({ text: '*alert.raised* at 2026-12-05T10:00:00Z: Pressure high' });
  });
});

describe('retry schedule', () => {
  it('follows 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then fails', () => {
    const delays = RETRY_SCHEDULE_SECONDS.map((_, i) => nextAfterAttempt(i + 1, 500));
    expect(delays.map((d) => (d.kind === 'retry' ? d.delaySeconds : -1))).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(nextAfterAttempt(8, 500)).toEqual({ kind: 'failed' });
    expect(nextAfterAttempt(1, undefined)).toEqual({ kind: 'retry', delaySeconds: 5 });
  });
  it('only 2xx succeeds; 3xx is a failure (redirects are not followed); 410 disables', () => {
    expect(nextAfterAttempt(1, 204)).toEqual({ kind: 'succeeded' });
    expect(nextAfterAttempt(1, 302).kind).toBe('retry');
    expect(nextAfterAttempt(1, 410)).toEqual({ kind: 'endpoint-gone' });
  });
  it('honours a longer Retry-After on 429 and 503 only', () => {
    expect(nextAfterAttempt(1, 429, 120)).toEqual({ kind: 'retry', delaySeconds: 120 });
    expect(nextAfterAttempt(1, 503, 60)).toEqual({ kind: 'retry', delaySeconds: 60 });
    expect(nextAfterAttempt(1, 500, 60)).toEqual({ kind: 'retry', delaySeconds: 5 });
    expect(parseRetryAfter('30', 0)).toBe(30);
    expect(parseRetryAfter(new Date(90_000).toUTCString(), 0)).toBe(90);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
  it('never asks SQS for more than 15 minutes of delay (longer waits are re-queued)', () => {
    expect(queueDelayTowards(2 * 3_600_000, 0)).toBe(900);
    expect(queueDelayTowards(4_000, 0)).toBe(4);
    expect(queueDelayTowards(0, 10_000)).toBe(0);
  });
  it('disables an endpoint failing for 5 days', () => {
    expect(failingTooLong(0, 5 * 86_400_000)).toBe(true);
    expect(failingTooLong(0, 4 * 86_400_000)).toBe(false);
    expect(failingTooLong(undefined, 10 * 86_400_000)).toBe(false);
  });
});

describe('SSRF rules', () => {
  it('refuses loopback, private, ULA, link-local (metadata) and multicast addresses in the cloud', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '224.0.0.1', '::1', 'fd00::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '0.0.0.0']) {
      expect(addressAllowed(a, 'cloud'), a).toBe(false);
    }
    expect(addressAllowed('93.184.216.34', 'cloud')).toBe(true);
    expect(addressAllowed('2606:4700::1111', 'cloud')).toBe(true);
  });
  it('allows loopback locally, but still not the metadata address', () => {
    expect(addressAllowed('127.0.0.1', 'local')).toBe(true);
    expect(addressAllowed('169.254.169.254', 'local')).toBe(false);
  });
  it('cloud accepts https only; local also http://localhost and 127.0.0.1', () => {
    expect(endpointUrlProblem('https://partner.example/hook', 'cloud')).toBeUndefined();
    expect(endpointUrlProblem('http://partner.example/hook', 'cloud')).toMatch(/https/);
    expect(endpointUrlProblem('https://localhost/hook', 'cloud')).toMatch(/loopback/);
    expect(endpointUrlProblem('https://169.254.169.254/latest', 'cloud')).toMatch(/not public/);
    expect(endpointUrlProblem('http://localhost:4000/hook', 'local')).toBeUndefined();
    expect(endpointUrlProblem('http://127.0.0.1:4000/hook', 'local')).toBeUndefined();
    expect(endpointUrlProblem('http://partner.example/hook', 'local')).toMatch(/https/);
    expect(endpointUrlProblem('https://u:p@partner.example/', 'cloud')).toMatch(/credentials/);
  });
});
