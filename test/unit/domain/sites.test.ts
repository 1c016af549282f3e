/** Sites: creation, patches (versions, clientId semantics) and visibility. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '#domain/principal';
import { applySitePatch, canSeeSite, newSite, type Site } from '#domain/sites';

const NOW = '2026-11-21T09:30:00.000Z';
const LATER = '2026-11-22T10:00:00.000Z';
const location = { lat: 48.85, lon: 2.35 };

describe('newSite', () => {
  it('starts at version 1 with no assets', () => {
    expect(newSite('s1', { name: 'Usine Nord', address: '1 rue de l’Eau', location, clientId: 'c1' }, NOW)).toEqual<Site>({
      id: 's1',
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
      name: 'Usine Nord',
      address: '1 rue de l’Eau',
      location,
      clientId: 'c1',
      assetCount: 0,
    });
  });

  it("is the operator's own (clientId null) when no client is given", () => {
    expect(newSite('s1', { name: 'R', address: 'A', location }, NOW).clientId).toBeNull();
  });
});

describe('applySitePatch', () => {
  const site = newSite('s1', { name: 'Usine Nord', address: 'A', location, clientId: 'c1' }, NOW);

  it('bumps the version, keeps createdAt, id and assetCount, and sets updatedAt', () => {
    const withAssets = { ...site, assetCount: 4 };
    expect(applySitePatch(withAssets, { name: 'Usine Nord (ext.)' }, LATER)).toEqual({
      ...withAssets,
      name: 'Usine Nord (ext.)',
      version: 2,
      updatedAt: LATER,
    });
  });

  it('keeps the client when the patch does not mention it, moves or clears it when it does', () => {
    expect(applySitePatch(site, { address: 'B' }, LATER).clientId).toBe('c1');
    expect(applySitePatch(site, { clientId: 'c2' }, LATER).clientId).toBe('c2');
    expect(applySitePatch(site, { clientId: null }, LATER).clientId).toBeNull();
  });

  it('does not let an explicit undefined clientId erase the client', () => {
    expect(applySitePatch(site, { clientId: undefined }, LATER).clientId).toBe('c1');
  });

  it('replaces the location as a whole', () => {
    expect(applySitePatch(site, { location: { lat: 1, lon: 2 } }, LATER).location).toEqual({ lat: 1, lon: 2 });
    expect(site.location).toEqual(location);
  });
});

describe('canSeeSite', () => {
  const site = newSite('s1', { name: 'N', address: 'A', location, clientId: 'c1' }, NOW);
  const p = (role: Principal['role'], clientId?: string): Principal => ({ kind: 'user', subject: 'u', tenantId: 't', role, scopes: [], ...(clientId ? { clientId } : {}) });

  it('lets staff see every site', () => {
    for (const role of ['admin', 'manager', 'technician'] as const) expect(canSeeSite(p(role), site)).toBe(true);
  });

  it('lets a client user see only its client’s sites, never the operator’s own', () => {
    expect(canSeeSite(p('client', 'c1'), site)).toBe(true);
    expect(canSeeSite(p('client', 'c2'), site)).toBe(false);
    expect(canSeeSite(p('client', 'c1'), { ...site, clientId: null })).toBe(false);
  });
});
