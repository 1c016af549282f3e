/** The first slice through the local stack: sites and assets as their users use them. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';

let manager: string;
let technician: string;
let client: string;
let otherClient: string;
const ACME = '01JC8Y5T0000000000ACME0001';
let serialSeq = 0;
const serial = () => `T-${process.pid}-${Date.now()}-${serialSeq++}`;

beforeAll(async () => {
  [manager, technician, client, otherClient] = await Promise.all([
    tokenFor(USERS.manager),
    tokenFor(USERS.technician),
    tokenFor(USERS.client),
    tokenFor(USERS.otherClient),
  ]);
});

async function newSite(clientId?: string) {
  const res = await call('POST', '/v1/sites', {
    token: manager,
    body: { name: 'Station test', address: '1 quai du Rhône, Lyon', location: { lat: 45.76, lon: 4.84 }, ...(clientId ? { clientId } : {}) },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function newAsset(siteId: string, extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/assets', {
    token: manager,
    body: { name: 'Pompe', type: 'pump', siteId, serialNumber: serial(), installedAt: '2025-01-01T00:00:00Z', maintenanceIntervalDays: 30, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('sites', () => {
  it('creates a site with id, version, timestamps, ETag and Location, and reads it back', async () => {
    const site = await newSite(ACME);
    expect(site).toMatchObject({ version: 1, clientId: ACME, assetCount: 0, location: { lat: 45.76, lon: 4.84 } });
    const res = await call('GET', `/v1/sites/${site.id}`, { token: technician });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"v1"');
    expect(res.body).toEqual(site);
  });

  it('answers 304 to If-None-Match with the current ETag', async () => {
    const site = await newSite();
    const res = await call('GET', `/v1/sites/${site.id}`, { token: manager, headers: { 'if-none-match': '"v1"' } });
    expect(res.status).toBe(304);
    expect(res.body).toBe('');
  });

  it('updates with PATCH, bumps the version, and refuses a stale If-Match with 412', async () => {
    const site = await newSite();
    const updated = await call('PATCH', `/v1/sites/${site.id}`, { token: manager, body: { name: 'Renamed' }, headers: { 'if-match': '"v1"' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Renamed', version: 2, address: site.address });
    expect(updated.headers.get('etag')).toBe('"v2"');
    const stale = await call('PATCH', `/v1/sites/${site.id}`, { token: manager, body: { name: 'Again' }, headers: { 'if-match': '"v1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    const staleDelete = await call('DELETE', `/v1/sites/${site.id}`, { token: manager, headers: { 'if-match': '"v1"' } });
    expect(staleDelete.status).toBe(412);
  });

  it('refuses to delete a site that still has assets (409), then deletes it once empty', async () => {
    const site = await newSite();
    const asset = await newAsset(site.id);
    const refused = await call('DELETE', `/v1/sites/${site.id}`, { token: manager });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SITE_HAS_ASSETS');
    expect((await call('DELETE', `/v1/assets/${asset.id}`, { token: manager })).status).toBe(204);
    expect((await call('DELETE', `/v1/sites/${site.id}`, { token: manager })).status).toBe(204);
    expect((await call('GET', `/v1/sites/${site.id}`, { token: manager })).status).toBe(404);
  });

  it('pages through the list with an opaque cursor and refuses a forged one', async () => {
    for (let i = 0; i < 3; i++) await newSite();
    const first = await call('GET', '/v1/sites?limit=2', { token: manager });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call('GET', `/v1/sites?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: manager });
    expect(second.status).toBe(200);
    const ids = new Set([...first.body.data, ...second.body.data].map((s: { id: string }) => s.id));
    expect(ids.size).toBe(first.body.data.length + second.body.data.length);
    const forged = Buffer.from(JSON.stringify({ GSI1PK: 'T#other-tenant#SITES', GSI1SK: 'x', PK: 'x', SK: 'SITE' })).toString('base64url');
    const bad = await call('GET', `/v1/sites?cursor=${forged}`, { token: manager });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
    expect((await call('GET', '/v1/sites?cursor=%%%not-base64', { token: manager })).body.code).toBe('INVALID_CURSOR');
  });

  it('shows a client user only its own client’s sites, and hides the others as 404', async () => {
    const acmeSite = await newSite(ACME);
    const operatorSite = await newSite();
    const mine = await call('GET', '/v1/sites?limit=100', { token: client });
    expect(mine.status).toBe(200);
    expect(mine.body.data.length).toBeGreaterThan(0);
    expect(mine.body.data.every((s: { clientId: string }) => s.clientId === ACME)).toBe(true);
    expect((await call('GET', `/v1/sites/${acmeSite.id}`, { token: client })).status).toBe(200);
    expect((await call('GET', `/v1/sites/${acmeSite.id}`, { token: otherClient })).status).toBe(404);
    expect((await call('GET', `/v1/sites/${operatorSite.id}`, { token: client })).status).toBe(404);
    const peek = await call('GET', `/v1/sites?clientId=${ACME}`, { token: otherClient });
    expect(peek.body.data).toEqual([]);
  });

  it('validates bodies field by field with problem+json', async () => {
    const res = await call('POST', '/v1/sites', { token: manager, body: { name: '', location: { lat: 200, lon: 0 }, extra: 1 } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.address', 'body.location.lat']));
    const malformed = await call('POST', '/v1/sites', { token: manager, rawBody: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
  });
});

describe('assets', () => {
  it('computes nextMaintenanceAt from installation and interval, and follows changes', async () => {
    const site = await newSite(ACME);
    const asset = await newAsset(site.id, { installedAt: '2025-01-01T00:00:00Z', maintenanceIntervalDays: 30 });
    expect(asset).toMatchObject({ clientId: ACME, status: 'operational', lastMaintenanceAt: null, nextMaintenanceAt: '2025-01-31T00:00:00.000Z' });
    const patched = await call('PATCH', `/v1/assets/${asset.id}`, { token: manager, body: { maintenanceIntervalDays: 10, status: 'degraded' } });
    expect(patched.body).toMatchObject({ version: 2, status: 'degraded', nextMaintenanceAt: '2025-01-11T00:00:00.000Z' });
    const retired = await call('PATCH', `/v1/assets/${asset.id}`, { token: manager, body: { status: 'retired' } });
    expect(retired.body.nextMaintenanceAt).toBeNull();
  });

  it('refuses a duplicate serial number with 409, case-insensitively, and frees it on delete', async () => {
    const site = await newSite();
    const sn = serial();
    const first = await newAsset(site.id, { serialNumber: sn });
    const dup = await call('POST', '/v1/assets', { token: manager, body: { name: 'Twin', type: 'valve', siteId: site.id, serialNumber: sn.toLowerCase() } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DUPLICATE_SERIAL_NUMBER');
    expect((await call('DELETE', `/v1/assets/${first.id}`, { token: manager })).status).toBe(204);
    expect((await call('POST', '/v1/assets', { token: manager, body: { name: 'Twin', type: 'valve', siteId: site.id, serialNumber: sn } })).status).toBe(201);
  });

  it('refuses an asset on a site that does not exist', async () => {
    const res = await call('POST', '/v1/assets', { token: manager, body: { name: 'X', type: 'pump', siteId: '01JC8Y5T000000000000000000', serialNumber: serial() } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.siteId');
  });

  it('moves an asset between sites, keeping both asset counts right, and takes the new site’s client', async () => {
    const from = await newSite(ACME);
    const to = await newSite();
    const asset = await newAsset(from.id);
    const moved = await call('PATCH', `/v1/assets/${asset.id}`, { token: manager, body: { siteId: to.id } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ siteId: to.id, clientId: null });
    expect((await call('GET', `/v1/sites/${from.id}`, { token: manager })).body.assetCount).toBe(0);
    expect((await call('GET', `/v1/sites/${to.id}`, { token: manager })).body.assetCount).toBe(1);
    expect((await call('GET', `/v1/assets/${asset.id}`, { token: client })).status).toBe(404);
  });

  it('carries assets along when their site changes client', async () => {
    const site = await newSite();
    const asset = await newAsset(site.id);
    expect((await call('GET', `/v1/assets/${asset.id}`, { token: client })).status).toBe(404);
    const res = await call('PATCH', `/v1/sites/${site.id}`, { token: manager, body: { clientId: ACME } });
    expect(res.status).toBe(200);
    const seen = await call('GET', `/v1/assets/${asset.id}`, { token: client });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ clientId: ACME, version: 2 });
  });

  it('filters by site, status and type, and confines client users to their client', async () => {
    const site = await newSite(ACME);
    await newAsset(site.id, { type: 'valve', status: 'down' });
    await newAsset(site.id, { type: 'pump' });
    await newAsset(site.id, { type: 'valve' });
    const valvesDown = await call('GET', `/v1/assets?siteId=${site.id}&type=valve&status=down`, { token: manager });
    expect(valvesDown.body.data).toHaveLength(1);
    const pagedFilter = await call('GET', `/v1/assets?siteId=${site.id}&type=valve&limit=1`, { token: manager });
    expect(pagedFilter.body.data).toHaveLength(1);
    expect(pagedFilter.body.nextCursor).not.toBeNull();
    const otherView = await call('GET', `/v1/assets?siteId=${site.id}`, { token: otherClient });
    expect(otherView.body.data).toEqual([]);
    const all = await call('GET', '/v1/assets?limit=100', { token: client });
    expect(all.body.data.every((a: { clientId: string }) => a.clientId === ACME)).toBe(true);
  });
});
