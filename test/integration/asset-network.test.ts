/**
 * Assets in the network through the local stack: a zone and a parent on assets (422
 * when unknown, on another site, or making a cycle), pipes with their section, the
 * `zoneId` and `parentAssetId` filters, and what deleting a referenced zone or parent
 * does (409).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';
import { fixtureSite, fixtureZone } from '../support/route-fixtures';

let manager: string;
let technician: string;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${seq++}`;

beforeAll(async () => {
  [manager, technician] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.technician)]);
});

const post = (body: Record<string, unknown>) => call('POST', '/v1/assets', { token: manager, body: { name: unique('Asset'), serialNumber: unique('SN'), ...body } });

async function asset(body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await post(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const patch = (id: string, body: Record<string, unknown>) => call('PATCH', `/v1/assets/${id}`, { token: manager, body });

const PIPE = { lengthM: 212, diameterMm: 150, material: 'ductile_iron' };
const UNKNOWN_ID = '01JD5Y7Z8M6Q2V3W4X5Y6Z7ZZZ';

describe('zones on assets', () => {
  it('stores the zone, lists by it, and refuses a zone that does not exist (422 UNKNOWN_ZONE)', async () => {
    const [site, zone, other] = await Promise.all([fixtureSite(), fixtureZone(), fixtureZone()]);
    const inZone = await asset({ type: 'hydrant', siteId: site.id, zoneId: zone.id });
    const elsewhere = await asset({ type: 'hydrant', siteId: site.id, zoneId: other.id });
    const plain = await asset({ type: 'valve', siteId: site.id });
    expect(inZone).toMatchObject({ zoneId: zone.id, parentAssetId: null, pipe: null });
    expect(plain.zoneId).toBeNull();

    const listed = await call('GET', `/v1/assets?siteId=${site.id}&zoneId=${zone.id}`, { token: technician });
    expect(listed.body.data.map((a: any) => a.id)).toEqual([inZone.id]);
    const tenantWide = await call('GET', `/v1/assets?zoneId=${other.id}`, { token: technician });
    expect(tenantWide.body.data.map((a: any) => a.id)).toEqual([elsewhere.id]);

    const refused = await post({ type: 'hydrant', siteId: site.id, zoneId: UNKNOWN_ID });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'UNKNOWN_ZONE', errors: [{ path: 'body.zoneId' }] });
    expect((await patch(plain.id, { zoneId: UNKNOWN_ID })).body.code).toBe('UNKNOWN_ZONE');
  });

  it('a zone that assets name cannot be deleted (409 ZONE_HAS_ASSETS) until they leave it', async () => {
    const [site, zone] = await Promise.all([fixtureSite(), fixtureZone()]);
    const a = await asset({ type: 'hydrant', siteId: site.id, zoneId: zone.id });
    const b = await asset({ type: 'valve', siteId: site.id, zoneId: zone.id });
    const refused = await call('DELETE', `/v1/zones/${zone.id}`, { token: manager });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ZONE_HAS_ASSETS');

    expect((await patch(a.id, { zoneId: null })).status).toBe(200);
    expect((await call('DELETE', `/v1/assets/${b.id}`, { token: manager })).status).toBe(204);
    expect((await call('DELETE', `/v1/zones/${zone.id}`, { token: manager })).status).toBe(204);
    expect((await call('GET', `/v1/zones/${zone.id}`, { token: manager })).status).toBe(404);
  });

  it('moving an asset between zones moves the count: the zone it left can be deleted', async () => {
    const [site, from, to] = await Promise.all([fixtureSite(), fixtureZone(), fixtureZone()]);
    const a = await asset({ type: 'hydrant', siteId: site.id, zoneId: from.id });
    expect((await patch(a.id, { zoneId: to.id })).body.zoneId).toBe(to.id);
    expect((await call('DELETE', `/v1/zones/${from.id}`, { token: manager })).status).toBe(204);
    expect((await call('DELETE', `/v1/zones/${to.id}`, { token: manager })).body.code).toBe('ZONE_HAS_ASSETS');
  });
});

describe('parents', () => {
  it('a hydrant on a main: stored, listed as the main\'s children; refused on another site, unknown, or in a cycle', async () => {
    const [site, otherSite] = await Promise.all([fixtureSite(), fixtureSite()]);
    const main = await asset({ type: 'pipe', siteId: site.id, pipe: PIPE, installedAt: '1987-06-01T00:00:00Z' });
    const hydrant = await asset({ type: 'hydrant', siteId: site.id, parentAssetId: main.id });
    await asset({ type: 'valve', siteId: site.id });
    expect(hydrant.parentAssetId).toBe(main.id);
    const children = await call('GET', `/v1/assets?siteId=${site.id}&parentAssetId=${main.id}`, { token: technician });
    expect(children.body.data.map((a: any) => a.id)).toEqual([hydrant.id]);

    const elsewhere = await post({ type: 'hydrant', siteId: otherSite.id, parentAssetId: main.id });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([422, 'PARENT_ON_ANOTHER_SITE']);
    const unknown = await post({ type: 'hydrant', siteId: site.id, parentAssetId: UNKNOWN_ID });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_PARENT_ASSET']);

    const cycle = await patch(main.id, { parentAssetId: hydrant.id });
    expect([cycle.status, cycle.body.code]).toEqual([422, 'PARENT_ASSET_CYCLE']);
    const itself = await patch(main.id, { parentAssetId: main.id });
    expect(itself.body.code).toBe('PARENT_ASSET_CYCLE');
  });

  it('a parent with children cannot be deleted nor leave its site (409 ASSET_HAS_CHILDREN)', async () => {
    const [site, otherSite] = await Promise.all([fixtureSite(), fixtureSite()]);
    const station = await asset({ type: 'other', siteId: site.id });
    const pump = await asset({ type: 'pump', siteId: site.id, parentAssetId: station.id });
    const deleted = await call('DELETE', `/v1/assets/${station.id}`, { token: manager });
    expect([deleted.status, deleted.body.code]).toEqual([409, 'ASSET_HAS_CHILDREN']);
    expect((await patch(station.id, { siteId: otherSite.id })).body.code).toBe('ASSET_HAS_CHILDREN');

    expect((await patch(pump.id, { parentAssetId: null })).status).toBe(200);
    expect((await call('DELETE', `/v1/assets/${station.id}`, { token: manager })).status).toBe(204);
  });
});

describe('pipes', () => {
  it('a pipe carries its section and installation date; either missing, or a section on a hydrant, is 422 INVALID_PIPE_SECTION', async () => {
    const site = await fixtureSite();
    const pipe = await asset({ type: 'pipe', siteId: site.id, pipe: PIPE, installedAt: '1987-06-01T00:00:00Z' });
    expect(pipe).toMatchObject({ type: 'pipe', pipe: PIPE, installedAt: '1987-06-01T00:00:00.000Z' });

    const bare = await post({ type: 'pipe', siteId: site.id });
    expect(bare.status).toBe(422);
    expect(bare.body.code).toBe('INVALID_PIPE_SECTION');
    expect(bare.body.errors.map((e: any) => e.path)).toEqual(['body.pipe', 'body.installedAt']);
    const onHydrant = await post({ type: 'hydrant', siteId: site.id, pipe: PIPE });
    expect([onHydrant.status, onHydrant.body.code]).toEqual([422, 'INVALID_PIPE_SECTION']);
    const unknownMaterial = await post({ type: 'pipe', siteId: site.id, pipe: { ...PIPE, material: 'lead' }, installedAt: '1987-06-01T00:00:00Z' });
    expect(unknownMaterial.status).toBe(400);

    // A pipe loses its section only by becoming another type; a hydrant becomes a pipe only with one.
    expect((await patch(pipe.id, { pipe: null })).body.code).toBe('INVALID_PIPE_SECTION');
    expect((await patch(pipe.id, { type: 'valve', pipe: null })).body).toMatchObject({ type: 'valve', pipe: null });
    const hydrant = await asset({ type: 'hydrant', siteId: site.id });
    expect((await patch(hydrant.id, { type: 'pipe' })).body.code).toBe('INVALID_PIPE_SECTION');
  });
});
