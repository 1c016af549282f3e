/** Each typed error carries the status and stable code the problem middleware answers with. */
import { describe, expect, it } from 'vitest';
import {
  AppError,
  BodyTooDeep,
  Conflict,
  Forbidden,
  InvalidCredentials,
  InvalidCursor,
  MalformedJson,
  NotFound,
  PayloadTooLarge,
  PreconditionFailed,
  TooManyRequests,
  Unauthorized,
  UnsupportedMediaType,
  ValidationFailed,
  VersionConflict,
} from '#platform/errors';

describe('typed errors', () => {
  it.each([
    [new ValidationFailed('bad'), 400, 'VALIDATION_FAILED'],
    [new InvalidCursor(), 400, 'INVALID_CURSOR'],
    [new MalformedJson(), 400, 'MALFORMED_JSON'],
    [new Unauthorized('who?'), 401, 'UNAUTHORIZED'],
    [new InvalidCredentials('nope'), 401, 'INVALID_CREDENTIALS'],
    [new Forbidden('no'), 403, 'FORBIDDEN'],
    [new NotFound('Asset', 'a1'), 404, 'NOT_FOUND'],
    [new Conflict('taken'), 409, 'CONFLICT'],
    [new PreconditionFailed(), 412, 'PRECONDITION_FAILED'],
    [new VersionConflict('lost a race'), 409, 'CONCURRENT_UPDATE'],
    [new PayloadTooLarge('big'), 413, 'PAYLOAD_TOO_LARGE'],
    [new UnsupportedMediaType(['application/json']), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [new BodyTooDeep(32), 400, 'BODY_TOO_DEEP'],
    [new TooManyRequests('slow down', 1), 429, 'TOO_MANY_REQUESTS'],
  ] as const)('%o is %i %s', (error, status, code) => {
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.title).not.toBe('');
  });

  it('keeps the refinements catchable as their parent kind', () => {
    expect(new InvalidCursor()).toBeInstanceOf(ValidationFailed);
    expect(new MalformedJson()).toBeInstanceOf(ValidationFailed);
    expect(new InvalidCredentials('x')).toBeInstanceOf(Unauthorized);
  });

  it('puts field errors in the problem extensions', () => {
    const errors = [{ path: 'body.name', message: 'required' }];
    const error = new ValidationFailed('Invalid body', errors);
    expect(error.errors).toEqual(errors);
    expect(error.extensions).toEqual({ errors });
    expect(new MalformedJson().extensions).toEqual({ errors: [{ path: 'body', message: 'not valid JSON' }] });
    expect(new InvalidCursor().extensions.errors).toEqual([{ path: 'query.cursor', message: 'unknown or tampered cursor' }]);
  });

  it('names the missing resource in NotFound', () => {
    expect(new NotFound('Asset', '01ABC').message).toBe('Asset 01ABC does not exist');
  });

  it('lets a Conflict carry its own code and extensions', () => {
    const error = new Conflict('Site has assets', 'SITE_NOT_EMPTY', { assetCount: 3 });
    expect(error.code).toBe('SITE_NOT_EMPTY');
    expect(error.extensions).toEqual({ assetCount: 3 });
  });

  it('gives a Retry-After of whole seconds, at least 1', () => {
    expect(new TooManyRequests('x', 2.1).headers).toEqual({ 'Retry-After': '3' });
    expect(new TooManyRequests('x', 0).headers).toEqual({ 'Retry-After': '1' });
    expect(new TooManyRequests('x', -5).headers['Retry-After']).toBe('1');
  });

  it('does not share extensions or headers between instances', () => {
    const a = new TooManyRequests('a', 5);
    const b = new Forbidden('b');
    expect(b.headers).toEqual({});
    expect(a.headers).not.toBe(b.headers);
    expect(new ValidationFailed('x').extensions).not.toBe(new ValidationFailed('y').extensions);
  });

  it('has a default 412 detail that mentions If-Match', () => {
    expect(new PreconditionFailed().message).toContain('If-Match');
    expect(new PreconditionFailed('custom').message).toBe('custom');
  });
});
