/** Opaque cursors: they round-trip a LastEvaluatedKey and refuse anything forged or foreign. */
import { describe, expect, it } from 'vitest';
import { InvalidCursor } from '#platform/errors';
import { decodeCursor, encodeCursor } from '#http-stack/pagination';

const partition = { attribute: 'PK', value: 'TENANT#t1#SITES' };
const key = { PK: 'TENANT#t1#SITES', SK: 'SITE#01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', n: 3 };
const raw = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('encodeCursor / decodeCursor', () => {
  it('round-trips a key through an opaque, URL-safe string', () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('TENANT');
    expect(decodeCursor(cursor as string, partition)).toEqual(key);
  });

  it('has no cursor after the last page and no start key without a cursor', () => {
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, partition)).toBeUndefined();
  });

  it('refuses a cursor of another partition (a forged tenant)', () => {
    const forged = encodeCursor({ ...key, PK: 'TENANT#t2#SITES' }) as string;
    expect(() => decodeCursor(forged, partition)).toThrow(InvalidCursor);
  });

  it('refuses a cursor whose partition attribute is missing or not the same type', () => {
    expect(() => decodeCursor(raw({ SK: 'SITE#1' }), partition)).toThrow(InvalidCursor);
    expect(() => decodeCursor(raw({ PK: 1, SK: 'x' }), { attribute: 'PK', value: '1' })).toThrow(InvalidCursor);
  });

  it.each([
    ['garbage', '!!!not base64!!!'],
    ['an empty string', ''],
    ['base64 of non-JSON', Buffer.from('{PK:', 'utf8').toString('base64url')],
    ['a JSON string', raw('TENANT#t1#SITES')],
    ['JSON null', raw(null)],
    ['a JSON number', raw(42)],
    ['an array', raw([partition.value])],
    ['an empty object', raw({})],
    ['too many keys', raw({ PK: partition.value, a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 })],
    ['an object value', raw({ PK: partition.value, SK: { S: 'x' } })],
    ['an array value', raw({ PK: partition.value, SK: ['x'] })],
    ['a boolean value', raw({ PK: partition.value, SK: true })],
    ['a null value', raw({ PK: partition.value, SK: null })],
  ])('refuses %s with INVALID_CURSOR', (_what, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor, partition);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidCursor);
    expect((thrown as InvalidCursor).code).toBe('INVALID_CURSOR');
    expect((thrown as InvalidCursor).status).toBe(400);
  });

  it('accepts up to six attributes (a GSI key carries four)', () => {
    const wide = { PK: partition.value, SK: 's', GSI1PK: 'g', GSI1SK: 'h', a: 1, b: 2 };
    expect(decodeCursor(encodeCursor(wide) as string, partition)).toEqual(wide);
  });
});
