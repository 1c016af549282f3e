import { describe, expect, it } from 'vitest';
import { MAX_ASSET_DEPTH, parentRefusal, pipeIssues, type AssetAncestry } from '#domain/assets';

const section = { lengthM: 120, diameterMm: 150, material: 'ductile_iron' as const };

describe('pipeIssues', () => {
  it('accepts a pipe with its section and installation date', () => {
    expect(pipeIssues({ type: 'pipe', pipe: section, installedAt: '1998-05-01T00:00:00.000Z' })).toEqual([]);
  });

  it('asks a pipe for its section and its installation date', () => {
    expect(pipeIssues({ type: 'pipe', pipe: null, installedAt: null }).map((i) => i.path)).toEqual(['pipe', 'installedAt']);
  });

  it('refuses a section on any other type, and asks nothing of them', () => {
    expect(pipeIssues({ type: 'hydrant', pipe: section, installedAt: null }).map((i) => i.path)).toEqual(['pipe']);
    expect(pipeIssues({ type: 'hydrant', pipe: null, installedAt: null })).toEqual([]);
  });
});

describe('parentRefusal', () => {
  const ancestry = (entries: Array<[string, string, string | null]>): AssetAncestry => new Map(entries.map(([id, siteId, parentAssetId]) => [id, { siteId, parentAssetId }]));

  it('allows a parent on the same site whose chain ends', () => {
    expect(parentRefusal('HYDRANT', 'S1', 'MAIN', ancestry([['MAIN', 'S1', 'STATION'], ['STATION', 'S1', null]]))).toBeUndefined();
  });

  it('refuses a parent that does not exist, or lies on another site', () => {
    expect(parentRefusal('HYDRANT', 'S1', 'MAIN', ancestry([]))).toBe('unknown_parent');
    expect(parentRefusal('HYDRANT', 'S1', 'MAIN', ancestry([['MAIN', 'S2', null]]))).toBe('parent_on_another_site');
  });

  it('refuses itself, and any descendant, as parent', () => {
    expect(parentRefusal('A', 'S1', 'A', ancestry([]))).toBe('parent_cycle');
    expect(parentRefusal('A', 'S1', 'C', ancestry([['C', 'S1', 'B'], ['B', 'S1', 'A'], ['A', 'S1', null]]))).toBe('parent_cycle');
  });

  it('refuses a chain deeper than the limit, as a cycle among others would be', () => {
    const chain: Array<[string, string, string | null]> = Array.from({ length: MAX_ASSET_DEPTH + 3 }, (_, i) => [`N${i}`, 'S1', `N${i + 1}`]);
    expect(parentRefusal('X', 'S1', 'N0', ancestry(chain))).toBe('parent_cycle');
    expect(parentRefusal('X', 'S1', 'N0', ancestry([['N0', 'S1', 'N1'], ['N1', 'S1', 'N0']]))).toBe('parent_cycle');
  });
});
