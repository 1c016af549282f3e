/**
 * The Timestream telemetry store of this execution environment: clients and configuration
 * created once at module scope. Timestream clients use endpoint discovery (the SDK calls
 * DescribeEndpoints and caches the answer); it is left on, as the service requires.
 *
 * Env: `TIMESTREAM_DATABASE`, `TIMESTREAM_TABLE` (required).
 */
import { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import * as z from 'zod';
import type { TelemetryStore } from '#domain/telemetry/store';
import { readEnv } from '#platform/config';
import { TIMESTREAM_NAME_PATTERN } from './timestream-sql';
import { createTimestreamTelemetryStore } from './timestream-telemetry';

const env = readEnv({
  TIMESTREAM_DATABASE: z.string().regex(TIMESTREAM_NAME_PATTERN),
  TIMESTREAM_TABLE: z.string().regex(TIMESTREAM_NAME_PATTERN),
});

export const timestreamTelemetryStore: TelemetryStore = createTimestreamTelemetryStore({
  writeClient: new TimestreamWriteClient({}),
  queryClient: new TimestreamQueryClient({}),
  database: env.TIMESTREAM_DATABASE,
  table: env.TIMESTREAM_TABLE,
});
