/**
 * Forecasting benchmark: Hydrant's engine and the seasonal naive baseline on every series
 * of a long-format CSV (`id,i,value,split` with split train|test), plus R's auto.arima and
 * ets when `Rscript` is installed (through scripts/fixtures/forecast-bench-r.R).
 *
 *   npx tsx bench/forecast.ts --series test/fixtures/forecasting/benchmark-monthly.csv [--period 12] [--no-r] [--warm-passes 2]
 *
 * Prints per series and as means: sMAPE, MASE (scaled by the in-sample seasonal naive),
 * 95 % interval coverage and milliseconds per series (wall clock), and the median time.
 * "median cpu ms" is the process CPU time per series: it includes V8's background GC and
 * compiler threads (so it can exceed wall time) but is less disturbed by a busy machine.
 * R's times are measured inside R (proc.time), excluding its start-up.
 *
 * The forecast worker is a long-lived Lambda process: after its first jobs V8 has
 * compiled the engine. The measured pass therefore follows `--warm-passes` (default 2)
 * unmeasured passes over every series, and the first pass's median (cold JIT, what the
 * first job of a fresh worker sees) is printed beside it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { accuracy } from '#domain/forecasting/metrics';
import { seasonalNaive } from '#domain/forecasting/baselines';
import { forecast } from '#domain/forecasting/forecast';
import type { PredictiveStep } from '#domain/forecasting/predictive';

interface Series {
  id: string;
  train: number[];
  test: number[];
}

interface Row {
  method: string;
  id: string;
  mase: number;
  smape: number;
  coverage95: number;
  ms: number;
  /** CPU time of this process over the fit, less sensitive than wall time to a busy machine. */
  cpuMs: number;
}

function readSeries(path: string): Series[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.shift()!.split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`missing column ${name}`);
    return i;
  };
  const [cid, ci, cv, cs] = [col('id'), col('i'), col('value'), col('split')];
  const byId = new Map<string, Array<{ i: number; value: number; split: string }>>();
  for (const line of lines) {
    const f = line.split(',');
    const id = f[cid]!;
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id)!.push({ i: Number(f[ci]), value: f[cv] === '' || f[cv] === 'NA' ? NaN : Number(f[cv]), split: f[cs]! });
  }
  return [...byId].map(([id, rows]) => {
    rows.sort((a, b) => a.i - b.i);
    return { id, train: rows.filter((r) => r.split === 'train').map((r) => r.value), test: rows.filter((r) => r.split === 'test').map((r) => r.value) };
  });
}

/** Steps with only the 95 % bounds known (R's output); the 80 % ones are not scored here. */
function steps95(mean: number[], lower: number[], upper: number[]): PredictiveStep[] {
  return mean.map((m, h) => ({ mean: m, p10: m, p50: m, p90: m, lower80: m, upper80: m, lower95: lower[h]!, upper95: upper[h]! }));
}

function rHasForecast(): boolean {
  try {
    execFileSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(forecast))'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const { values } = parseArgs({
  options: {
    series: { type: 'string', default: 'test/fixtures/forecasting/benchmark-monthly.csv' },
    period: { type: 'string', default: '12' },
    'no-r': { type: 'boolean', default: false },
    'warm-passes': { type: 'string', default: '2' },
  },
});
if (!values.series) {
  console.error('usage: npx tsx bench/forecast.ts --series <csv> [--period 12] [--no-r] [--warm-passes 2]');
  process.exit(2);
}
const period = Number(values.period);
const all = readSeries(values.series);
const rows: Row[] = [];

const median = (v: number[]): number => {
  const sorted = v.slice().sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};
const fitOne = (s: Series) => forecast({ values: s.train, kind: 'level' }, { period, horizon: s.test.length, capToSafeHorizon: false });

const warmPasses = Number(values['warm-passes']);
const coldMs: number[] = [];
for (let pass = 0; pass < warmPasses; pass++) {
  for (const s of all) {
    const t0 = performance.now();
    fitOne(s);
    if (pass === 0) coldMs.push(performance.now() - t0);
  }
}

for (const s of all) {
  const h = s.test.length;
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const res = fitOne(s);
  let ms = performance.now() - t0;
  let cpu = process.cpuUsage(c0);
  let acc = accuracy(s.train, s.test, res.forecast, period);
  rows.push({ method: 'hydrant', id: s.id, mase: acc.mase, smape: acc.smape, coverage95: acc.coverage95, ms, cpuMs: (cpu.user + cpu.system) / 1000 });
  t0 = performance.now();
  c0 = process.cpuUsage();
  const naive = seasonalNaive(s.train, period, h);
  ms = performance.now() - t0;
  cpu = process.cpuUsage(c0);
  acc = accuracy(s.train, s.test, naive, period);
  rows.push({ method: 'snaive', id: s.id, mase: acc.mase, smape: acc.smape, coverage95: acc.coverage95, ms, cpuMs: (cpu.user + cpu.system) / 1000 });
}

if (!values['no-r'] && rHasForecast()) {
  const script = new URL('../scripts/fixtures/forecast-bench-r.R', import.meta.url).pathname;
  const out = execFileSync('Rscript', [script, values.series, String(period)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const results = JSON.parse(out) as Array<{ id: string; method: string; ms: number; cpuMs: number; mean: number[]; lower95: number[]; upper95: number[] }>;
  for (const r of results) {
    const s = all.find((x) => x.id === r.id)!;
    const acc = accuracy(s.train, s.test, steps95(r.mean, r.lower95, r.upper95), period);
    rows.push({ method: r.method, id: r.id, mase: acc.mase, smape: acc.smape, coverage95: acc.coverage95, ms: r.ms, cpuMs: r.cpuMs });
  }
} else if (!values['no-r']) {
  console.error('Rscript with the forecast package not found: R columns skipped');
}

const methods = [...new Set(rows.map((r) => r.method))];
const fmt = (v: number, d = 3): string => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const header = ['series'.padEnd(24), ...methods.map((m) => `${m} MASE/sMAPE/cov95/ms`.padEnd(34))].join(' ');
console.log(header);
for (const s of all) {
  const cells = methods.map((m) => {
    const r = rows.find((x) => x.method === m && x.id === s.id);
    return (r ? `${fmt(r.mase)} ${fmt(r.smape, 2)} ${fmt(r.coverage95, 2)} ${fmt(r.ms, 1)}` : '-').padEnd(34);
  });
  console.log([s.id.padEnd(24), ...cells].join(' '));
}
console.log('');
console.log(['method'.padEnd(12), 'series', 'mean MASE', 'mean sMAPE', 'mean cov95', 'mean ms', 'median ms', 'median cpu ms'].join('  '));
for (const m of methods) {
  const rs = rows.filter((r) => r.method === m);
  const mean = (f: (r: Row) => number): number => rs.reduce((a, r) => a + f(r), 0) / rs.length;
  console.log(
    [
      m.padEnd(12),
      String(rs.length).padStart(6),
      fmt(mean((r) => r.mase)).padStart(9),
      fmt(mean((r) => r.smape), 2).padStart(10),
      fmt(mean((r) => r.coverage95)).padStart(10),
      fmt(mean((r) => r.ms), 1).padStart(7),
      fmt(median(rs.map((r) => r.ms)), 1).padStart(9),
      fmt(median(rs.map((r) => r.cpuMs)), 1).padStart(13),
    ].join('  '),
  );
}
console.log('');
console.log(`hydrant after ${warmPasses} unmeasured pass(es) over every series (a warm worker); first pass median ${coldMs.length ? fmt(median(coldMs), 1) : 'n/a'} ms (cold JIT)`);
