/**
 * The telemetry store of this function, chosen by `TELEMETRY_STORE` (`timestream` or
 * `dynamodb`, set by the CDK stack from the `telemetryStore` context value and by the local
 * stack). Only the chosen adapter's module is loaded, so a function needs only that
 * adapter's configuration (`TIMESTREAM_DATABASE`/`TIMESTREAM_TABLE`, or `TELEMETRY_TABLE_NAME`).
 */
import * as z from 'zod';
import type { TelemetryStore } from '#domain/telemetry/store';
import { readEnv } from '#platform/config';

const { TELEMETRY_STORE } = readEnv({ TELEMETRY_STORE: z.enum(['timestream', 'dynamodb']) });

export const telemetryStore: TelemetryStore =
  TELEMETRY_STORE === 'timestream'
    ? (await import('./timestream-store')).timestreamTelemetryStore
    : (await import('./dynamodb-store')).dynamoDbTelemetryStore;
