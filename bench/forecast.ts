/**
 * Forecasting benchmark: Hydrant's engine, the seasonal naive, Hydrant's Theta (alone) and
 * R's auto.arima, ets and thetaf on the public series of test/fixtures/forecasting/benchmark-series.json, each
 * scored at three rolling forecast origins, reported for the tuning and the validation
 * half (benchmark-split.json, drawn once by a fixed seed) and for each frequency group.
 *
 *   npm run bench:forecast [-- --half validation|tuning] [--group monthly] [--per-series] [--warm-passes 2]
 *
 * R never runs here: its forecasts and times are committed fixtures (r-benchmark.json,
 * from `npm run fixtures:forecast`, timed inside R on this machine, excluding start-up).
 * Engine changes are tuned with `--half tuning` only; the validation half is for the note.
 *
 * MASE is scaled by the in-sample seasonal naive error at each origin; a series' MASE is
 * its mean over origins and a subset's the mean over its series. Coverage pools every test
 * point. Time is the median per fit (one series at one origin), after `--warm-passes`
 * unmeasured passes (the worker is a long-lived process whose engine V8 has compiled).
 */
import { parseArgs } from 'node:util';
import { seasonalNaive } from '#domain/forecasting/baselines';
import { forecast } from '#domain/forecasting/forecast';
import type { PredictiveStep } from '#domain/forecasting/predictive';
import { fitTheta, forecastTheta } from '#domain/forecasting/theta';
import { loadBenchmark, score, steps95, summarize, type BenchSeries, type Half, type Score, type Summary } from './lib/forecast-scoring';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'test/fixtures/forecasting' },
    half: { type: 'string' },
    group: { type: 'string' },
    'per-series': { type: 'boolean', default: false },
    'warm-passes': { type: 'string', default: '2' },
  },
});
if (values.half && values.half !== 'tuning' && values.half !== 'validation') {
  console.error('usage: npm run bench:forecast -- [--half tuning|validation] [--group monthly|quarterly|weekly|daily] [--per-series] [--warm-passes 2]');
  process.exit(2);
}
const bench = loadBenchmark(values.dir!);
const halves: Half[] = values.half ? [values.half as Half] : ['tuning', 'validation'];
const series = bench.series.filter((s) => halves.includes(bench.halves[s.id]!) && (!values.group || s.group === values.group));
const groups = [...new Set(series.map((s) => s.group))];

/** Methods run here, in this process, at each origin. */
const local: Record<string, (train: number[], s: BenchSeries) => PredictiveStep[]> = {
  hydrant: (train, s) => forecast({ values: train, kind: 'level' }, { period: s.period, horizon: s.horizon, capToSafeHorizon: false }).forecast,
  snaive: (train, s) => seasonalNaive(train, s.period, s.horizon),
  theta: (train, s) => forecastTheta(fitTheta(train, s.period), s.horizon),
};

const scores: Score[] = [];
const warmPasses = Number(values['warm-passes']);
for (let pass = 0; pass <= warmPasses; pass++) {
  const measured = pass === warmPasses;
  for (const s of series) {
    for (const origin of s.origins) {
      const train = s.values.slice(0, origin);
      for (const [method, run] of Object.entries(local)) {
        if (!measured && method !== 'hydrant') continue;
        const t0 = performance.now();
        const steps = run(train, s);
        const ms = performance.now() - t0;
        if (measured) scores.push(score(method, s, origin, steps, ms));
      }
    }
  }
}
for (const f of bench.r) {
  const s = series.find((x) => x.id === f.id);
  if (s) scores.push(score(`R ${f.method}`, s, f.origin, steps95(f.mean, f.lower95, f.upper95), f.ms));
}
if (bench.r.length === 0) console.error('no r-benchmark.json: R columns skipped (npm run fixtures:forecast makes it)');

const methods = [...new Set(scores.map((s) => s.method))];
const fmt = (v: number, d = 3): string => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

if (values['per-series']) {
  console.log(['series'.padEnd(24), 'group'.padEnd(9), 'half'.padEnd(10), ...methods.map((m) => m.padStart(14))].join(' '));
  for (const s of series) {
    const cells = methods.map((m) => {
      const one = summarize(scores.filter((x) => x.method === m), new Set([s.id]));
      return (one ? fmt(one.mase) : '-').padStart(14);
    });
    console.log([s.id.padEnd(24), s.group.padEnd(9), bench.halves[s.id]!.padEnd(10), ...cells].join(' '));
  }
  console.log('');
}

/** Prints one subset's table and returns each method's summary. */
function table(title: string, ids: Set<string>): Map<string, Summary> {
  const out = new Map<string, Summary>();
  for (const m of methods) {
    const sum = summarize(scores.filter((x) => x.method === m), ids);
    if (sum) out.set(m, sum);
  }
  const arima = out.get('R auto.arima');
  console.log(`${title} (${ids.size} series)`);
  console.log(['  method'.padEnd(16), 'fits', 'mean MASE', 'vs auto.arima', 'mean sMAPE', 'cov95', 'median ms'].join('  '));
  for (const [m, sum] of out) {
    console.log(
      [
        `  ${m}`.padEnd(16),
        String(sum.fits).padStart(4),
        fmt(sum.mase).padStart(9),
        (arima ? fmt(sum.mase / arima.mase) : 'n/a').padStart(13),
        fmt(sum.smape, 2).padStart(10),
        fmt(sum.coverage95).padStart(5),
        fmt(sum.medianMs, 1).padStart(9),
      ].join('  '),
    );
  }
  console.log('');
  return out;
}

const idsOf = (half: Half, group?: string): Set<string> =>
  new Set(series.filter((s) => bench.halves[s.id] === half && (!group || s.group === group)).map((s) => s.id));
const targets: Array<[string, Map<string, Summary>]> = [];
for (const half of halves) {
  const all = table(`${half} half`, idsOf(half));
  if (half === 'validation') targets.push(['validation', all]);
  for (const g of groups) {
    const ids = idsOf(half, g);
    if (ids.size === 0) continue;
    const sums = table(`${half} half, ${g}`, ids);
    if (half === 'validation') targets.push([`validation ${g}`, sums]);
  }
}

if (targets.length > 0) {
  console.log('Targets (validation half): MASE <= 0.95 x R auto.arima; 95 % coverage in [0.93, 0.97]; median ms <= R auto.arima / 40');
  for (const [name, sums] of targets) {
    const h = sums.get('hydrant');
    const a = sums.get('R auto.arima');
    if (!h || !a) {
      console.log(`  ${name.padEnd(22)} n/a (no R figures)`);
      continue;
    }
    const mark = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    console.log(
      `  ${name.padEnd(22)} MASE ${fmt(h.mase)} vs ${fmt(0.95 * a.mase)}: ${mark(h.mase <= 0.95 * a.mase)}; ` +
        `coverage ${fmt(h.coverage95)}: ${mark(h.coverage95 >= 0.93 && h.coverage95 <= 0.97)}; ` +
        `median ${fmt(h.medianMs, 1)} ms vs ${fmt(a.medianMs / 40, 1)}: ${mark(h.medianMs <= a.medianMs / 40)}`,
    );
  }
}
console.log(`\nhydrant measured after ${warmPasses} unmeasured pass(es) over every fit (a warm worker); R times from the fixture, measured inside R.`);
