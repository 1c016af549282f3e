/** The platform's schedule workers, run in-process against the local stack's tables. */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';

let admin: string;

beforeAll(async () => {
  Object.assign(process.env, inject('stackEnv'));
  admin = await tokenFor(USERS.admin);
});

describe('API anomalies', () => {
  it('flags a key that scans ids (404 on many of them) and lists it for admins', async () => {
    const technician = await tokenFor(USERS.technician);
    for (let i = 0; i < 25; i++) {
      const id = ulid();
      expect((await call('GET', `/v1/assets/${id}`, { token: technician })).status).toBe(404);
    }
    const { flagApiAnomalies: flagAnomalies } = await import('#application/api-keys/flag-api-anomalies');
    const nextHour = new Date(Date.now() + 3_600_000);
    const outcome = await flagAnomalies(nextHour);
    expect(outcome.processed).toBeGreaterThanOrEqual(1);
    const listed = await call('GET', '/v1/admin/anomalies', { token: admin });
    expect(listed.status).toBe(200);
    const demo = listed.body.data.find((a: { apiKeyId: string }) => a.apiKeyId === 'demo-key');
    expect(demo.anomalies.map((a: { kind: string }) => a.kind)).toContain('scanning');
    // Running again flags the same key-hour once, not twice.
    await flagAnomalies(nextHour);
    const again = await call('GET', '/v1/admin/anomalies', { token: admin });
    expect(again.body.data.filter((a: { id: string }) => a.id === demo.id)).toHaveLength(1);

    // Admins are told in-app, once for the key-hour however often the worker runs; managers are not.
    const notices = async (token: string) =>
      ((await call('GET', '/v1/notifications?unread=true&limit=100', { token })).body.data as { type: string; count: number; title: string; resource: { type: string; id: string } }[]).filter(
        (n) => n.type === 'api.anomaly_detected' && n.title.includes('Local demo'),
      );
    const told = await notices(admin);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ count: 1, resource: { type: 'anomaly', id: demo.id } });
    expect(told[0]!.title).toContain('scanning');
    expect(await notices(await tokenFor(USERS.manager))).toEqual([]);

    // The same key scanning in the next hour joins the same notification (grouped per key), counted.
    const { recordKeyCall, recordKeyClientError } = await import('#adapters/dynamodb/control/key-stats');
    const { hourOf } = await import('#domain/api-anomalies');
    const later = hourOf(nextHour.getTime());
    const seconds = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 25; i++) {
      await recordKeyCall('demo-key', later, 'scanner', seconds);
      await recordKeyClientError('demo-key', later, ulid(), seconds);
    }
    await flagAnomalies(new Date(nextHour.getTime() + 3_600_000));
    await flagAnomalies(new Date(nextHour.getTime() + 3_600_000));
    const grouped = await notices(admin);
    expect(grouped).toHaveLength(1);
    expect(grouped[0]!.count).toBe(2);
  });
});

describe('API key statistics', () => {
  it('counts calls and client errors per key and hour, with the distinct user agents and 404 ids beside them', async () => {
    const { activeKeys, keyStats, recordKeyCall, recordKeyClientError } = await import('#adapters/dynamodb/control/key-stats');
    const key = `stats-${ulid()}`;
    const hour = '2026-01-02T03';
    const seconds = Math.floor(Date.now() / 1000);
    await recordKeyCall(key, hour, 'curl/8.5', seconds);
    await recordKeyCall(key, hour, 'curl/8.5', seconds);
    await recordKeyCall(key, hour, undefined, seconds);
    await recordKeyClientError(key, hour, 'a', seconds);
    await recordKeyClientError(key, hour, 'b', seconds);
    await recordKeyClientError(key, hour, undefined, seconds);
    expect(await keyStats(key, hour, hour)).toEqual([{ hour, calls: 3, clientErrors: 3, notFoundIds: 2, userAgents: 1 }]);
    expect(await activeKeys(hour)).toContain(key);
  });
});

describe('audit address truncation', () => {
  it('truncates client addresses of records older than 30 days, and only those', async () => {
    const { appendAuditRecord, queryAuditRecords } = await import('#adapters/dynamodb/audit-log');
    const { redactDueAddresses } = await import('#application/audit-logs/redact-due-addresses');
    const tenantId = `audit-test-${Date.now()}`;
    const record = (id: string, daysAgo: number) => ({
      id,
      tenantId,
      at: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      principal: { kind: 'user' as const, id: 'u1' },
      apiKeyId: null,
      action: 'updateSite',
      resourceType: 'site',
      resourceId: 's1',
      method: 'PATCH',
      route: '/v1/sites/{id}',
      status: 200,
      clientAddress: '203.0.113.77',
      userAgent: 'test',
      bodySha256: null,
      changes: null,
    });
    await appendAuditRecord(record('01JC8Y5T00000000000000OLD1', 31));
    await appendAuditRecord(record('01JC8Y5T00000000000000NEW1', 2));
    await redactDueAddresses(new Date());
    const { items } = await queryAuditRecords(tenantId, { limit: 10 });
    const byId = Object.fromEntries(items.map((r) => [r.id, r.clientAddress]));
    expect(byId).toEqual({ '01JC8Y5T00000000000000OLD1': '203.0.113.0', '01JC8Y5T00000000000000NEW1': '203.0.113.77' });
  });

  it('never overwrites an audit record', async () => {
    const { appendAuditRecord } = await import('#adapters/dynamodb/audit-log');
    const base = { tenantId: 't', at: new Date().toISOString(), principal: { kind: 'anonymous' as const, id: 'anonymous' }, apiKeyId: null, action: 'x', resourceType: 'x', resourceId: null, method: 'POST', route: '/x', status: 200, clientAddress: null, userAgent: null, bodySha256: null, changes: null };
    await appendAuditRecord({ ...base, id: '01JC8Y5T00000000000000DUP1' });
    await expect(appendAuditRecord({ ...base, id: '01JC8Y5T00000000000000DUP1', status: 500 })).rejects.toThrow();
  });
});
