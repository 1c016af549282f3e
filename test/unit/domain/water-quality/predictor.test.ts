import { describe, expect, it } from 'vitest';
import { DEFAULT_WATER_QUALITY_MODEL } from '#domain/water-quality/default-model';
import { auc } from '#domain/water-quality/evaluation';
import { examplesOf, type QualityInputs } from '#domain/water-quality/features';
import { logit } from '#domain/water-quality/linear-models';
import { explain, intervalOf, MIN_TRAINING, predictWaterQuality, recommend, splitByTime, trainWaterQualityModel } from '#domain/water-quality/predictor';
import { optimalProbability, trueOutcome } from '#lib/local/simulator/water-quality';
import { reportedHours, scenarioExamples, scenarioPoint, VALIDATION_SEEDS } from '../../../../bench/lib/water-quality-scenarios';
import { defaultModelOutcome } from '../../../../scripts/ai-default-model';

const options = { version: 'test', trainedAt: '2026-12-08T00:00:00.000Z', limitMgL: 0.2, horizonHours: 6, provenance: 'test' };

// A point the default model and the tuning never saw.
const point = scenarioPoint(VALIDATION_SEEDS[0]);
const examples = scenarioExamples(point, 0.2, 6);
const trained = trainWaterQualityModel(examples, options);
if (!trained.ok) throw new Error(trained.reason);
const model = trained.model;

const randomInputs = (i: number): QualityInputs => ({
  chlorine: 0.05 + ((i * 37) % 100) / 100,
  turbidity: ((i * 13) % 40) / 10,
  temperature: 4 + ((i * 7) % 24),
  ph: 6.8 + ((i * 11) % 15) / 10,
  chlorineTrend: (((i * 17) % 21) - 10) / 50,
  turbidityTrend: (((i * 19) % 21) - 10) / 10,
  hourUtc: i % 24,
});

