/** Maps the telemetry domain's query errors to the platform's typed errors (HTTP 400). */
import { TelemetryQueryError } from '#domain/telemetry/errors';
import { InvalidCursor, ValidationFailed } from '#platform/errors';

export async function withQueryErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof TelemetryQueryError)) throw error;
    if (error.code === 'INVALID_CURSOR') throw new InvalidCursor();
    throw new ValidationFailed(error.message, [{ path: `query.${error.field}`, message: error.message }]);
  }
}
