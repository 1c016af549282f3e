/**
 * The DynamoDB document client and table name, created once per execution
 * environment. The endpoint comes from the SDK's standard configuration
 * (`AWS_ENDPOINT_URL_DYNAMODB` locally), so no code knows where it runs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { readEnv } from '#platform/config';
import { tracer } from '#platform/observability';

export const tableName = readEnv({ TABLE_NAME: z.string().min(1) }).TABLE_NAME;

export const documentClient = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The prefix of every partition key: no key is ever built without a tenant. */
export const tenantKey = (tenantId: string, ...parts: string[]): string => ['T', tenantId, ...parts].join('#');
