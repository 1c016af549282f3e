/**
 * Metrics are published only when a function added some: an invocation without metrics
 * prints nothing (Powertools' `logMetrics` warned "No application metrics to publish"
 * on each one), one with metrics still prints its EMF line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import middy from '@middy/core';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { publishMetrics } from '#platform/publish-metrics';
import { capturePrinted } from '../../support/printed-output';

let printed: string[];

beforeEach(() => {
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  delete process.env.POWERTOOLS_DEV;
  printed = capturePrinted();
});

afterEach(() => vi.restoreAllMocks());

const handlerWith = (metrics: Metrics, work: (m: Metrics) => void) =>
  middy<unknown, string>()
    .use(publishMetrics(metrics))
    .handler(async () => {
      work(metrics);
      return 'ok';
    });

describe('publishMetrics', () => {
  it('prints nothing for an invocation that added no metric, however often it runs', async () => {
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'quiet' });
    const handler = handlerWith(metrics, (m) => m.addDimension('route', 'x'));
    for (let i = 0; i < 3; i++) expect(await handler({}, {} as never)).toBe('ok');
    expect(printed.join('')).toBe('');
  });

  it('prints nothing when the handler fails without metrics, and the error still reaches the caller', async () => {
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'quiet' });
    const handler = middy<unknown, string>()
      .use(publishMetrics(metrics))
      .handler(async () => {
        throw new Error('boom');
      });
    await expect(handler({}, {} as never)).rejects.toThrow('boom');
    expect(printed.join('')).toBe('');
  });

  it('prints one EMF line for an invocation with metrics, then resets them', async () => {
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'busy' });
    const handler = handlerWith(metrics, (m) => m.addMetric('Things', MetricUnit.Count, 2));
    await handler({}, {} as never);
    const lines = printed.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0]!);
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Test', Metrics: [{ Name: 'Things', Unit: 'Count' }] });
    expect(emf.Things).toBe(2);
    expect(metrics.hasStoredMetrics()).toBe(false);
    printed.length = 0;
    const quiet = handlerWith(metrics, () => undefined);
    await quiet({}, {} as never);
    expect(printed.join('')).toBe('');
  });
});

describe('every function', () => {
  it('flushes its metrics through publishMetrics, never through Powertools\' logMetrics (which warns when there are none)', () => {
    const sources = ['functions', 'lib'].flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((f) => readFileSync(f, 'utf8').includes('@aws-lambda-powertools/metrics/middleware'))).toEqual([]);
  });
});
