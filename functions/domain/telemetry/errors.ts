/** Why a telemetry query cannot be answered. Adapters map these to `ValidationFailed` / `InvalidCursor`. */
export type TelemetryQueryErrorCode = 'INVALID_QUERY' | 'INVALID_CURSOR';

export class TelemetryQueryError extends Error {
  override readonly name = 'TelemetryQueryError';
  constructor(
    readonly code: TelemetryQueryErrorCode,
    message: string,
    /** The query field at fault, e.g. `tz` or `cursor`. */
    readonly field: string,
  ) {
    super(message);
  }
}
