/**
 * Why a leak analysis cannot run on its input. One class with a stable `code`, so the HTTP
 * layer maps it to a 4xx problem in one place.
 */

export type LeakAnalysisErrorCode = 'INVALID_RECORDING' | 'UNKNOWN_PIPE_MATERIAL' | 'INVALID_PIPE' | 'INVALID_SERIES' | 'INVALID_BALANCE_INPUT';

export class LeakAnalysisError extends Error {
  override readonly name = 'LeakAnalysisError';
  constructor(
    readonly code: LeakAnalysisErrorCode,
    message: string,
  ) {
    super(message);
  }
}
