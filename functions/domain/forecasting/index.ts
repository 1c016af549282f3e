/**
 * Hydrant's forecasting domain (issue 5), pure TypeScript: what the forecast worker, the
 * HTTP handlers and the CLI import. `forecast` is the use case; the rest is exposed for
 * callers that need one step (reading a CSV, the horizon rule) or the models themselves.
 */
export { forecast, MIN_OBSERVATIONS, type ForecastOptions, type ForecastPoint, type ForecastResult, type OrderInput, type SeriesInput } from './forecast';
export { CsvSeriesReader, parseCsvSeries, parseLocaleDate, parseLocaleNumber, readCsvSeries, type CsvOptions, type CsvSeries } from './csv';
export { decideHorizon, density, safeHorizon, SPARSE_DENSITY, type Density, type HorizonDecision, type HorizonReason } from './horizon';
export {
  AllMissingError,
  ConstantSeriesError,
  ForecastError,
  InvalidForecastInputError,
  SeriesTooShortError,
  type ForecastErrorCode,
} from './errors';
export { periodIndexOfIso, periodStart, SEASON_LENGTH, type Frequency } from './calendar';
export { autoArima, type AutoArimaOptions, type AutoArimaResult } from './auto-arima';
export { fitSarima, SarimaFitError, type FitOptions, type SarimaFit, type SarimaMethod, type SarimaOrder, type SarimaSpec } from './sarima';
export { forecastSarima, forecastSarimaFast, type SarimaForecast } from './sarima-forecast';
export { autoEts, fitEts, forecastEts, type EtsFit, type EtsSpec } from './ets';
export { seasonalNaive } from './baselines';
export { accuracy, type Accuracy } from './metrics';
export type { BacktestReport, CandidateScore } from './backtest';
export type { Family } from './models';
export type { PredictiveStep } from './predictive';
export { renderForecastSvg, type ChartOptions } from './chart';
