/** Deprecation (RFC 9745), Sunset (RFC 8594) and Link headers for routes and fields declared deprecated in the model. */
import { describe, expect, it } from 'vitest';
import { deprecatedFieldHeaders, deprecationHeaders } from '#http-stack/middleware/response-headers';

const note = { since: '2026-06-01T00:00:00Z', sunset: '2027-06-01T00:00:00Z', link: 'https://docs.hydrant.dev/migrations/v2-assets' };

describe('deprecation headers', () => {
  it('announces a deprecated route with unix-seconds Deprecation, HTTP-date Sunset and a deprecation Link', () => {
    expect(deprecationHeaders(note)).toEqual({
      Deprecation: '@1780272000',
      Sunset: 'Tue, 01 Jun 2027 00:00:00 GMT',
      Link: '<https://docs.hydrant.dev/migrations/v2-assets>; rel="deprecation"; type="text/html"',
    });
  });

  it('omits Sunset when no date is set', () => {
    expect(deprecationHeaders({ since: note.since, link: note.link })).not.toHaveProperty('Sunset');
  });

  it('warns about a deprecated field only when the answer contains it', () => {
    const fields = { legacyCode: note };
    expect(deprecatedFieldHeaders(fields, JSON.stringify({ id: 'a', legacyCode: 'X' }))).toMatchObject({ Deprecation: '@1780272000' });
    expect(deprecatedFieldHeaders(fields, JSON.stringify({ id: 'a' }))).toEqual({});
    expect(deprecatedFieldHeaders(fields, JSON.stringify({ data: [{ id: 'a', legacyCode: 'X' }], nextCursor: null }))).toHaveProperty('Link');
    expect(deprecatedFieldHeaders(fields, 'not json')).toEqual({});
  });

  it('keeps the earliest dates and links every migration note when several fields are deprecated', () => {
    const headers = deprecatedFieldHeaders(
      { a: note, b: { since: '2026-01-01T00:00:00Z', sunset: '2028-01-01T00:00:00Z', link: 'https://docs.hydrant.dev/migrations/b' } },
      JSON.stringify({ a: 1, b: 2 }),
    );
    expect(headers.Deprecation).toBe(`@${Date.parse('2026-01-01T00:00:00Z') / 1000}`);
    expect(headers.Sunset).toBe('Tue, 01 Jun 2027 00:00:00 GMT');
    expect(headers.Link).toContain('migrations/v2-assets');
    expect(headers.Link).toContain('migrations/b');
  });
});
