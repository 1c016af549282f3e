import { describe, expect, it } from 'vitest';
import { judgeRoutes, type ColdRow } from '../../../../bench/lib/cold-targets';

const row = (name: string, group: ColdRow['group'], kb: number, initMs: number, cpuMs = initMs): ColdRow => ({ name, group, kb, initMs, cpuMs });
const baseline = { initMs: 100, cpuMs: 80 };

describe('bench:cold targets', () => {
  it('passes routes within 1.3x of the baseline and under 350 KB', () => {
    const v = judgeRoutes([row('getAsset', 'route', 340, 129, 100), row('listAssets', 'route', 300, 110, 90)], baseline);
    expect(v).toMatchObject({ initPass: true, cpuPass: true, bundlePass: true, worstInit: { name: 'getAsset' }, largest: { name: 'getAsset', kb: 340 } });
    expect(v.worstInit!.ratio).toBeCloseTo(1.29);
  });

  it('names the routes over each target', () => {
    const v = judgeRoutes([row('getAsset', 'route', 351, 131), row('listAssets', 'route', 200, 100)], baseline);
    expect(v).toMatchObject({ initPass: false, bundlePass: false, overInit: ['getAsset'], overBundle: ['getAsset'] });
  });

  it('judges only routes: workers, the batch route and probes are reported, not judged', () => {
    const v = judgeRoutes([row('batch', 'batch', 900, 500), row('queue:events', 'worker', 800, 400), row('probe: zod', 'probe', 1, 1), row('getSite', 'route', 100, 100, 70)], baseline);
    expect(v).toMatchObject({ initPass: true, bundlePass: true, overInit: [], worstInit: { name: 'getSite', ratio: 1 } });
  });

  it('fails the init target when a route failed to initialise', () => {
    expect(judgeRoutes([row('getSite', 'route', 100, 100)], baseline, ['getAsset'])).toMatchObject({ initPass: false, cpuPass: false, overInit: ['getAsset'] });
  });
});
