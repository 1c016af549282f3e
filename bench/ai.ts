/**
 * `npm run bench:ai`: the water-quality model on simulated sampling points
 * (lib/local/simulator/water-quality.ts), in one run:
 * - training time (the domain's training: both heads, calibration and evaluation) per point;
 * - accuracy on the held-out window (the newest 20 % of each point's 240 days, never seen in
 *   training or calibration), against the TRUE outcome (did the water's chlorine fall below
 *   0.2 mg/L within 6 h), for the model, the Bayes-optimal predictor (the generator's own
 *   probability from the true state, 400 simulated futures per hour) and persistence (the
 *   current chlorine reading alone as the score; its Brier score is that of the 0/1 rule
 *   "below now, below later");
 * - the 90 % conformal interval's coverage of the lowest chlorine the sensor reports over
 *   the horizon (the quantity the interval is about), and of the true lowest chlorine;
 * - prediction latency, warm, in-process: the domain prediction with its explanation,
 *   interval and recommendation, and the answer's shaping, after 2 000 unmeasured calls.
 *
 * Seeds are split once into tuning and validation (bench/lib/water-quality-scenarios.ts);
 * both halves are reported. `-- --faults off` runs the sensors without faults.
 *
 * Then `asset_failure_predictor` on simulated fleets (lib/local/simulator/fleet.ts, 150
 * assets over 4 years each, seeds other than the default model's): trained per fleet on its
 * older monthly snapshots, scored on the newest quarter (never seen) against the TRUE hazard
 * (the optimal predictor: one minus the chance of surviving the generator's daily hazard
 * over the 30 days) and the naive baseline (age alone); training time and the ranking of a
 * fleet (inputs to answer rows) per asset.
 *
 *   npm run bench:ai [-- --half tuning|validation] [--faults off] [--model water_quality_predictor|asset_failure_predictor]
 */
import { parseArgs } from 'node:util';
import { predictionAnswer } from '#application/ai/answers';
import { auc, brier } from '#domain/water-quality/evaluation';
import { columnsOf } from '#domain/water-quality/features';
import { linear, sigmoid } from '#domain/water-quality/linear-models';
import { DEFAULT_HORIZON_HOURS as H, DEFAULT_LIMIT_MG_L as LIMIT, intervalOf, predictWaterQuality, trainWaterQualityModel } from '#domain/water-quality/predictor';
import { optimalProbability, trueOutcome } from '#lib/local/simulator/water-quality';
import { scenarioExamples, scenarioPoint, TUNING_SEEDS, VALIDATION_SEEDS } from './lib/water-quality-scenarios';
import { median, quantile } from './lib/stats';
import { assetRisk, DEFAULT_HORIZON_DAYS, failureProbability, splitByTime, trainAssetFailureModel } from '#domain/asset-risk/model';
import { fleetExamples, optimalFailureProbability, simulateFleet } from '#lib/local/simulator/fleet';
import { FLEET_VALIDATION_SEEDS } from '../scripts/asset-risk-default-model';

const { values } = parseArgs({ options: { half: { type: 'string' }, faults: { type: 'string', default: 'on' }, model: { type: 'string' } } });
const only = values.model;
const halves = only === 'asset_failure_predictor' ? [] : values.half ? [values.half] : ['tuning', 'validation'];
const faults = values.faults !== 'off';
const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(d));

interface Row { seed: number; trainMs: number; n: number; rate: number; model: number; optimal: number; persistence: number; brierModel: number; brierOptimal: number; brierPersistence: number; coverage: number; coverageTrue: number }

