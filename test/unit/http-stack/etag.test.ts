/** ETags from versions and the RFC 9110 conditional-request rules (If-None-Match weak, If-Match strong). */
import { describe, expect, it } from 'vitest';
import { PreconditionFailed, ValidationFailed } from '#platform/errors';
import { etagOf, ifMatchVersions, notModified } from '#http-stack/etag';

describe('etagOf', () => {
  it('quotes the version as a strong tag', () => {
    expect(etagOf(1)).toBe('"v1"');
    expect(etagOf(42)).toBe('"v42"');
  });
});

describe('notModified', () => {
  const etag = etagOf(3);

  it('is false without an If-None-Match header', () => {
    expect(notModified(undefined, etag)).toBe(false);
    expect(notModified('', etag)).toBe(false);
  });

  it('matches the same tag and not another version', () => {
    expect(notModified('"v3"', etag)).toBe(true);
    expect(notModified('"v2"', etag)).toBe(false);
    expect(notModified('"v33"', etag)).toBe(false);
  });

  it('compares weakly: a W/ prefix on either side still matches', () => {
    expect(notModified('W/"v3"', etag)).toBe(true);
    expect(notModified('"v3"', 'W/"v3"')).toBe(true);
    expect(notModified('W/"v2"', etag)).toBe(false);
  });

  it('matches when any tag of a list matches, whatever the spacing', () => {
    expect(notModified('"v1", "v2","v3"', etag)).toBe(true);
    expect(notModified('"v1" ,W/"v3"', etag)).toBe(true);
    expect(notModified('"v1", "v2"', etag)).toBe(false);
  });

  it('matches * against any current representation', () => {
    expect(notModified('*', etag)).toBe(true);
    expect(notModified('"v1", *', etag)).toBe(true);
  });
});

describe('ifMatchVersions', () => {
  it('is undefined without If-Match (unconditional write) and for *', () => {
    expect(ifMatchVersions(undefined)).toBeUndefined();
    expect(ifMatchVersions('*')).toBeUndefined();
    expect(ifMatchVersions('"v2", *')).toBeUndefined();
  });

  it('reads the version of a strong tag', () => {
    expect(ifMatchVersions('"v7"')).toEqual([7]);
    expect(ifMatchVersions('  "v123456789012"  ')).toEqual([123456789012]);
  });

  it('refuses a weak tag with 412, as strong comparison never matches one', () => {
    expect(() => ifMatchVersions('W/"v7"')).toThrow(PreconditionFailed);
  });

  it.each(['v7', '"7"', '"x7"', '"v"', '"v-1"', '"v1.5"', 'garbage', '"v1234567890123"'])(
    'refuses the unparsable tag %s with 412',
    (tag) => {
      expect(() => ifMatchVersions(tag)).toThrow(PreconditionFailed);
    },
  );

  it('refuses an empty header with 400 naming the header', () => {
    for (const empty of ['', '  ', ' , ,']) {
      let thrown: unknown;
      try {
        ifMatchVersions(empty);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationFailed);
      expect(thrown).not.toBeInstanceOf(PreconditionFailed);
      expect((thrown as ValidationFailed).errors).toEqual([{ path: 'headers.if-match', message: 'empty' }]);
    }
  });

  it('skips weak or unparsable tags of a list and keeps every strong one', () => {
    expect(ifMatchVersions('W/"v1", "v2"')).toEqual([2]);
    expect(ifMatchVersions('junk, "v5"')).toEqual([5]);
    expect(ifMatchVersions('"v1", "v2"')).toEqual([1, 2]);
  });

  it('refuses a zero-padded version, which is another tag than "v1"', () => {
    expect(() => ifMatchVersions('"v01"')).toThrow(PreconditionFailed);
  });
});
