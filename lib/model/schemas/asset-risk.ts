import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { Id } from './common';

/** The most assets one answer ranks (top-N; the rest are not returned). */
export const AT_RISK_MAX_LIMIT = 100;

export const AtRiskQuery = lazySchema(() => z.strictObject({
  siteId: Id.optional().describe('Only the assets of this site'),
  horizonDays: z.coerce.number().int().min(1).max(365).default(30).describe('Days ahead the probability looks (1-365)'),
  limit: z.coerce.number().int().min(1).max(AT_RISK_MAX_LIMIT).default(20).describe(`The top N assets returned, by probability (at most ${AT_RISK_MAX_LIMIT})`),
}));

const Contribution = lazySchema(() => z.object({
  feature: z.enum(['ageYears', 'type', 'pressureBar', 'vibrationMmS', 'runHoursPerDay', 'correctiveLast365', 'daysSinceCorrective', 'preventiveLast365']),
  value: z.union([z.number(), z.string()]).nullable().describe('The input; null when unknown (then it takes the training mean and contributes nothing)'),
  unit: z.string(),
  contribution: z.number().describe('Its share of probability − baseline (0..1 scale)'),
  logOdds: z.number().describe("Its exact Shapley value of the model's log-odds"),
}));

const AtRiskRow = lazySchema(() => z.object({
  asset: z.object({ id: Id, name: z.string(), type: z.string(), siteId: Id, installedAt: z.string().nullable(), status: z.string() }),
  probability: z.number().min(0).max(1).describe('P(a corrective work order is opened within horizonDays)'),
  explanation: z.object({
    baseline: z.number().describe('The probability of a typical asset (the reference point)'),
    contributions: z.array(Contribution).describe('Ordered by size; they sum to probability − baseline'),
    sentence: z.string(),
    method: z.string(),
  }),
  modelVersion: z.string(),
}));

export const AtRiskAnswer = lazySchema(() => z.object({
  data: z.array(AtRiskRow),
  horizonDays: z.int(),
  modelName: z.literal('asset_failure_predictor'),
  modelVersion: z.string(),
  modelKind: z.enum(['trained', 'default']),
  note: z.string().nullable().describe('Set when the default model answers (the tenant has no trained one), with its provenance'),
  evaluation: z.object({ auc: z.number().nullable(), brier: z.number(), ageBaselineAuc: z.number().nullable(), window: z.object({ from: z.string(), to: z.string(), examples: z.int(), positives: z.int() }) }),
  assetsRanked: z.int().describe('Assets ranked (the visible assets of the site or tenant, at most 1000)'),
}));

export const atRiskExample = {
  data: [
    {
      asset: { id: '01KBZ4Q8M6Q2V3W4X5Y6Z7A8BC', name: 'Booster pump 2', type: 'pump', siteId: '01KBZ4Q8M6Q2V3W4X5Y6Z7A8BD', installedAt: '2001-04-01T00:00:00Z', status: 'operational' },
      probability: 0.214,
      explanation: {
        baseline: 0.031,
        contributions: [
          { feature: 'daysSinceCorrective' as const, value: 12, unit: 'days', contribution: 0.101, logOdds: 1.02 },
          { feature: 'ageYears' as const, value: 25.7, unit: 'years', contribution: 0.052, logOdds: 0.53 },
          { feature: 'vibrationMmS' as const, value: 3.9, unit: 'mm/s', contribution: 0.03, logOdds: 0.3 },
        ],
        sentence: 'The probability of a corrective work order within 30 days is 21.4 %, against 3.1 % for a typical asset: raised by days since the last corrective work order 12 days (+10.1 points) and age 25.7 years (+5.2 points) and mean vibration 3.9 mm/s (+3 points).',
        method: 'Exact Shapley values of the log-odds model against the reference point.',
      },
      modelVersion: 'default-1',
    },
  ],
  horizonDays: 30,
  modelName: 'asset_failure_predictor' as const,
  modelVersion: 'default-1',
  modelKind: 'default' as const,
  note: 'Default model: this tenant has no trained asset-failure model yet. Trained on 4 simulated years of 3 fleets of 150 assets.',
  evaluation: { auc: 0.817, brier: 0.05, ageBaselineAuc: 0.656, window: { from: '2025-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z', examples: 5400, positives: 300 } },
  assetsRanked: 1,
};
