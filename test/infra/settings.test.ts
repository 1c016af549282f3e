/**
 * The context the CDK app accepts: a stage name that is safe in resource names, the
 * telemetry store, log level and CORS origins, each rejected with a clear message.
 */
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readSettings } from '#lib/cloud/app';

const settings = (context: Record<string, unknown>) => readSettings(new App({ context }));

describe('readSettings', () => {
  it('defaults to stage dev, Timestream, INFO and no CORS origin', () => {
    expect(settings({})).toEqual({ stage: 'dev', telemetryStore: 'timestream', corsOrigins: [], logLevel: 'INFO' });
  });

  it('accepts lowercase letters and digits as a stage and rejects anything else', () => {
    for (const stage of ['prod', 'dev2', 'qa']) expect(settings({ stage }).stage).toBe(stage);
    for (const stage of ['Prod', 'my-stage', '2dev', '', 'a'.repeat(17), 'pr od']) {
      expect(() => settings({ stage }), stage).toThrow(/Context stage .* is invalid/);
    }
  });

  it('parses CORS origins as a comma list of exact origins', () => {
    expect(settings({ corsOrigins: 'https://app.example.com, http://localhost:5173' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    for (const bad of ['https://app.example.com/', '*', 'app.example.com', 'ftp://x.example']) {
      expect(() => settings({ corsOrigins: bad }), bad).toThrow(/is not an origin/);
    }
  });

  it('validates the telemetry store and the log level', () => {
    expect(settings({ telemetryStore: 'dynamodb', logLevel: 'debug' })).toMatchObject({ telemetryStore: 'dynamodb', logLevel: 'DEBUG' });
    expect(() => settings({ telemetryStore: 'influx' })).toThrow(/telemetryStore "influx" is invalid/);
    expect(() => settings({ logLevel: 'TRACE' })).toThrow(/logLevel "TRACE" is invalid/);
  });

  it('takes the API\'s public URL (a custom domain) as an https base URL only', () => {
    expect(settings({ apiPublicUrl: 'https://api.example.com' }).apiPublicUrl).toBe('https://api.example.com');
    expect(settings({ apiPublicUrl: 'https://example.com/hydrant' }).apiPublicUrl).toBe('https://example.com/hydrant');
    for (const bad of ['http://api.example.com', 'https://api.example.com/', 'javascript://x', 'https://u:p@api.example.com', 'https://api.example.com?x=1', 'api.example.com']) {
      expect(() => settings({ apiPublicUrl: bad }), bad).toThrow(/is not a base URL/);
    }
  });
});
