/**
 * API keys through the local stack, as an admin and a partner use them: the value is
 * shown once and works on the local gateway at once; allow-lists, expiry, disabling,
 * rotation with a grace period, plan changes and deletion are enforced on the next
 * call; the maintenance schedule retires and disables what is due.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';

let admin: string;
let manager: string;
let seq = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  [admin, manager] = await Promise.all([tokenFor(USERS.admin), tokenFor(USERS.manager)]);
});

async function createKey(extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/api-keys', { token: admin, body: { name: `Bridge ${process.pid}-${seq++}`, owner: 'Aquatech Partners', planId: 'standard', ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; value: string; keyPrefix: string; gatewayKeyId: string; version: number; ipAllowList: string[] };
}

/** A call that needs an API key, made with `value` (a manager's token: the key is what is tested). */
const useKey = (value: string) => call('GET', '/v1/sites?limit=1', { token: manager, apiKey: value });

describe('api-keys', () => {
  it('creates a key whose value is shown once and works on the gateway at once; reads never show it', async () => {
    const key = await createKey({ ipAllowList: [] });
    expect(key.value).toMatch(/^hyd_[0-9A-Za-z]{40}$/);
    expect(key.keyPrefix).toBe(key.value.slice(0, 8));
    expect(key).toMatchObject({ version: 1, status: 'active', planId: 'standard', expiresAt: null, lastRotatedAt: null, retiringKeys: [] });
    expect((await useKey(key.value)).status).toBe(200);

    const read = await call('GET', `/v1/api-keys/${key.id}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"v1"');
    expect(read.body.value).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(key.value);
    const list = await call('GET', '/v1/api-keys?limit=100', { token: admin });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(key.value);
    expect(list.body.data.map((k: { id: string }) => k.id)).toContain(key.id);
  });

  it('is for admins only', async () => {
    const res = await call('POST', '/v1/api-keys', { token: manager, body: { name: 'x', owner: 'y', planId: 'standard' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect((await call('GET', '/v1/api-keys', { token: manager })).status).toBe(403);
  });

  it('validates plan, allow-list entries and expiry field by field', async () => {
    const res = await call('POST', '/v1/api-keys', {
      token: admin,
      body: { name: 'bad', owner: 'bad', planId: 'gold', ipAllowList: ['10.0.0.0/8', 'not-an-ip', '10.0.0.0/33'], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.planId', 'body.ipAllowList.1', 'body.ipAllowList.2', 'body.expiresAt']),
    );
  });

  it('enforces the IP allow-list: 10.0.0.0/8 refuses 127.0.0.1, 127.0.0.1 is allowed, IPv6 ranges are accepted', async () => {
    const elsewhere = await createKey({ ipAllowList: ['10.0.0.0/8'] });
    const refused = await useKey(elsewhere.value);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('IP_NOT_ALLOWED');

    const local = await createKey({ ipAllowList: ['127.0.0.1'] });
    expect((await useKey(local.value)).status).toBe(200);

    const v6 = await createKey({ ipAllowList: ['2001:DB8:abcd:12::/48', '127.0.0.0/8', '127.0.0.1/8'] });
    expect(v6.ipAllowList).toEqual(['2001:db8:abcd::/48', '127.0.0.0/8']);
    expect((await useKey(v6.value)).status).toBe(200);

    // Widening the list lets the refused key in on the next call.
    const widened = await call('PATCH', `/v1/api-keys/${elsewhere.id}`, { token: admin, body: { ipAllowList: ['10.0.0.0/8', '127.0.0.1'] } });
    expect(widened.status).toBe(200);
    expect((await useKey(elsewhere.value)).status).toBe(200);
  });

  it('refuses a key past its expiry with 403 API_KEY_EXPIRED', async () => {
    const key = await createKey({ expiresAt: new Date(Date.now() + 2500).toISOString() });
    expect((await useKey(key.value)).status).toBe(200);
    await sleep(2600);
    const refused = await useKey(key.value);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('API_KEY_EXPIRED');
    // A new expiry in the future brings it back.
    const extended = await call('PATCH', `/v1/api-keys/${key.id}`, { token: admin, body: { expiresAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(extended.status).toBe(200);
    expect((await useKey(key.value)).status).toBe(200);
  });

  it('a disabled key is refused by the gateway itself (INVALID_API_KEY) until it is active again; updates need a fresh If-Match', async () => {
    const key = await createKey();
    const disabled = await call('PATCH', `/v1/api-keys/${key.id}`, { token: admin, body: { status: 'disabled' }, headers: { 'if-match': '"v1"' } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ status: 'disabled', version: 2 });
    const refused = await useKey(key.value);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('INVALID_API_KEY');

    const stale = await call('PATCH', `/v1/api-keys/${key.id}`, { token: admin, body: { status: 'active' }, headers: { 'if-match': '"v1"' } });
    expect(stale.status).toBe(412);
    expect((await call('PATCH', `/v1/api-keys/${key.id}`, { token: admin, body: { status: 'active' }, headers: { 'if-match': '"v2"' } })).status).toBe(200);
    expect((await useKey(key.value)).status).toBe(200);
  });

  it('moves a key to another plan: its quota is then the new plan’s', async () => {
    const key = await createKey();
    const moved = await call('PATCH', `/v1/api-keys/${key.id}`, { token: admin, body: { planId: 'partner', name: 'Renamed bridge' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ planId: 'partner', name: 'Renamed bridge' });
    const usage = await call('GET', '/v1/usage', { token: manager, apiKey: key.value });
    expect(usage.status).toBe(200);
    expect(usage.body.plan.id).toBe('partner');
  });

  it('rotates: the new value is shown once, both values work during the grace period', async () => {
    const key = await createKey();
    const rotated = await call('POST', `/v1/api-keys/${key.id}/rotate`, { token: admin, body: {} });
    expect(rotated.status).toBe(200);
    expect(rotated.body.value).toMatch(/^hyd_[0-9A-Za-z]{40}$/);
    expect(rotated.body.value).not.toBe(key.value);
    expect(rotated.body.keyPrefix).toBe(rotated.body.value.slice(0, 8));
    expect(rotated.body.lastRotatedAt).toEqual(expect.any(String));
    expect(rotated.body.retiringKeys).toHaveLength(1);
    const grace = Date.parse(rotated.body.retiringKeys[0].graceUntil) - Date.parse(rotated.body.lastRotatedAt);
    expect(grace).toBe(168 * 3_600_000);
    expect((await useKey(rotated.body.value)).status).toBe(200);
    expect((await useKey(key.value)).status).toBe(200);
    expect((await call('GET', `/v1/api-keys/${key.id}`, { token: admin })).body.value).toBeUndefined();
  });

  it('rotates with no grace: the old value is refused at once', async () => {
    const key = await createKey();
    const rotated = await call('POST', `/v1/api-keys/${key.id}/rotate`, { token: admin, body: { gracePeriodHours: 0 } });
    expect(rotated.status).toBe(200);
    const old = await useKey(key.value);
    expect(old.status).toBe(403);
    expect(['API_KEY_EXPIRED', 'INVALID_API_KEY']).toContain(old.body.code);
    expect((await useKey(rotated.body.value)).status).toBe(200);
    expect((await call('POST', `/v1/api-keys/${key.id}/rotate`, { token: admin, body: { gracePeriodHours: 721 } })).status).toBe(400);
  });

  it('deletes a key: all its values stop working and it is gone', async () => {
    const key = await createKey();
    const rotated = await call('POST', `/v1/api-keys/${key.id}/rotate`, { token: admin, body: { gracePeriodHours: 24 } });
    expect((await call('DELETE', `/v1/api-keys/${key.id}`, { token: admin })).status).toBe(204);
    for (const value of [key.value, rotated.body.value]) {
      const refused = await useKey(value);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('INVALID_API_KEY');
    }
    expect((await call('GET', `/v1/api-keys/${key.id}`, { token: admin })).status).toBe(404);
    expect((await call('DELETE', `/v1/api-keys/${key.id}`, { token: admin })).status).toBe(404);
  });

  it('records changes in the audit trail without any key value', async () => {
    const key = await createKey();
    await call('PATCH', `/v1/api-keys/${key.id}`, { token: admin, body: { owner: 'New owner' } });
    const rotated = await call('POST', `/v1/api-keys/${key.id}/rotate`, { token: admin, body: { gracePeriodHours: 1 } });
    const audit = await call('GET', `/v1/audit-logs?resourceType=api-key&resourceId=${key.id}&limit=10`, { token: admin });
    expect(audit.status).toBe(200);
    const actions = audit.body.data.map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['createApiKey', 'updateApiKey', 'rotateApiKey']));
    const update = audit.body.data.find((r: { action: string }) => r.action === 'updateApiKey');
    expect(update.changes.owner).toEqual({ before: 'Aquatech Partners', after: 'New owner' });
    const text = JSON.stringify(audit.body);
    expect(text).not.toContain(key.value);
    expect(text).not.toContain(rotated.body.value);
  });
});

describe('api-key maintenance schedule', () => {
  /** Runs the schedule's handler module in this process, against the same local stack. */
  async function runMaintenance() {
    Object.assign(process.env, inject('stackEnv'));
    const { maintainApiKeys } = await import('#application/api-keys/maintain-api-keys');
    return maintainApiKeys(new Date());
  }

  it('deletes gateway keys whose grace ended, disables expired ones, and is idempotent', async () => {
    const rotatedOut = await createKey();
    const rotated = await call('POST', `/v1/api-keys/${rotatedOut.id}/rotate`, { token: admin, body: { gracePeriodHours: 0 } });
    const expiring = await createKey({ expiresAt: new Date(Date.now() + 1500).toISOString() });
    await sleep(1600);

    const report = await runMaintenance();
    expect(report.deleted).toContain(rotatedOut.gatewayKeyId);
    expect(report.disabled).toContain(expiring.gatewayKeyId);
    expect(report.failed).toEqual([]);

    // The retired value is gone from API Gateway and from the key; the new value works.
    expect((await useKey(rotatedOut.value)).body.code).toBe('INVALID_API_KEY');
    expect((await useKey(rotated.body.value)).status).toBe(200);
    const after = await call('GET', `/v1/api-keys/${rotatedOut.id}`, { token: admin });
    expect(after.body.retiringKeys).toEqual([]);
    expect(after.body.version).toBe(rotated.body.version + 1);
    // The expired key is now refused by API Gateway itself.
    expect((await useKey(expiring.value)).body.code).toBe('INVALID_API_KEY');

    const again = await runMaintenance();
    expect(again.deleted).not.toContain(rotatedOut.gatewayKeyId);
    expect(again.disabled).not.toContain(expiring.gatewayKeyId);

    // A new expiry brings the expired key back, in API Gateway too.
    const extended = await call('PATCH', `/v1/api-keys/${expiring.id}`, { token: admin, body: { expiresAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(extended.status).toBe(200);
    expect((await useKey(expiring.value)).status).toBe(200);
  });
});

describe('automatic rotation (the maintenance schedule with a controlled clock)', () => {
  const DAY = 86_400_000;

  async function rotateAt(now: Date) {
    Object.assign(process.env, inject('stackEnv'));
    const { rotateDueApiKeys: rotateDueKeys } = await import('#application/api-keys/rotate-due-api-keys');
    return rotateDueKeys(now);
  }

  /** The admin's unread notifications of one type about one key. */
  async function adminNotices(type: string, keyId: string) {
    const res = await call('GET', '/v1/notifications?unread=true&limit=100', { token: admin });
    expect(res.status).toBe(200);
    return (res.body.data as { type: string; resource: { id: string }; count: number; title: string; body: string }[]).filter(
      (n) => n.type === type && n.resource.id === keyId,
    );
  }

  it('validates autoRotateDays on create and PATCH (30-365, null stops it)', async () => {
    for (const bad of [7, 366, 30.5, '30']) {
      const res = await call('POST', '/v1/api-keys', { token: admin, body: { name: 'x', owner: 'y', planId: 'standard', autoRotateDays: bad } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.autoRotateDays');
    }
    const key = await createKey({ autoRotateDays: 90 });
    const read = await call('GET', `/v1/api-keys/${key.id}`, { token: admin });
    expect(read.body).toMatchObject({ autoRotateDays: 90, rotationNoticeSentAt: null, pendingValue: null });
    expect(Date.parse(read.body.nextRotationAt) - Date.parse(read.body.createdAt)).toBe(90 * DAY);
    const stopped = await call('PATCH', `/v1/api-keys/${key.id}`, { token: admin, body: { autoRotateDays: null } });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ autoRotateDays: null, nextRotationAt: null });
    // Put on a schedule later: never sooner than the 7-day notice from now.
    const again = await call('PATCH', `/v1/api-keys/${key.id}`, { token: admin, body: { autoRotateDays: 30 } });
    expect(again.status).toBe(200);
    expect(Date.parse(again.body.nextRotationAt)).toBe(Date.parse(again.body.createdAt) + 30 * DAY);
  });

  it('notifies admins 7 days before, rotates when due, notifies after, lets an admin claim the new value once; reruns do nothing twice', async () => {
    const key = await createKey({ autoRotateDays: 30 });
    const created = (await call('GET', `/v1/api-keys/${key.id}`, { token: admin })).body;
    const due = Date.parse(created.nextRotationAt);

    // 10 days before: nothing yet.
    expect((await rotateAt(new Date(due - 10 * DAY))).rotationNotices).not.toContain(key.id);
    expect(await adminNotices('api_key.rotation_due', key.id)).toEqual([]);

    // 6 days before: the notice, once, however often the schedule runs.
    const notice = await rotateAt(new Date(due - 6 * DAY));
    expect(notice.rotationNotices).toContain(key.id);
    expect(notice.rotated).not.toContain(key.id);
    expect((await rotateAt(new Date(due - 6 * DAY + 3_600_000))).rotationNotices).not.toContain(key.id);
    const before = await adminNotices('api_key.rotation_due', key.id);
    expect(before).toHaveLength(1);
    expect(before[0]!.count).toBe(1);
    expect(before[0]!.title).toContain(created.nextRotationAt);
    // Admins only: the manager is not told.
    const managerList = await call('GET', '/v1/notifications?unread=true&limit=100', { token: manager });
    expect(managerList.body.data.some((n: { resource: { id: string } }) => n.resource.id === key.id)).toBe(false);
    const noticed = (await call('GET', `/v1/api-keys/${key.id}`, { token: admin })).body;
    expect(noticed.rotationNoticeSentAt).not.toBeNull();
    expect(noticed.gatewayKeyId).toBe(key.gatewayKeyId);

    // Nothing to claim before the rotation.
    const early = await call('POST', `/v1/api-keys/${key.id}/pending-value`, { token: admin });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('NO_PENDING_VALUE');

    // Due: rotated (default grace period) and told of in the same run.
    const at = new Date(due + 60_000);
    const run = await rotateAt(at);
    expect(run.rotated).toContain(key.id);
    expect(run.rotatedNotices).toContain(key.id);
    expect(run.failed).toEqual([]);
    const rotated = (await call('GET', `/v1/api-keys/${key.id}`, { token: admin })).body;
    expect(rotated.gatewayKeyId).not.toBe(key.gatewayKeyId);
    expect(rotated.lastRotatedAt).toBe(at.toISOString());
    expect(rotated.retiringKeys).toEqual([{ gatewayKeyId: key.gatewayKeyId, keyPrefix: key.keyPrefix, graceUntil: new Date(at.getTime() + 7 * DAY).toISOString() }]);
    expect(rotated.pendingValue).toMatchObject({ keyPrefix: rotated.keyPrefix, rotatedAt: at.toISOString() });
    expect(rotated.pendingValue.notifiedAt).not.toBeNull();
    expect(rotated.rotationNoticeSentAt).toBeNull();
    expect(Date.parse(rotated.nextRotationAt)).toBe(at.getTime() + 30 * DAY);
    // The old value keeps working through its grace period.
    expect((await useKey(key.value)).status).toBe(200);

    // A rerun rotates nothing twice and tells nobody twice.
    const rerun = await rotateAt(new Date(due + 120_000));
    expect(rerun.rotated).not.toContain(key.id);
    expect(rerun.rotatedNotices).not.toContain(key.id);
    const after = await adminNotices('api_key.rotated', key.id);
    expect(after).toHaveLength(1);
    expect(after[0]!.count).toBe(1);
    expect(after[0]!.body).toContain(`/v1/api-keys/${key.id}/pending-value`);
    // The real hourly run (now, through the schedule's Lambda handler) has nothing to do for this key either.
    const { handler } = await import('../../functions/workers/api-key-maintenance');
    const scheduled = { version: '0', id: 'test', 'detail-type': 'Scheduled Event' as const, source: 'aws.events', account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [], detail: {} };
    const hourly = await handler(scheduled, { functionName: 'api-key-maintenance', awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as never);
    expect([...hourly.details!.rotated, ...hourly.details!.rotationNotices, ...hourly.details!.rotatedNotices]).not.toContain(key.id);

    // The value is claimed once: it works, it is nowhere in reads, a second claim is 409.
    const claim = await call('POST', `/v1/api-keys/${key.id}/pending-value`, { token: admin });
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.headers.get('cache-control')).toBe('no-store');
    expect(claim.body.value).toMatch(/^hyd_[0-9A-Za-z]{40}$/);
    expect(claim.body.value.slice(0, 8)).toBe(rotated.keyPrefix);
    expect(claim.body.pendingValue).toBeNull();
    expect((await useKey(claim.body.value)).status).toBe(200);
    const second = await call('POST', `/v1/api-keys/${key.id}/pending-value`, { token: admin });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('NO_PENDING_VALUE');
    const read = await call('GET', `/v1/api-keys/${key.id}`, { token: admin });
    expect(JSON.stringify(read.body)).not.toContain(claim.body.value);
    const audit = await call('GET', `/v1/audit-logs?resourceType=api-key&resourceId=${key.id}&limit=20`, { token: admin });
    expect(audit.body.data.map((r: { action: string }) => r.action)).toContain('claimApiKeyPendingValue');
    expect(JSON.stringify(audit.body)).not.toContain(claim.body.value);
    // Managers cannot claim.
    expect((await call('POST', `/v1/api-keys/${key.id}/pending-value`, { token: manager })).status).toBe(403);
  });

  it('does not rotate disabled keys, keys that expire first, or keys taken off the schedule', async () => {
    const disabled = await createKey({ autoRotateDays: 30, status: 'disabled' });
    const expiring = await createKey({ autoRotateDays: 60, expiresAt: new Date(Date.now() + 40 * DAY).toISOString() });
    const stopped = await createKey({ autoRotateDays: 30 });
    await call('PATCH', `/v1/api-keys/${stopped.id}`, { token: admin, body: { autoRotateDays: null } });
    const run = await rotateAt(new Date(Date.now() + 31 * DAY));
    for (const id of [disabled.id, expiring.id, stopped.id]) {
      expect([...run.rotated, ...run.rotationNotices]).not.toContain(id);
    }
  });

  it('a rotation by hand answers the value, so nothing is left pending, and restarts the period', async () => {
    const key = await createKey({ autoRotateDays: 30 });
    const manual = await call('POST', `/v1/api-keys/${key.id}/rotate`, { token: admin, body: { gracePeriodHours: 1 } });
    expect(manual.status).toBe(200);
    expect(manual.body.pendingValue).toBeNull();
    expect(Date.parse(manual.body.nextRotationAt)).toBe(Date.parse(manual.body.lastRotatedAt) + 30 * DAY);
  });
});
