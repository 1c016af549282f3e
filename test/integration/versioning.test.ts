/** A /v2 route lives next to /v1, sharing the domain code, without changing /v1 answers. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';
import { fixtureAsset } from '../support/route-fixtures';

let manager: string;
beforeAll(async () => {
  manager = await tokenFor(USERS.manager);
});

describe('API versions', () => {
  it('serves the same asset in the v1 and v2 representations, with the same ETag', async () => {
    const asset = await fixtureAsset();
    const v1 = await call('GET', `/v1/assets/${asset.id}`, { token: manager });
    const v2 = await call('GET', `/v2/assets/${asset.id}`, { token: manager });
    expect(v1.status).toBe(200);
    expect(v2.status).toBe(200);
    // v1 is exactly the asset as created: flat maintenance fields, no v2 field.
    expect(v1.body).toEqual(asset);
    expect(v1.body).not.toHaveProperty('maintenance');
    const { maintenanceIntervalDays, lastMaintenanceAt, nextMaintenanceAt, ...shared } = v1.body;
    expect(v2.body).toEqual({ ...shared, maintenance: { intervalDays: maintenanceIntervalDays, lastAt: lastMaintenanceAt, nextAt: nextMaintenanceAt } });
    expect(v2.headers.get('etag')).toBe(v1.headers.get('etag'));
    // v2 has no deprecated field; v1's flat maintenance fields are announced (next test).
    expect(v2.headers.get('deprecation')).toBeNull();
  });

  it('announces the deprecated v1 maintenance fields with Deprecation, Sunset and Link on every answer that holds them', async () => {
    const asset = await fixtureAsset();
    const since = `@${Date.parse('2026-12-01T00:00:00Z') / 1000}`;
    const expectAnnounced = (res: { status: number; headers: Headers }) => {
      expect(res.headers.get('deprecation')).toBe(since);
      expect(res.headers.get('sunset')).toBe('Wed, 01 Dec 2027 00:00:00 GMT');
      expect(res.headers.get('link')).toBe('<https://docs.hydrant.dev/migrations/v2-assets>; rel="deprecation"; type="text/html"');
    };
    const one = await call('GET', `/v1/assets/${asset.id}`, { token: manager });
    expect(one.status).toBe(200);
    expect(one.body).toHaveProperty('maintenanceIntervalDays');
    expectAnnounced(one);
    expectAnnounced(await call('GET', '/v1/assets?limit=2', { token: manager }));
    expectAnnounced(await call('PATCH', `/v1/assets/${asset.id}`, { token: manager, body: { status: 'degraded' } }));
    const created = await call('POST', '/v1/assets', { token: manager, body: { name: 'Deprecated fields', type: 'valve', siteId: asset.siteId, serialNumber: `DEP-${Date.now()}` } });
    expect(created.status).toBe(201);
    expectAnnounced(created);

    // A client that stopped reading them (sparse fields) is not warned any more; nor is v2, nor an error.
    const sparse = await call('GET', `/v1/assets/${asset.id}?fields=name,status`, { token: manager });
    expect(sparse.status).toBe(200);
    expect(sparse.headers.get('deprecation')).toBeNull();
    expect(sparse.headers.get('sunset')).toBeNull();
    expect((await call('GET', `/v2/assets/${asset.id}`, { token: manager })).headers.get('link')).toBeNull();
    expect((await call('GET', '/v1/assets/01JC8Y5T000000000000000000', { token: manager })).headers.get('deprecation')).toBeNull();
    // Routes without deprecated fields say nothing.
    expect((await call('GET', '/v1/sites?limit=1', { token: manager })).headers.get('deprecation')).toBeNull();
  });

  it('applies the same rules to v2: a client user of another client sees 404', async () => {
    const asset = await fixtureAsset();
    const other = await tokenFor(USERS.otherClient);
    expect((await call('GET', `/v2/assets/${asset.id}`, { token: other })).status).toBe(404);
  });
});
