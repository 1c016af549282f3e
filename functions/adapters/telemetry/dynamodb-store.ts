/**
 * The DynamoDB telemetry store of this execution environment: client and configuration
 * created once at module scope (the endpoint comes from the SDK's standard configuration,
 * `AWS_ENDPOINT_URL_DYNAMODB` locally).
 *
 * Env: `TELEMETRY_TABLE_NAME` (required), `TELEMETRY_RAW_RETENTION_DAYS` (default 400).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TelemetryStore } from '#domain/telemetry/store';
import { readEnv } from '#platform/config';
import { createDynamoDbTelemetryStore } from './dynamodb-telemetry';

const env = readEnv({
  TELEMETRY_TABLE_NAME: z.string().min(1),
  TELEMETRY_RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
});

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const dynamoDbTelemetryStore: TelemetryStore = createDynamoDbTelemetryStore({
  client: documentClient,
  tableName: env.TELEMETRY_TABLE_NAME,
  rawRetentionDays: env.TELEMETRY_RAW_RETENTION_DAYS,
  // A batch of the device queue holds up to 1000 messages, often of as many sensors: their writes share no item.
  writeConcurrency: 16,
});
