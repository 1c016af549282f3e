import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_FAILURE_MODEL } from '#domain/asset-risk/default-model';
import { failsWithin, inputsAt, NO_TELEMETRY, type AssetRiskInputs } from '#domain/asset-risk/features';
import { assetRisk, atHorizon, failureProbability, splitByTime, trainAssetFailureModel } from '#domain/asset-risk/model';
import { auc } from '#domain/water-quality/evaluation';
import { fleetExamples, optimalFailureProbability, simulateFleet } from '#lib/local/simulator/fleet';
import { defaultAssetRiskOutcome, FLEET_VALIDATION_SEEDS } from '../../../../scripts/asset-risk-default-model';

const DAY = 86_400_000;
const t = Date.UTC(2026, 5, 1);
const options = { version: 'test', trainedAt: '2026-12-08T00:00:00.000Z', horizonDays: 30, provenance: 'test' };

describe('asset-failure features', () => {
  const history = [
    { type: 'corrective', openedAt: t - 400 * DAY, completedAt: t - 399 * DAY },
    { type: 'corrective', openedAt: t - 100 * DAY, completedAt: t - 99 * DAY },
    { type: 'corrective', openedAt: t - 20 * DAY, completedAt: null },
    { type: 'preventive', openedAt: t - 60 * DAY, completedAt: t - 50 * DAY },
    { type: 'preventive', openedAt: t - 5 * DAY, completedAt: null },
    { type: 'corrective', openedAt: t + 10 * DAY, completedAt: null },
  ];

  it('counts the last year of work orders known at t, and never one after t', () => {
    const x = inputsAt({ type: 'pump', installedAt: t - 2 * 365.25 * DAY }, history, NO_TELEMETRY, t);
    expect(x).toEqual({ type: 'pump', ageYears: 2, pressureBar: null, vibrationMmS: null, runHoursPerDay: null, correctiveLast365: 2, daysSinceCorrective: 20, preventiveLast365: 1 });
    expect(inputsAt({ type: 'valve', installedAt: null }, [], NO_TELEMETRY, t)).toMatchObject({ ageYears: null, correctiveLast365: 0, daysSinceCorrective: 365, preventiveLast365: 0 });
  });

  it('labels a snapshot by a corrective work order opened within the horizon after it', () => {
    expect(failsWithin(history, t, 30)).toBe(true);
    expect(failsWithin(history, t, 9)).toBe(false);
    expect(failsWithin(history, t - 30 * DAY, 10)).toBe(true);
  });
});

describe('asset_failure_predictor', () => {
  // A fleet neither the default model nor any tuning saw.
  const fleet = simulateFleet(FLEET_VALIDATION_SEEDS[0]);
  const examples = fleetExamples(fleet, 30);
  const trained = trainAssetFailureModel(examples, options);
  if (!trained.ok) throw new Error(trained.reason);
  const model = trained.model;
  const { train, test } = splitByTime(examples, 30);

  it('is evaluated on a later window its training labels never reach', () => {
    const lastLabel = Math.max(...train.map((e) => e.t)) + 30 * DAY;
    expect(lastLabel).toBeLessThanOrEqual(Math.min(...test.map((e) => e.t)));
    expect(Date.parse(model.evaluation.window.from)).toBe(Math.min(...test.map((e) => e.t)));
    expect(model.evaluation.window.examples).toBe(test.length);
  });

  it('ranks held-out snapshots better than age alone, and close to the true hazard', () => {
    const y = test.map((e) => e.fails);
    const modelAuc = auc(test.map((e) => failureProbability(model, e.inputs)), y);
    const optimal = auc(test.map((e) => optimalFailureProbability(fleet, e.assetId, e.t, 30)), y);
    expect(modelAuc).toBeCloseTo(model.evaluation.auc!, 10);
    expect(modelAuc).toBeGreaterThan(model.evaluation.ageBaseline.auc! + 0.05);
    expect(optimal - modelAuc).toBeLessThan(0.06);
  });

  it('explains each probability exactly: contributions sum to the prediction minus the baseline, at any horizon', () => {
    for (const e of test.slice(0, 300)) {
      for (const h of [1, 30, 90, 365]) {
        const risk = assetRisk(model, e.inputs, h);
        const sum = risk.explanation.contributions.reduce((s, c) => s + c.contribution, 0);
        expect(sum).toBeCloseTo(risk.probability - risk.explanation.baseline, 10);
        expect(risk.probability).toBeCloseTo(atHorizon(failureProbability(model, e.inputs), 30, h), 12);
        const sizes = risk.explanation.contributions.map((c) => Math.abs(c.contribution));
        expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      }
    }
  });

  it('gives an unknown input no share of the explanation, and names the inputs that move the probability', () => {
    const x: AssetRiskInputs = { type: 'pump', ageYears: 28, pressureBar: null, vibrationMmS: 4.2, runHoursPerDay: null, correctiveLast365: 3, daysSinceCorrective: 12, preventiveLast365: 0 };
    const risk = assetRisk(model, x, 30);
    expect(risk.explanation.contributions.find((c) => c.feature === 'pressureBar')!.contribution).toBe(0);
    expect(risk.probability).toBeGreaterThan(risk.explanation.baseline);
    expect(risk.explanation.sentence).toMatch(/^The probability of a corrective work order within 30 days is [\d.]+ %, against [\d.]+ % for a typical asset: raised by /);
  });

  it('refuses a history too short to train on, with the reason', () => {
    const out = trainAssetFailureModel(examples.slice(0, 100), options);
    expect(out).toMatchObject({ ok: false, reason: expect.stringContaining('at least 200') });
  });

  it('has a default model reproducible from its stated provenance', () => {
    const outcome = defaultAssetRiskOutcome();
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.model.classifier).toEqual(DEFAULT_ASSET_FAILURE_MODEL.classifier);
    expect(outcome.model.reference).toEqual(DEFAULT_ASSET_FAILURE_MODEL.reference);
    expect(DEFAULT_ASSET_FAILURE_MODEL).toMatchObject({ kind: 'default', provenance: expect.stringContaining('simulated') });
  });
});
