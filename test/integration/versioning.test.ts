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
    expect(v1.headers.get('deprecation')).toBeNull();
  });

  it('applies the same rules to v2: a client user of another client sees 404', async () => {
    const asset = await fixtureAsset();
    const other = await tokenFor(USERS.otherClient);
    expect((await call('GET', `/v2/assets/${asset.id}`, { token: other })).status).toBe(404);
  });
});
