/**
 * Information criteria of the candidates a forecast weighed (seed 003 reports the AIC of
 * its model): AIC, AICc and BIC where the family has a likelihood, and otherwise the
 * reason it has none and how it is scored instead, so no criterion is `null` unexplained.
 *
 * - SARIMA: the exact Gaussian likelihood of the fit (as R's `Arima`);
 * - ETS: the likelihood on the data's scale, the Box-Cox Jacobian included (as R's `ets`);
 * - Theta, the seasonal naive, a combination, Croston/SBA/TSB and the mean of a handful of
 *   points have none the engine can compare: they are scored by their cross-validated
 *   error on the series' own rolling origins (when the series is long enough for one).
 *
 * Criteria are comparable within a family only: R's documentation warns against comparing
 * an ARIMA's AIC with an ETS's, their likelihoods are not conditioned on the same data.
 */
import type { CandidateScore } from './backtest';
import type { Family, FittedModel } from './models';

/** AIC, AICc and BIC of a fit. */
export interface InformationCriteria {
  aic: number;
  aicc: number;
  bic: number;
}

/** One candidate of a forecast, as the answer reports it. */
export interface CandidateReport {
  family: Family;
  name: string;
  /** Null when the family has no likelihood: `criteriaReason` says why and how it is scored. */
  informationCriteria: InformationCriteria | null;
  /** Why `informationCriteria` is null; null when they are given. */
  criteriaReason: string | null;
  /** Its scores on the rolling origins; null when the series was too short to cross-validate. */
  crossValidation: Pick<CandidateScore, 'mase' | 'smape' | 'coverage80' | 'coverage95'> | null;
}

const NO_LIKELIHOOD: Record<Family, string> = {
  sarima: 'the exact likelihood could not be evaluated for this fit',
  ets: 'the likelihood could not be evaluated for this fit',
  theta: 'Theta (as R\'s thetaf) is simple exponential smoothing fitted by least squares plus half the linear trend: no likelihood',
  'seasonal-naive': 'no parameter is estimated, so there is nothing for a criterion to penalise',
  combination: 'a combination of forecasts has no likelihood of its own',
  intermittent: 'Croston, SBA and TSB are not derived from a stochastic model with a likelihood (Shenstone and Hyndman, 2005)',
  mstl: 'the seasonal components are smoothed by loess, not estimated by a likelihood (the ETS of the adjusted series has one, on other data)',
  mean: 'too few observations for a criterion: AICc needs more observations than parameters plus one',
};

const finite = (c: InformationCriteria): boolean => Number.isFinite(c.aic) && Number.isFinite(c.aicc) && Number.isFinite(c.bic);

/** The criteria of a fitted model, or null: only SARIMA and ETS fits carry a likelihood. */
export function criteriaOf(model: FittedModel): InformationCriteria | null {
  // A combination carries its parts' fits (for the answer's order): they are not its own.
  const fit = model.family === 'sarima' ? model.sarima : model.family === 'ets' ? model.ets : null;
  if (!fit) return null;
  const criteria = { aic: fit.aic, aicc: fit.aicc, bic: fit.bic };
  return finite(criteria) ? criteria : null;
}

/** How the answer reports a candidate: its criteria or why it has none, and its cross-validated scores. */
export function candidateReport(model: FittedModel, score: CandidateScore | undefined): CandidateReport {
  const informationCriteria = criteriaOf(model);
  const crossValidation = score && Number.isFinite(score.mase) ? { mase: score.mase, smape: score.smape, coverage80: score.coverage80, coverage95: score.coverage95 } : null;
  const scoredBy = crossValidation
    ? `; scored by its cross-validated MASE (${crossValidation.mase.toFixed(3)})`
    : '; the series is too short to cross-validate it';
  return {
    family: model.family,
    name: model.name,
    informationCriteria,
    criteriaReason: informationCriteria ? null : `${NO_LIKELIHOOD[model.family]}${scoredBy}`,
    crossValidation,
  };
}
