/**
 * Creates the table, queues (each with its DLQ) and bucket of the app model on the
 * local emulators, with the same keys and settings the CDK stack declares.
 */
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { TableKeys } from '#lib/model/table';
import { TELEMETRY_TABLE_KEYS, telemetryTableCreateInput } from '#lib/model/telemetry-table';
import type { QueueDecl, QueueName } from '#lib/model/types';
import { localClientConfig } from '../emulators/aws-clients';

export async function createTable(endpoint: string, tableName: string, keys: TableKeys): Promise<void> {
  const ddb = new DynamoDBClient(localClientConfig(endpoint));
  const keyAttributes = [...new Set([keys.partitionKey, keys.sortKey, ...keys.globalIndexes.flatMap((g) => [g.partitionKey, g.sortKey])])];
  await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: keys.partitionKey, KeyType: 'HASH' },
        { AttributeName: keys.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: keys.globalIndexes.map((g) => ({
        IndexName: g.indexName,
        KeySchema: [
          { AttributeName: g.partitionKey, KeyType: 'HASH' },
          { AttributeName: g.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      ...(keys.streamViewType ? { StreamSpecification: { StreamEnabled: true, StreamViewType: keys.streamViewType } } : {}),
    }),
  );
  await ddb.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: keys.timeToLiveAttribute, Enabled: true } }),
  );
  ddb.destroy();
}

/** Creates the telemetry table of the DynamoDB telemetry store, with TTL on raw points, as the CDK stack does. */
export async function createTelemetryTable(endpoint: string, tableName: string): Promise<void> {
  const ddb = new DynamoDBClient(localClientConfig(endpoint));
  await ddb.send(new CreateTableCommand(telemetryTableCreateInput(tableName)));
  await ddb.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TELEMETRY_TABLE_KEYS.timeToLiveAttribute, Enabled: true } }),
  );
  ddb.destroy();
}

/** Creates each queue and its DLQ; returns the queue URLs by name. */
export async function createQueues(endpoint: string, queues: readonly QueueDecl[]): Promise<Record<QueueName, string>> {
  const sqs = new SQSClient(localClientConfig(endpoint));
  const urls = {} as Record<QueueName, string>;
  for (const q of queues) {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${q.name}-dlq`, Attributes: { MessageRetentionPeriod: String(14 * 86_400) } }));
    const dlqArn = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: q.name,
        Attributes: {
          VisibilityTimeout: String(q.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn.Attributes?.QueueArn, maxReceiveCount: q.maxReceiveCount }),
        },
      }),
    );
    urls[q.name] = main.QueueUrl as string;
  }
  sqs.destroy();
  return urls;
}

export async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const s3 = new S3Client(localClientConfig(endpoint));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
}

/** `QUEUE_URL_TELEMETRY_EVENTS` for `telemetry-events`: the variable the CDK stack sets too. */
export const queueUrlVariable = (name: QueueName): string => `QUEUE_URL_${name.toUpperCase().replace(/-/g, '_')}`;
