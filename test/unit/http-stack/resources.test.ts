/** The single-resource helpers: If-Match checks, 404 for invisible resources, result shapes. */
import { describe, expect, it } from 'vitest';
import { NotFound, PreconditionFailed } from '#platform/errors';
import { caller, checkIfMatch, pageResult, resourceResult, visibleOr404 } from '#http-stack/resources';

describe('checkIfMatch', () => {
  it('passes without If-Match, with *, and when the tag names the current version', () => {
    expect(() => checkIfMatch(undefined, { version: 2 })).not.toThrow();
    expect(() => checkIfMatch('*', { version: 2 })).not.toThrow();
    expect(() => checkIfMatch('"v2"', { version: 2 })).not.toThrow();
  });

  it('fails with 412 when the tag names another version', () => {
    expect(() => checkIfMatch('"v1"', { version: 2 })).toThrow(PreconditionFailed);
  });

  // RFC 9110 §13.1.1: with a list, the condition is true if ANY listed tag matches.
  it('passes when any strong tag of an If-Match list names the current version', () => {
    expect(() => checkIfMatch('"v1", "v2"', { version: 2 })).not.toThrow();
  });
});

describe('visibleOr404', () => {
  const site = { id: 's1', clientId: 'c1' };

  it('returns a visible resource', () => {
    expect(visibleOr404(site, () => true, 'Site', 's1')).toBe(site);
  });

  it('reports a missing or invisible resource alike, as 404', () => {
    expect(() => visibleOr404(undefined, () => true, 'Site', 's1')).toThrow(NotFound);
    expect(() => visibleOr404(site, () => false, 'Site', 's1')).toThrow('Site s1 does not exist');
  });
});

describe('results', () => {
  it('sets the ETag of a resource from its version', () => {
    expect(resourceResult({ version: 4 })).toEqual({ status: 200, body: { version: 4 }, etag: '"v4"' });
    expect(resourceResult({ version: 1 }, 201, { Location: '/v1/sites/s1' })).toEqual({
      status: 201,
      body: { version: 1 },
      etag: '"v1"',
      headers: { Location: '/v1/sites/s1' },
    });
  });

  it('shapes a page as {data, nextCursor}', () => {
    expect(pageResult({ items: [1, 2], nextCursor: null })).toEqual({ status: 200, body: { data: [1, 2], nextCursor: null } });
  });

  it('refuses to go on without a principal', () => {
    expect(() => caller(undefined)).toThrow();
    const p = { kind: 'user' as const, subject: 'u', tenantId: 't', scopes: [] };
    expect(caller(p)).toBe(p);
  });
});
