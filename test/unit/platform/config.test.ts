/** Configuration parsed once with zod: it fails fast and names the variable. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { platformEnv, readEnv } from '#platform/config';

describe('readEnv', () => {
  it('returns the parsed values', () => {
    expect(readEnv({ TABLE_NAME: z.string().min(1), PORT: z.coerce.number() }, { TABLE_NAME: 'hydrant', PORT: '8080' })).toEqual({
      TABLE_NAME: 'hydrant',
      PORT: 8080,
    });
  });

  it('fails with a message naming the missing variable', () => {
    expect(() => readEnv({ TABLE_NAME: z.string().min(1) }, {})).toThrow(/^Invalid configuration: TABLE_NAME: /);
  });

  it('names every invalid variable, not just the first', () => {
    let message = '';
    try {
      readEnv({ TABLE_NAME: z.string().min(1), QUEUE_URL: z.url() }, { TABLE_NAME: '', QUEUE_URL: 'not a url' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('TABLE_NAME');
    expect(message).toContain('QUEUE_URL');
  });

  it('reads process.env by default', () => {
    const name = `HYDRANT_TEST_${process.pid}`;
    process.env[name] = 'from-process';
    try {
      expect(readEnv({ [name]: z.string() })[name]).toBe('from-process');
    } finally {
      delete process.env[name];
    }
  });
});

describe('platformEnv', () => {
  it('has defaults for every optional variable', () => {
    expect(readEnv(platformEnv, {})).toEqual({ STAGE: 'local', CORS_ALLOWED_ORIGINS: [], HYDRANT_VERSION: '0.1.0' });
  });

  it('splits and trims the CORS origins, dropping empty entries', () => {
    const env = readEnv(platformEnv, { CORS_ALLOWED_ORIGINS: ' https://a.example , ,https://b.example,' });
    expect(env.CORS_ALLOWED_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  it('refuses an empty DEFAULT_TENANT_ID rather than treating it as a tenant', () => {
    expect(() => readEnv(platformEnv, { DEFAULT_TENANT_ID: '' })).toThrow(/DEFAULT_TENANT_ID/);
    expect(readEnv(platformEnv, { DEFAULT_TENANT_ID: 't1' }).DEFAULT_TENANT_ID).toBe('t1');
  });
});
