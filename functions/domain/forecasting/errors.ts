/**
 * Why a series cannot be forecast. One class per kind with a stable `code`, so the HTTP
 * layer maps them to problem details in one place and the CLI prints them plainly.
 */

/** Stable codes of forecasting failures. */
export type ForecastErrorCode = 'TOO_SHORT' | 'CONSTANT' | 'ALL_MISSING' | 'INVALID_INPUT' | 'NO_VALID_ROWS' | 'NUMERICAL';

/** Base class of the errors the forecasting domain raises on purpose. */
export class ForecastError extends Error {
  override readonly name: string = 'ForecastError';
  constructor(
    readonly code: ForecastErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Fewer observations than any model needs. */
export class SeriesTooShortError extends ForecastError {
  override readonly name = 'SeriesTooShortError';
  constructor(observed: number, required: number) {
    super('TOO_SHORT', `the series has ${observed} observed values; at least ${required} are needed to forecast`);
  }
}

/** Every observed value is the same: there is nothing to model. */
export class ConstantSeriesError extends ForecastError {
  override readonly name = 'ConstantSeriesError';
  constructor(value: number) {
    super('CONSTANT', `every observed value equals ${value}; a constant series has nothing to forecast`);
  }
}

/** No value is observed at all. */
export class AllMissingError extends ForecastError {
  override readonly name = 'AllMissingError';
  constructor() {
    super('ALL_MISSING', 'every value of the series is missing');
  }
}

/** The input itself is malformed (bad options, non-numeric values, unreadable CSV). */
export class InvalidForecastInputError extends ForecastError {
  override readonly name = 'InvalidForecastInputError';
  constructor(message: string, code: 'INVALID_INPUT' | 'NO_VALID_ROWS' = 'INVALID_INPUT') {
    super(code, message);
  }
}
