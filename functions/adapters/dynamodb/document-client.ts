/**
 * The one DynamoDB document client of a function, created once per execution
 * environment. The endpoint comes from the SDK's standard configuration
 * (`AWS_ENDPOINT_URL_DYNAMODB` locally), so no code knows where it runs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '#platform/observability';

export const documentClient = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});
