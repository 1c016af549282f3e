/** The public API platform, through the local stack: quotas and headers, idempotency, audit trail, sparse fields, caching. */
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { ACME, fixtureSite } from '../support/route-fixtures';
import { subOf } from '../support/notifications';

let manager: string;
let admin: string;

beforeAll(async () => {
  [manager, admin] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.admin)]);
});

describe('quota and RateLimit headers', () => {
  it('tells the caller its quota on every answer, as the IETF draft and GitHub do', async () => {
    const res = await call('GET', '/v1/sites?limit=1', { token: manager });
    expect(res.headers.get('ratelimit-policy')).toMatch(/^"quota";q=5000000;w=\d+$/);
    expect(res.headers.get('ratelimit')).toMatch(/^"quota";r=\d+;t=\d+$/);
    expect(Number(res.headers.get('x-ratelimit-limit'))).toBe(5_000_000);
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const next = await call('GET', '/v1/sites?limit=1', { token: manager });
    expect(Number(next.headers.get('x-ratelimit-remaining'))).toBeLessThan(Number(res.headers.get('x-ratelimit-remaining')));
  });

  it('does not count a 304 against the quota', async () => {
    const site = await fixtureSite();
    const first = await call('GET', `/v1/sites/${site.id}`, { token: manager });
    const before = await call('GET', '/v1/usage', { token: manager });
    const notModified = await call('GET', `/v1/sites/${site.id}`, { token: manager, headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
    const after = await call('GET', '/v1/usage', { token: manager });
    // Only the second /v1/usage call itself was counted; the 304 was given back.
    expect(after.body.used - before.body.used).toBe(1);
  });

  it('answers a used-up quota with 429 QUOTA_EXCEEDED, Retry-After to the end of the period and problem+json', async () => {
    // A key of its own on the trial plan (1,000 calls a day), most of its day already used:
    // 999 calls counted in its window, exactly as 999 earlier calls would have left it.
    const created = await call('POST', '/v1/api-keys', { token: admin, body: { name: `Quota ${Date.now()}`, owner: 'Quota test', planId: 'trial' } });
    expect(created.status).toBe(201);
    Object.assign(process.env, inject('stackEnv'));
    const { documentClient } = await import('#adapters/dynamodb/document-client');
    const { controlTableName } = await import('#adapters/dynamodb/control/table');
    const { quotaWindow } = await import('#http-stack/quotas');
    const { start, end } = quotaWindow('DAY', Date.now());
    await documentClient.send(
      new PutCommand({
        TableName: controlTableName,
        Item: { PK: `COUNTER#quota#${created.body.gatewayKeyId}`, SK: new Date(start).toISOString(), used: 999, expiresAt: Math.ceil(end / 1000) + 86_400 },
      }),
    );

    const last = await call('GET', '/v1/sites?limit=1', { token: manager, apiKey: created.body.value });
    expect(last.status).toBe(200);
    expect(last.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0');

    const refused = await call('GET', '/v1/sites?limit=1', { token: manager, apiKey: created.body.value });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, code: 'QUOTA_EXCEEDED', title: expect.any(String), type: expect.stringContaining('quota-exceeded') });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(Math.abs(retryAfter - (end - Date.now()) / 1000)).toBeLessThan(5);
    expect(refused.headers.get('ratelimit')).toMatch(/^"quota";r=0;t=\d+$/);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    // Other keys are not affected.
    expect((await call('GET', '/v1/sites?limit=1', { token: manager })).status).toBe(200);
  });

  it('reports the key usage for the current period at /v1/usage', async () => {
    const res = await call('GET', '/v1/usage', { token: manager });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ apiKeyId: 'demo-key', plan: { id: 'partner', quota: { period: 'MONTH' } } });
    expect(res.body.used + res.body.remaining).toBe(res.body.plan.quota.limit);
  });

  it('locks an account for the address after 5 failed logins, with Retry-After', async () => {
    const username = `lockout-${Date.now()}@hydrant.local`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call('POST', '/v1/auth/login', { body: { username, password: 'Wrong-password-1' } })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await call('POST', '/v1/auth/login', { body: { username, password: 'Wrong-password-1' } });
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.headers.get('ratelimit-policy')).toContain('"login";q=5;w=300');
    // Another account from the same address is not locked.
    expect((await call('POST', '/v1/auth/login', { body: { username: USERS.technician, password: DEMO_PASSWORD } })).status).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  const body = () => ({ name: `Idem ${Date.now()}`, address: '3 rue Garibaldi, Lyon', location: { lat: 45.76, lon: 4.85 } });

  it('replays the first answer for the same key and payload, creating one resource', async () => {
    const key = `idem-${Date.now()}-a`;
    const payload = body();
    const first = await call('POST', '/v1/sites', { token: manager, body: payload, headers: { 'idempotency-key': key } });
    const again = await call('POST', '/v1/sites', { token: manager, body: payload, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses the same key with another payload with 422', async () => {
    const key = `idem-${Date.now()}-b`;
    await call('POST', '/v1/sites', { token: manager, body: body(), headers: { 'idempotency-key': key } });
    const other = await call('POST', '/v1/sites', { token: manager, body: { ...body(), name: 'Different' }, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const key = `idem-${Date.now()}-c`;
    const payload = body();
    const [a, b] = await Promise.all([
      call('POST', '/v1/sites', { token: manager, body: payload, headers: { 'idempotency-key': key } }),
      call('POST', '/v1/sites', { token: manager, body: payload, headers: { 'idempotency-key': key } }),
    ]);
    const statuses = [a.status, b.status].sort();
    // Either the second arrived while the first ran (409) or after it finished (a replay, 201).
    expect([[201, 201], [201, 409]]).toContainEqual(statuses);
    if (statuses[1] === 409) expect([a, b].find((r) => r.status === 409)!.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
  });

  it('works on POST /v1/batch: the batch runs once and its answer is replayed', async () => {
    const key = `idem-${Date.now()}-batch`;
    const name = `Idempotent batch ${Date.now()}`;
    const batch = { operations: [{ method: 'POST', path: '/v1/sites', body: { name, address: '1 rue Mercière, Lyon', location: { lat: 45.76, lon: 4.83 }, clientId: ACME } }] };
    const first = await call('POST', '/v1/batch', { token: manager, body: batch, headers: { 'idempotency-key': key } });
    const again = await call('POST', '/v1/batch', { token: manager, body: batch, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    expect(first.body.results[0].status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    // One site was created, not two.
    const trail = await call('GET', `/v1/audit-logs?action=createSite&limit=100&from=${new Date(Date.now() - 60_000).toISOString()}`, { token: admin });
    const siteIds = new Set(trail.body.data.filter((r: { status: number }) => r.status === 201).map((r: { resourceId: string }) => r.resourceId));
    expect(siteIds.has(first.body.results[0].body.id)).toBe(true);
    let named = 0;
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: any = await call('GET', `/v1/sites?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: manager });
      named += page.body.data.filter((s: { name: string }) => s.name === name).length;
      cursor = page.body.nextCursor;
    }
    expect(named).toBe(1);
    const reused = await call('POST', '/v1/batch', { token: manager, body: { operations: [{ method: 'GET', path: '/v1/sites?limit=1' }] }, headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps keys apart between callers', async () => {
    const key = `idem-${Date.now()}-d`;
    const payload = body();
    const byManager = await call('POST', '/v1/sites', { token: manager, body: payload, headers: { 'idempotency-key': key } });
    const byAdmin = await call('POST', '/v1/sites', { token: admin, body: payload, headers: { 'idempotency-key': key } });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.id).not.toBe(byManager.body.id);
  });
});

describe('audit trail', () => {
  it('records a change with who, what, the body hash and the changed fields, and the reading of the trail itself', async () => {
    const site = await fixtureSite();
    await call('PATCH', `/v1/sites/${site.id}`, { token: manager, body: { name: 'Audited name' } });
    const trail = await call('GET', `/v1/audit-logs?resourceType=site&resourceId=${site.id}`, { token: admin });
    expect(trail.status).toBe(200);
    const update = trail.body.data.find((r: { action: string }) => r.action === 'updateSite');
    expect(update).toMatchObject({
      principal: { kind: 'user', id: expect.stringMatching(/^[0-9a-f-]{36}$/), role: 'manager' },
      apiKeyId: 'demo-key',
      method: 'PATCH',
      route: '/v1/sites/{id}',
      status: 200,
      clientAddress: '127.0.0.1',
      changes: { name: { before: site.name, after: 'Audited name' } },
    });
    expect(update.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(update)).not.toContain(USERS.manager);
    expect(trail.body.data.some((r: { action: string }) => r.action === 'createSite')).toBe(true);
    const reads = await call('GET', '/v1/audit-logs?action=listAuditLogs&limit=5', { token: admin });
    expect(reads.body.data.length).toBeGreaterThan(0);
  });

  it('records that a person\'s data changed, never its values (a technician\'s name and e-mail)', async () => {
    const name = `Technicienne ${Date.now()}`;
    const created = await call('POST', '/v1/technicians', { token: manager, body: { name, email: 'camille.martin@example.com', skills: ['electrical'] } });
    expect(created.status).toBe(201);
    const renamed = await call('PATCH', `/v1/technicians/${created.body.id}`, { token: manager, body: { name: `${name} B.`, skills: ['hydraulics'] } });
    expect(renamed.status).toBe(200);
    const trail = await call('GET', `/v1/audit-logs?resourceType=technician&resourceId=${created.body.id}`, { token: admin });
    const update = trail.body.data.find((r: { action: string }) => r.action === 'updateTechnician');
    expect(update.changes).toMatchObject({ name: { before: '[PERSONAL DATA]', after: '[PERSONAL DATA]' }, skills: { before: ['electrical'], after: ['hydraulics'] } });
    expect(JSON.stringify(trail.body.data)).not.toContain(name);
    expect(JSON.stringify(trail.body.data)).not.toContain('camille.martin');
  });

  it('records refused calls', async () => {
    const technician = await tokenFor(USERS.technician);
    const refused = await call('POST', '/v1/sites', { token: technician, body: body() });
    expect(refused.status).toBe(403);
    const trail = await call('GET', '/v1/audit-logs?action=createSite&limit=50', { token: admin });
    expect(trail.body.data.some((r: { status: number; principal: { role: string } }) => r.status === 403 && r.principal.role === 'technician')).toBe(true);
  });

  it('filters by principal, and by time with from and to (inclusive), on every index', async () => {
    const site = await fixtureSite();
    const managerId = await subOf(USERS.manager);
    const adminId = await subOf(USERS.admin);
    await call('PATCH', `/v1/sites/${site.id}`, { token: manager, body: { name: 'By the manager' } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await call('PATCH', `/v1/sites/${site.id}`, { token: admin, body: { name: 'By the admin' } });
    const resource = `resourceType=site&resourceId=${site.id}`;
    type Row = { action: string; at: string; principal: { id: string }; changes: { name?: { after: string } } | null };
    const rows = async (query: string) => {
      const res = await call('GET', `/v1/audit-logs?${query}&limit=100`, { token: admin });
      expect(res.status).toBe(200);
      return res.body.data as Row[];
    };
    const updates = (list: Row[]) => list.filter((r) => r.action === 'updateSite').map((r) => r.changes?.name?.after);

    // principal: on its own index, and as a filter of the resource index.
    const byManager = await rows(`principal=${managerId}`);
    expect(byManager.length).toBeGreaterThan(0);
    expect(byManager.every((r) => r.principal.id === managerId)).toBe(true);
    expect(updates(byManager)).toContain('By the manager');
    expect(updates(byManager)).not.toContain('By the admin');
    expect(updates(await rows(`${resource}&principal=${adminId}`))).toEqual(['By the admin']);
    expect(updates(await rows(`${resource}&principal=${managerId}`))).toEqual(['By the manager']);

    // from / to: on the resource index, the principal index and the timeline.
    expect(updates(await rows(`${resource}&from=${between}`))).toEqual(['By the admin']);
    expect(updates(await rows(`${resource}&to=${between}`))).toEqual(['By the manager']);
    expect(updates(await rows(`principal=${adminId}&from=${between}`))).toContain('By the admin');
    expect(updates(await rows(`principal=${managerId}&from=${between}`))).not.toContain('By the manager');
    const timeline = await rows(`action=updateSite&from=${between}`);
    expect(timeline.every((r) => r.at >= between)).toBe(true);
    expect(updates(timeline)).toContain('By the admin');
    expect(updates(timeline)).not.toContain('By the manager');
    const all = await rows(resource);
    const first = all.find((r) => r.action === 'updateSite' && r.changes?.name?.after === 'By the manager')!;
    // Both bounds are inclusive: a window of exactly one record's time finds it.
    expect(updates(await rows(`${resource}&from=${first.at}&to=${first.at}`))).toEqual(['By the manager']);
    expect((await call('GET', '/v1/audit-logs?from=yesterday', { token: admin })).status).toBe(400);
  });

  it('keeps records one year: each carries its TTL, and the table expires on it', async () => {
    const site = await fixtureSite();
    const trail = await call('GET', `/v1/audit-logs?resourceType=site&resourceId=${site.id}`, { token: admin });
    const record = trail.body.data.find((r: { action: string }) => r.action === 'createSite') as { id: string; at: string; tenantId?: string };
    expect(record).toBeDefined();
    expect(record).not.toHaveProperty('expiresAt');
    Object.assign(process.env, inject('stackEnv'));
    const env = inject('stackEnv') as Record<string, string>;
    const { documentClient } = await import('#adapters/dynamodb/document-client');
    const { DEMO_TENANT_ID } = await import('#lib/local/bootstrap/demo-data');
    const item = (await documentClient.send(new GetCommand({ TableName: env.AUDIT_TABLE_NAME, Key: { PK: `T#${DEMO_TENANT_ID}#AUDIT#${record.id}`, SK: 'AUDIT' } }))).Item!;
    expect(item.expiresAt).toBe(Math.floor(Date.parse(record.at) / 1000) + 365 * 86_400);
    const ttl = await documentClient.send(new DescribeTimeToLiveCommand({ TableName: env.AUDIT_TABLE_NAME }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('is readable by admins only', async () => {
    expect((await call('GET', '/v1/audit-logs', { token: manager })).status).toBe(403);
  });

  function body() {
    return { name: 'Refused', address: 'x', location: { lat: 0, lon: 0 } };
  }
});

describe('sparse fieldsets, ETags on lists and caching', () => {
  it('trims single resources and list items to the fields asked for (id always kept)', async () => {
    const site = await fixtureSite();
    const one = await call('GET', `/v1/sites/${site.id}?fields=name,location.lat`, { token: manager });
    expect(one.body).toEqual({ id: site.id, name: site.name, location: { lat: site.location.lat } });
    const list = await call('GET', '/v1/sites?limit=2&fields=name', { token: manager });
    for (const item of list.body.data) expect(Object.keys(item).sort()).toEqual(['id', 'name']);
    expect(list.body).toHaveProperty('nextCursor');
  });

  it('refuses an unknown field with 400', async () => {
    const res = await call('GET', '/v1/sites?fields=name,secret', { token: manager });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('query.fields');
  });

  it('never shows a field hidden from the caller\'s role (a service request\'s convertedBy, hidden from client users), and refuses it in ?fields= as unknown', async () => {
    const client = await tokenFor(USERS.client);
    const reported = await call('POST', '/v1/requests', { token: client, body: { kind: 'leak', title: `Hidden field ${Date.now()}`, address: '14 rue Garibaldi, Lyon' } });
    expect(reported.status).toBe(201);
    const converted = await call('POST', `/v1/requests/${reported.body.id}/convert`, { token: manager, body: {} });
    expect(converted.status).toBe(201);
    const id = reported.body.id as string;

    // Staff see who converted it, alone or in a sparse fieldset (nested paths included).
    const staff = await call('GET', `/v1/requests/${id}`, { token: manager });
    const convertedBy = staff.body.convertedBy as { subject: string; username: string | null };
    expect(convertedBy.subject).toMatch(/^[0-9a-f-]{36}$/);
    const staffSparse = await call('GET', `/v1/requests/${id}?fields=convertedBy.subject`, { token: manager });
    expect(staffSparse.body).toEqual({ id, convertedBy: { subject: convertedBy.subject } });

    // The client user who reported it: everything else, never convertedBy, in reads and lists.
    const one = await call('GET', `/v1/requests/${id}`, { token: client });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, status: 'converted', workOrderId: staff.body.workOrderId, requestedBy: staff.body.requestedBy });
    expect(one.body).not.toHaveProperty('convertedBy');
    const list = await call('GET', '/v1/requests?limit=100', { token: client });
    expect(list.status).toBe(200);
    expect(list.body.data.some((r: { id: string }) => r.id === id)).toBe(true);
    for (const item of list.body.data) expect(item).not.toHaveProperty('convertedBy');
    // (Other requests may name the same staff member as their reporter: look at this one only.)
    expect(JSON.stringify([one.body, list.body.data.find((r: { id: string }) => r.id === id)])).not.toContain(convertedBy.subject);
    // The same rule inside a batch (each operation runs through its own route).
    const batched = await call('POST', '/v1/batch', { token: client, body: { operations: [{ method: 'GET', path: `/v1/requests/${id}` }] } });
    expect(batched.body.results[0].status).toBe(200);
    expect(batched.body.results[0].body).not.toHaveProperty('convertedBy');

    // Naming it (or a path under it) is 400 exactly as an unknown field, and the allowed list does not reveal it.
    for (const path of [`/v1/requests/${id}?fields=title,convertedBy`, '/v1/requests?fields=convertedBy.subject']) {
      const refused = await call('GET', path, { token: client });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.detail).toMatch(/^Unknown field\(s\): convertedBy/);
      expect(refused.body.errors[0].path).toBe('query.fields');
      expect(refused.body.errors[0].message).not.toMatch(/allowed:.*convertedBy/);
    }
    const unknown = await call('GET', `/v1/requests/${id}?fields=title,secret`, { token: client });
    expect(unknown.body.detail).toBe('Unknown field(s): secret');
    // Other fields stay selectable by the client.
    const sparse = await call('GET', `/v1/requests/${id}?fields=title,status`, { token: client });
    expect(sparse.body).toEqual({ id, title: reported.body.title, status: 'converted' });
  });

  it('gives lists an ETag and answers 304 when nothing changed', async () => {
    const first = await call('GET', '/v1/assets?limit=3', { token: manager });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await call('GET', '/v1/assets?limit=3', { token: manager, headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('lets reads be cached privately with revalidation and never caches writes or errors', async () => {
    const site = await fixtureSite();
    expect((await call('GET', `/v1/sites/${site.id}`, { token: manager })).headers.get('cache-control')).toBe('private, no-cache');
    expect((await call('PATCH', `/v1/sites/${site.id}`, { token: manager, body: { name: 'x' } })).headers.get('cache-control')).toBe('no-store');
    expect((await call('GET', '/v1/sites/01JC8Y5T000000000000000000', { token: manager })).headers.get('cache-control')).toBe('no-store');
  });
});
