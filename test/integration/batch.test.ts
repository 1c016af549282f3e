/** POST /v1/batch: each operation authorised and audited as if alone; atomic batches all or nothing. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';
import { clientCredentialsToken, createMachineClient, partnerAppUserToken } from '../support/identity';
import { ACME, fixtureAsset, fixtureSensor, fixtureSite } from '../support/route-fixtures';

let manager: string;
let technician: string;
let admin: string;

beforeAll(async () => {
  [manager, technician, admin] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.technician), tokenFor(USERS.admin)]);
});

const newSite = (name: string) => ({ method: 'POST', path: '/v1/sites', body: { name, address: '1 rue Mercière, Lyon', location: { lat: 45.76, lon: 4.83 }, clientId: ACME } });

describe('batch, best effort', () => {
  it('runs operations in order and answers each as if called alone', async () => {
    const site = await fixtureSite();
    const res = await call('POST', '/v1/batch', {
      token: manager,
      body: {
        operations: [
          newSite(`Batch ${Date.now()}`),
          { method: 'GET', path: `/v1/sites/${site.id}?fields=name` },
          { method: 'PATCH', path: `/v1/sites/${site.id}`, body: { name: 'Batched rename' }, headers: { 'if-match': '"v9"' } },
          { method: 'GET', path: '/v1/nothing' },
          { method: 'POST', path: '/v1/sites', body: { name: '' } },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 200, 412, 404, 400]);
    expect(res.body.results[1].body).toEqual({ id: site.id, name: site.name });
    expect(res.body.results[4].body.code).toBe('VALIDATION_FAILED');
    expect(res.body).not.toHaveProperty('committed');
  });

  it('authorises each operation for the caller: no bypass', async () => {
    const res = await call('POST', '/v1/batch', { token: technician, body: { operations: [{ method: 'GET', path: '/v1/sites?limit=1' }, newSite('Not allowed')] } });
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([200, 403]);
    const clientView = await call('POST', '/v1/batch', { token: await tokenFor(USERS.otherClient), body: { operations: [{ method: 'GET', path: `/v1/sites/${(await fixtureSite()).id}` }] } });
    expect(clientView.body.results[0].status).toBe(404);
  });

  it("holds a partner app's user token to the app's scopes, as the direct routes do", async () => {
    const token = await partnerAppUserToken(['telemetry.read'], USERS.admin);
    const sensor = await fixtureSensor();
    const ops = [
      { method: 'GET', path: '/v1/work-orders?limit=1' },
      { method: 'GET', path: '/v1/audit-logs?limit=1' },
      { method: 'POST', path: '/v1/webhooks', body: { url: 'https://partner.example/hooks/hydrant', eventTypes: ['work_order.created'] } },
      { method: 'GET', path: `/v1/sensors/${sensor.id}` },
    ];
    const direct = [];
    for (const op of ops) direct.push((await call(op.method, op.path, { token, ...(op.body ? { body: op.body } : {}) })).status);
    expect(direct).toEqual([403, 403, 403, 200]);
    const batched = await call('POST', '/v1/batch', { token, body: { operations: ops } });
    expect(batched.status).toBe(200);
    expect(batched.body.results.map((r: { status: number }) => r.status)).toEqual(direct);
    expect(batched.body.results[0].body.code).toBe('FORBIDDEN');
  });

  it("holds a machine client's token to its scopes", async () => {
    const client = await createMachineClient(['telemetry.read']);
    const token = ((await (await clientCredentialsToken(client)).json()) as { access_token: string }).access_token;
    const res = await call('POST', '/v1/batch', { token, body: { operations: [{ method: 'GET', path: '/v1/work-orders?limit=1' }, { method: 'GET', path: `/v1/sensors/${(await fixtureSensor()).id}` }] } });
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([403, 200]);
  });

  it('answers an operation whose body nests too deep with its own 400, as the direct route does', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const direct = await call('POST', '/v1/sites', { token: manager, rawBody: deep, headers: { 'content-type': 'application/json' } });
    expect({ status: direct.status, code: direct.body.code }).toEqual({ status: 400, code: 'BODY_TOO_DEEP' });
    const operations = `[{"method":"POST","path":"/v1/sites","body":${deep}},{"method":"GET","path":"/v1/sites?limit=1"}]`;
    for (const atomic of [false, true]) {
      const res = await call('POST', '/v1/batch', { token: manager, rawBody: `{"atomic":${atomic},"operations":${operations}}`, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { status: number }) => r.status)).toEqual(atomic ? [400, 424] : [400, 200]);
      expect(res.body.results[0].body.code).toBe('BODY_TOO_DEEP');
    }
  });

  it('answers an operation whose path is not valid percent-encoding with 404, as the gateway does', async () => {
    expect((await call('GET', '/v1/sites/%E0%A4%A', { token: manager })).status).toBe(404);
    const res = await call('POST', '/v1/batch', { token: manager, body: { operations: [{ method: 'GET', path: '/v1/sites/%E0%A4%A' }, { method: 'GET', path: '/v1/sites?limit=1' }] } });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([404, 200]);
  });

  it('refuses routes that manage credentials, and more than 100 operations', async () => {
    const res = await call('POST', '/v1/batch', { token: admin, body: { operations: [{ method: 'POST', path: '/v1/auth/logout', body: { refresh_token: 'x' } }] } });
    expect(res.body.results[0]).toMatchObject({ status: 400, body: { code: 'NOT_BATCHABLE' } });
    const tooMany = await call('POST', '/v1/batch', { token: admin, body: { operations: Array.from({ length: 101 }, () => ({ method: 'GET', path: '/v1/sites' })) } });
    expect(tooMany.status).toBe(400);
  });

  it('audits each operation', async () => {
    const name = `Audited batch ${Date.now()}`;
    const res = await call('POST', '/v1/batch', { token: manager, body: { operations: [newSite(name)] } });
    const id = res.body.results[0].body.id;
    const trail = await call('GET', `/v1/audit-logs?resourceType=site&resourceId=${id}`, { token: admin });
    expect(trail.body.data.map((r: { action: string }) => r.action)).toContain('createSite');
  });
});

describe('batch, atomic', () => {
  it('commits every operation together', async () => {
    const asset = await fixtureAsset();
    const res = await call('POST', '/v1/batch', {
      token: manager,
      body: { atomic: true, operations: [newSite(`Atomic ${Date.now()}`), { method: 'PATCH', path: `/v1/assets/${asset.id}`, body: { status: 'down' } }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.committed).toBe(true);
    expect((await call('GET', `/v1/sites/${res.body.results[0].body.id}`, { token: manager })).status).toBe(200);
    expect((await call('GET', `/v1/assets/${asset.id}`, { token: manager })).body.status).toBe('down');
  });

  it('writes nothing when one operation fails, and says which', async () => {
    const asset = await fixtureAsset();
    const name = `Never ${Date.now()}`;
    const res = await call('POST', '/v1/batch', {
      token: manager,
      body: { atomic: true, operations: [newSite(name), { method: 'PATCH', path: `/v1/assets/${asset.id}`, body: { status: 'down' }, headers: { 'if-match': '"v7"' } }] },
    });
    expect(res.body.committed).toBe(false);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([424, 412]);
    const sites = await call('GET', '/v1/sites?limit=100', { token: manager });
    expect(sites.body.data.some((s: { name: string }) => s.name === name)).toBe(false);
    expect((await call('GET', `/v1/assets/${asset.id}`, { token: manager })).body.status).toBe('operational');
  });

  it('refuses operations that cannot be part of one transaction', async () => {
    const site = await fixtureSite();
    const twoOnOneSite = await call('POST', '/v1/batch', {
      token: manager,
      body: {
        atomic: true,
        operations: [1, 2].map((i) => ({ method: 'POST', path: '/v1/assets', body: { name: `A${i}`, type: 'pump', siteId: site.id, serialNumber: `ATOM-${Date.now()}-${i}` } })),
      },
    });
    expect(twoOnOneSite.status).toBe(422);
    expect(twoOnOneSite.body.code).toBe('BATCH_NOT_ATOMIC');
    const withAudit = await call('POST', '/v1/batch', { token: admin, body: { atomic: true, operations: [{ method: 'GET', path: '/v1/audit-logs' }] } });
    expect(withAudit.status).toBe(422);
    // Nothing of the refused batch was written.
    expect((await call('GET', `/v1/sites/${site.id}`, { token: manager })).body.assetCount).toBe(0);
  });
});
