/** Media types parsed exactly (RFC 9110 §8.3.1) and matched against a route's declared ones. */
import { describe, expect, it } from 'vitest';
import { isJson, matchMediaType, parseMediaType } from '#http-stack/media-type';
import { nestsDeeperThan } from '#http-stack/request-body';

const JSON_ONLY = ['application/json'];

describe('parseMediaType', () => {
  it('lower-cases type, subtype and parameter names, keeps the suffix, unquotes values', () => {
    expect(parseMediaType('Application/Merge-Patch+JSON ; Charset="UTF-8";profile="https://x.example/a;b"')).toEqual({
      type: 'application',
      subtype: 'merge-patch+json',
      suffix: 'json',
      parameters: { charset: 'utf-8', profile: 'https://x.example/a;b' },
    });
  });

  it('accepts empty parameters and whitespace around semicolons', () => {
    expect(parseMediaType('application/json ;; charset=utf-8 ;')?.parameters).toEqual({ charset: 'utf-8' });
  });

  it.each(['', 'json', 'application/', '/json', 'application/json/x', 'application json', 'application/json; charset', 'application/json; =utf-8', 'application/json; charset="utf-8', 'application/json x', 'application/json; a=1; A=2', 'application/js{on'])(
    'refuses %j',
    (value) => {
      expect(parseMediaType(value)).toBeUndefined();
    },
  );
});

describe('matchMediaType', () => {
  it.each(['application/json', 'APPLICATION/JSON', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="utf-8"', 'application/json; foo=bar'])('accepts %j for application/json', (header) => {
    expect(matchMediaType(header, JSON_ONLY)).toBeDefined();
  });

  it.each(['application/json-patch', 'application/json-patch+json', 'application/jsonfoo', 'application/json-seq', 'application/merge-patch+json', 'text/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json;;;x', undefined])(
    'refuses %j for application/json',
    (header) => {
      expect(matchMediaType(header, JSON_ONLY)).toBeUndefined();
    },
  );

  it('accepts a +json type only where it is declared, and knows it for JSON', () => {
    const matched = matchMediaType('application/merge-patch+json', ['application/json', 'application/merge-patch+json']);
    expect(matched && isJson(matched)).toBe(true);
    expect(isJson(parseMediaType('application/x-www-form-urlencoded')!)).toBe(false);
    expect(isJson(parseMediaType('application/json-seq')!)).toBe(false);
  });
});

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestsDeeperThan('x', 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
  });

  it('measures any depth without recursion', () => {
    expect(nestsDeeperThan(JSON.parse('['.repeat(300_000) + ']'.repeat(300_000)), 32)).toBe(true);
  });
});
