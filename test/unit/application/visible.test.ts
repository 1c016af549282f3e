/** How a use case meets the resource it names: found and visible, or NotFound without saying which. */
import { describe, expect, it } from 'vitest';
import { foundOrNotFound, visibleOrNotFound } from '#application/visible';
import { NotFound } from '#platform/errors';

const site = { id: 'S1', clientId: 'C1' };

describe('visible', () => {
  it('answers the resource when it exists and the caller may see it', () => {
    expect(visibleOrNotFound(site, (s) => s.clientId === 'C1', 'Site', 'S1')).toBe(site);
    expect(foundOrNotFound(site, 'Site', 'S1')).toBe(site);
  });

  it('reports a missing resource and another client\'s alike, as NotFound', () => {
    for (const attempt of [() => visibleOrNotFound(undefined, () => true, 'Site', 'S1'), () => visibleOrNotFound(site, (s) => s.clientId === 'C2', 'Site', 'S1'), () => foundOrNotFound(undefined, 'Site', 'S1')]) {
      expect(attempt).toThrow(NotFound);
      expect(attempt).toThrow('Site S1 does not exist');
    }
  });
});