describe('water_quality_predictor: explanations', () => {
  it('gives contributions that sum to the prediction minus the baseline, in probability and in log-odds', () => {
    for (let i = 0; i < 200; i++) {
      const x = randomInputs(i);
      const { probability } = predictWaterQuality(model, x, 0.7);
      const e = explain(model, x);
      const sum = e.contributions.reduce((s, c) => s + c.contribution, 0);
      const sumLogOdds = e.contributions.reduce((s, c) => s + c.logOdds, 0);
      expect(sum).toBeCloseTo(probability - e.baseline, 10);
      expect(sumLogOdds).toBeCloseTo(logit(probability) - logit(e.baseline), 8);
    }
  });

  it('orders contributions by size, gives each its unit, and says the top ones in the sentence', () => {
    const x = { ...randomInputs(3), chlorine: 0.21, temperature: 24 };
    const e = explain(model, x);
    const sizes = e.contributions.map((c) => Math.abs(c.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(e.contributions.find((c) => c.feature === 'chlorine')).toMatchObject({ value: 0.21, unit: 'mg/L' });
    expect(e.sentence).toMatch(/^The probability that free chlorine falls below 0.2 mg\/L within 6 hours is \d+ %, against \d+ % for a typical hour/);
    expect(e.sentence).toContain('free chlorine 0.21 mg/L');
  });

  it('is zero for every input at the reference point, whose probability is the baseline', () => {
    const e = explain(model, model.reference);
    expect(predictWaterQuality(model, model.reference, 0.7).probability).toBeCloseTo(e.baseline, 12);
    for (const c of e.contributions) expect(c.contribution).toBeCloseTo(0, 12);
  });

  it('gives an input that does not change nothing, and an input that raises the log-odds a positive share', () => {
    const x = { ...model.reference, chlorine: model.reference.chlorine * 0.5 };
    const e = explain(model, x);
    for (const c of e.contributions.filter((c) => c.feature !== 'chlorine')) expect(c.logOdds).toBeCloseTo(0, 12);
    const chlorine = e.contributions.find((c) => c.feature === 'chlorine')!;
    expect(Math.sign(chlorine.contribution)).toBe(Math.sign(predictWaterQuality(model, x, 0.7).probability - e.baseline));
  });
});

describe('water_quality_predictor: training and evaluation on held-out simulated data', () => {
  it('splits by time: training before calibration before evaluation, with a gap of the horizon', () => {
    const { train, calibration, test } = splitByTime(examples, 6 * 3_600_000);
    expect(train.at(-1)!.ts + 6 * 3_600_000).toBeLessThan(calibration[0]!.ts);
    expect(calibration.at(-1)!.ts + 6 * 3_600_000).toBeLessThan(test[0]!.ts);
    // The probability head learns from both earlier windows, the interval's regression from the first; neither sees the evaluation window.
    expect(model.training.from).toBe(new Date(train[0]!.ts).toISOString());
    expect(model.training.to <= model.evaluation.window.from).toBe(true);
    expect(model.interval.calibration.to <= model.evaluation.window.from).toBe(true);
    expect(model.training.examples).toBe(train.length + calibration.length);
  });

  // Every validation point (seeds never used to tune anything), trained and scored on its own newest window.
  const validation = VALIDATION_SEEDS.map((seed) => {
    const p = scenarioPoint(seed);
    const ex = scenarioExamples(p, 0.2, 6);
    const out = trainWaterQualityModel(ex, options);
    if (!out.ok) throw new Error(out.reason);
    return { point: p, examples: ex, model: out.model };
  });

  it('covers about 90 % of the held-out hours with its conformal interval, pooled over the validation points', () => {
    const inside = validation.reduce((s, v) => s + v.model.evaluation.intervalCoverage * v.model.evaluation.window.examples, 0);
    const total = validation.reduce((s, v) => s + v.model.evaluation.window.examples, 0);
    expect(inside / total).toBeGreaterThanOrEqual(0.86);
    expect(inside / total).toBeLessThanOrEqual(0.93);
    // And on a later stretch of a point, simulated further: 60 more days, none of which the model saw.
    const later = scenarioPoint(VALIDATION_SEEDS[1], 300);
    const { model: m } = validation[1]!;
    const fresh = examplesOf(reportedHours(later), 0.2, 6).filter((e) => e.ts > Date.parse(m.evaluation.window.to));
    const covered = fresh.filter((e) => {
      const iv = intervalOf(m, e.inputs);
      return e.minimum >= iv.lower && e.minimum <= iv.upper;
    });
    expect(fresh.length).toBeGreaterThan(1000);
    expect(covered.length / fresh.length).toBeGreaterThan(0.85);
  });

  it('ranks the true outcomes of the held-out windows better than persistence, within 0.12 of the Bayes-optimal predictor on average', () => {
    const scores = validation.map(({ point: p, examples: ex, model: m }) => {
      const indexOf = new Map(p.reported.map((r, i) => [r.ts, i]));
      // Every third hour, 200 simulated futures each: the optimal predictor's cost stays a few seconds.
      const test = ex.filter((e, i) => i % 3 === 0 && e.ts >= Date.parse(m.evaluation.window.from) && trueOutcome(p, indexOf.get(e.ts)!, 0.2, 6) !== undefined);
      const y = test.map((e) => trueOutcome(p, indexOf.get(e.ts)!, 0.2, 6)!);
      return {
        ours: auc(test.map((e) => predictWaterQuality(m, e.inputs, 0.7).probability), y),
        optimal: auc(test.map((e) => optimalProbability(p, indexOf.get(e.ts)!, 0.2, 6, 200)), y),
        persistence: auc(test.map((e) => -e.inputs.chlorine), y),
      };
    });
    const mean = (k: 'ours' | 'optimal' | 'persistence') => scores.reduce((s, x) => s + x[k], 0) / scores.length;
    expect(mean('ours')).toBeGreaterThan(mean('persistence'));
    expect(mean('optimal') - mean('ours')).toBeLessThan(0.12);
    expect(mean('ours')).toBeGreaterThan(0.72);
  }, 60_000);

  it('refuses a history too short or one-sided, saying why', () => {
    const short = trainWaterQualityModel(examples.slice(0, 300), options);
    expect(short).toMatchObject({ ok: false, reason: expect.stringContaining(`at least ${MIN_TRAINING.examples} needed`) });
    const neverBelow = trainWaterQualityModel(examples.map((e) => ({ ...e, below: false })), options);
    expect(neverBelow).toMatchObject({ ok: false, reason: expect.stringContaining('0 hours followed by a fall below 0.2 mg/L') });
  });

  it('has a default model reproducible from its stated provenance', () => {
    const outcome = defaultModelOutcome();
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.model.classifier).toEqual(DEFAULT_WATER_QUALITY_MODEL.classifier);
    expect(outcome.model.interval).toEqual(DEFAULT_WATER_QUALITY_MODEL.interval);
    expect(DEFAULT_WATER_QUALITY_MODEL).toMatchObject({ kind: 'default', provenance: expect.stringContaining('simulated') });
  });
});

describe('water_quality_predictor: confidence and recommendation rules', () => {
  const target = { limitMgL: 0.2, horizonHours: 6 };
  const x = { ...randomInputs(1), turbidity: 0.3, turbidityTrend: 0 };

  it('defines confidence as max(p, 1 - p) and flags it below the threshold', () => {
    const p = predictWaterQuality(model, x, 0.99);
    expect(p.confidence).toBeCloseTo(Math.max(p.probability, 1 - p.probability), 12);
    expect(p.lowConfidence).toBe(p.confidence < 0.99);
  });

  it('applies the rules in order: flush when turbid, lab sample when unsure, raise the dose, monitor, nothing', () => {
    expect(recommend(0.8, 0.8, 0.7, { ...x, turbidity: 1.5 }, target).action).toBe('flush_main');
    expect(recommend(0.8, 0.8, 0.7, { ...x, turbidityTrend: 0.6 }, target).action).toBe('flush_main');
    expect(recommend(0.6, 0.6, 0.7, x, target)).toMatchObject({ action: 'take_lab_sample', rule: 'R2' });
    expect(recommend(0.8, 0.8, 0.7, x, target)).toMatchObject({ action: 'raise_chlorine_dose', rule: 'R3' });
    expect(recommend(0.25, 0.75, 0.7, x, target)).toMatchObject({ action: 'monitor', rule: 'R4' });
    expect(recommend(0.05, 0.95, 0.7, x, target)).toMatchObject({ action: 'none', rule: 'R5' });
  });
});
