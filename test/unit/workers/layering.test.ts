/**
 * Every worker only wires: its handler comes from one of the platform's worker wrappers
 * (one middleware order, per-record failures), and it reaches adapters only through a use
 * case of `functions/application`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = 'functions/workers';
const workers = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, source: readFileSync(join(dir, f), 'utf8') }));

describe('workers', () => {
  it('are all found', () => {
    expect(workers.length).toBeGreaterThanOrEqual(14);
  });

  it.each(workers.map((w) => [w.file, w.source] as const))('%s makes its handler with a platform worker wrapper and calls a use case', (_file, source) => {
    expect(source).toMatch(/export const handler = (sqsWorker|sqsBatchWorker|scheduledWorker|dynamodbStreamWorker|workerHandler)[<(]/);
    expect(source).toMatch(/from '#application\//);
    expect(source).not.toMatch(/from '#adapters\//);
    expect(source).not.toMatch(/from '@middy\/core'|from '@aws-lambda-powertools\/batch'/);
  });
});