function runSeed(seed: number): { row: Row; sample: Parameters<typeof predictWaterQuality>[1][]; model: ReturnType<typeof trainOrThrow> } {
  const point = scenarioPoint(seed, 240, faults);
  const examples = scenarioExamples(point, LIMIT, H);
  const t0 = performance.now();
  const model = trainOrThrow(examples);
  const trainMs = performance.now() - t0;
  const testFrom = Date.parse(model.evaluation.window.from);
  const indexOf = new Map(point.reported.map((r, i) => [r.ts, i]));
  const test = examples.filter((e) => e.ts >= testFrom && trueOutcome(point, indexOf.get(e.ts)!, LIMIT, H) !== undefined);
  const y = test.map((e) => trueOutcome(point, indexOf.get(e.ts)!, LIMIT, H)!);
  const p = test.map((e) => sigmoid(linear(model.classifier, columnsOf(e.inputs))));
  const opt = test.map((e) => optimalProbability(point, indexOf.get(e.ts)!, LIMIT, H, 400));
  const persistence = test.map((e) => -e.inputs.chlorine);
  const persistenceHard = test.map((e) => (e.inputs.chlorine < LIMIT ? 1 : 0));
  const trueMin = test.map((e) => Math.min(...point.truth.slice(indexOf.get(e.ts)! + 1, indexOf.get(e.ts)! + H + 1).map((s) => s.chlorine)));
  const coverageTrue = test.filter((e, i) => {
    const iv = intervalOf(model, e.inputs);
    return trueMin[i]! >= iv.lower && trueMin[i]! <= iv.upper;
  }).length / test.length;
  return {
    row: {
      seed, trainMs, n: test.length, rate: y.filter(Boolean).length / y.length,
      model: auc(p, y), optimal: auc(opt, y), persistence: auc(persistence, y),
      brierModel: brier(p, y), brierOptimal: brier(opt, y), brierPersistence: brier(persistenceHard, y),
      coverage: model.evaluation.intervalCoverage, coverageTrue,
    },
    sample: test.map((e) => e.inputs),
    model,
  };
}

function trainOrThrow(examples: Parameters<typeof trainWaterQualityModel>[0]) {
  const out = trainWaterQualityModel(examples, { version: 'bench', trainedAt: new Date(0).toISOString(), limitMgL: LIMIT, horizonHours: H, provenance: 'bench:ai' });
  if (!out.ok) throw new Error(out.reason);
  return out.model;
}

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
if (halves.length) console.log(`bench:ai — water_quality_predictor, limit ${LIMIT} mg/L, horizon ${H} h, sensor faults ${faults ? 'on' : 'off'}`);
let latencySample: { inputs: Parameters<typeof predictWaterQuality>[1][]; model: ReturnType<typeof trainOrThrow> } | undefined;
for (const half of halves) {
  const seeds = half === 'tuning' ? TUNING_SEEDS : VALIDATION_SEEDS;
  console.log(`\n[${half}] seeds ${seeds.join(', ')}`);
  console.log('seed  train ms  test h  rate   AUC model  optimal  persist  gap    Brier model  optimal  persist  cover(sensor)  cover(true)');
  const rows: Row[] = [];
  for (const seed of seeds) {
    const { row, sample, model } = runSeed(seed);
    rows.push(row);
    latencySample ??= { inputs: sample, model };
    console.log(
      `${String(seed).padEnd(5)} ${f(row.trainMs, 0).padStart(8)}  ${String(row.n).padStart(6)}  ${f(row.rate, 3)}  ${f(row.model).padStart(9)}  ${f(row.optimal).padStart(7)}  ${f(row.persistence).padStart(7)}  ${f(row.optimal - row.model).padStart(5)}  ${f(row.brierModel, 4).padStart(11)}  ${f(row.brierOptimal, 4).padStart(7)}  ${f(row.brierPersistence, 4).padStart(7)}  ${f(row.coverage).padStart(13)}  ${f(row.coverageTrue).padStart(11)}`,
    );
  }
  console.log(
    `mean  ${f(mean(rows.map((r) => r.trainMs)), 0).padStart(8)}  ${''.padStart(6)}  ${''.padStart(5)}  ${f(mean(rows.map((r) => r.model))).padStart(9)}  ${f(mean(rows.map((r) => r.optimal))).padStart(7)}  ${f(mean(rows.map((r) => r.persistence))).padStart(7)}  ${f(mean(rows.map((r) => r.optimal - r.model))).padStart(5)}  ${f(mean(rows.map((r) => r.brierModel)), 4).padStart(11)}  ${f(mean(rows.map((r) => r.brierOptimal)), 4).padStart(7)}  ${f(mean(rows.map((r) => r.brierPersistence)), 4).padStart(7)}  ${f(mean(rows.map((r) => r.coverage))).padStart(13)}  ${f(mean(rows.map((r) => r.coverageTrue))).padStart(11)}`,
  );
}

