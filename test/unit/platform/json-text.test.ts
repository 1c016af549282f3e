/** jsonText: JSON.stringify's text for parsed JSON, at any depth. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText } from '#platform/json-text';

describe('jsonText', () => {
  it('writes what JSON.stringify writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonText(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('drops undefined members as JSON.stringify does', () => {
    expect(jsonText({ a: undefined, b: [1, { c: null }] })).toBe('{"b":[1,{"c":null}]}');
  });

  it('writes a value nested far deeper than JSON.stringify can', () => {
    const depth = 200_000;
    const text = '['.repeat(depth) + '{"a":1}' + ']'.repeat(depth);
    const value: unknown = JSON.parse(text);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(jsonText(value)).toBe(text);
  });
});