if (latencySample) {
  const { inputs, model } = latencySample;
  const once = (i: number) => {
    const t0 = performance.now();
    predictionAnswer({ ...predictWaterQuality(model, inputs[i % inputs.length]!, 0.7), model, inputs: inputs[i % inputs.length]! }, true, 0);
    return performance.now() - t0;
  };
  for (let i = 0; i < 2000; i++) once(i);
  const times = Array.from({ length: 10_000 }, (_, i) => once(i));
  console.log(`\npredict (warm, in-process, with explanation): p50 ${f(median(times), 4)} ms  p99 ${f(quantile(times, 0.99), 4)} ms  max ${f(Math.max(...times), 3)} ms  (10 000 calls)`);
}

if (only !== 'water_quality_predictor') benchAssetFailure();

function benchAssetFailure() {
  console.log(`\nasset_failure_predictor — corrective work order within ${DEFAULT_HORIZON_DAYS} days, simulated fleets of 150 assets × 4 years (held-out: newest quarter of monthly snapshots)`);
  console.log('seed  train ms  test n  rate   AUC model  optimal  age only  gap    Brier model  optimal');
  const fleetRows: { model: number; optimal: number; age: number; brier: number; brierOptimal: number; ms: number }[] = [];
  for (const seed of FLEET_VALIDATION_SEEDS) {
    const fleet = simulateFleet(seed);
    const examples = fleetExamples(fleet, DEFAULT_HORIZON_DAYS);
    const t0 = performance.now();
    const out = trainAssetFailureModel(examples, { version: 'bench', trainedAt: new Date(0).toISOString(), horizonDays: DEFAULT_HORIZON_DAYS, provenance: 'bench:ai' });
    const ms = performance.now() - t0;
    if (!out.ok) throw new Error(out.reason);
    const { test } = splitByTime(examples, DEFAULT_HORIZON_DAYS);
    const y = test.map((e) => e.fails);
    const opt = test.map((e) => optimalFailureProbability(fleet, e.assetId, e.t, DEFAULT_HORIZON_DAYS));
    const p = test.map((e) => failureProbability(out.model, e.inputs));
    const row = { model: auc(p, y), optimal: auc(opt, y), age: out.model.evaluation.ageBaseline.auc ?? Number.NaN, brier: brier(p, y), brierOptimal: brier(opt, y), ms };
    fleetRows.push(row);
    console.log(`${String(seed).padEnd(5)} ${f(ms, 0).padStart(8)}  ${String(test.length).padStart(6)}  ${f(y.filter(Boolean).length / y.length)}  ${f(row.model).padStart(9)}  ${f(row.optimal).padStart(7)}  ${f(row.age).padStart(8)}  ${f(row.optimal - row.model).padStart(5)}  ${f(row.brier, 4).padStart(11)}  ${f(row.brierOptimal, 4).padStart(7)}`);
    if (seed === FLEET_VALIDATION_SEEDS[0]) {
      const inputs = test.slice(0, fleet.assets.length).map((e) => e.inputs);
      const rank = () => inputs.map((x) => assetRisk(out.model, x, 30)).sort((a, b) => b.probability - a.probability);
      for (let i = 0; i < 20; i++) rank();
      const times = Array.from({ length: 100 }, () => { const t = performance.now(); rank(); return (performance.now() - t) / inputs.length; });
      console.log(`      ranking with explanations, per asset (warm, in-process): p50 ${f(median(times), 4)} ms  p99 ${f(quantile(times, 0.99), 4)} ms`);
    }
  }
  console.log(`mean  ${f(mean(fleetRows.map((r) => r.ms)), 0).padStart(8)}  ${''.padStart(6)}  ${''.padStart(5)}  ${f(mean(fleetRows.map((r) => r.model))).padStart(9)}  ${f(mean(fleetRows.map((r) => r.optimal))).padStart(7)}  ${f(mean(fleetRows.map((r) => r.age))).padStart(8)}  ${f(mean(fleetRows.map((r) => r.optimal - r.model))).padStart(5)}  ${f(mean(fleetRows.map((r) => r.brier)), 4).padStart(11)}  ${f(mean(fleetRows.map((r) => r.brierOptimal)), 4).padStart(7)}`);
}
