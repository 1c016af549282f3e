/**
 * Local DynamoDB Streams event source mappings: poll DynamoDB Local's stream of the
 * application table with the real DynamoDB Streams client and invoke each model stream
 * consumer, as Lambda does with the cloud mapping:
 *   - only the records the mapping's filter lets through (INSERTs of the consumer's `entity`);
 *   - batches of at most `batchSize`, in shard order;
 *   - partial batch failures: the batch is retried from the first reported sequence number
 *     (a throw retries the whole batch), at most `maxRetryAttempts` times, halving it each
 *     time (bisect on error); what still fails goes to the consumer's on-failure queue
 *     (`<name>-failures` on fauxqs), as the cloud mapping's on-failure destination.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamConsumerDecl } from '#lib/model/types';
import { localClientConfig } from '../emulators/aws-clients';
import { invoke } from './lambda-invoker';

export interface StreamPoller {
  /** The on-failure queue of the consumer. */
  readonly failureQueueUrl: string;
  stop(): Promise<void>;
}

/** Whether the consumer's event source mapping filter lets the record through. */
export function passesFilter(record: StreamRecord, decl: StreamConsumerDecl): boolean {
  return record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === decl.entity;
}

function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: d.ApproximateCreationDateTime ? Math.floor(new Date(d.ApproximateCreationDateTime).getTime() / 1000) : undefined,
      Keys: d.Keys as never,
      NewImage: d.NewImage as never,
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
  };
}

/** The first record to retry after an invocation, or undefined when all succeeded (Lambda's rule for streams). */
export function firstFailure(records: readonly DynamoDBRecord[], response: unknown): number | undefined {
  const failures = (response as DynamoDBBatchResponse | undefined)?.batchItemFailures ?? [];
  if (failures.length === 0) return undefined;
  const index = records.map((r) => r.dynamodb?.SequenceNumber);
  const positions = failures.map((f) => index.indexOf(f?.itemIdentifier));
  // A failure naming no record of the batch fails it whole.
  if (positions.some((p) => p < 0)) return 0;
  return Math.min(...positions);
}

export async function startStreamPoller(
  options: { dynamodbEndpoint: string; tableName: string; sqs: SQSClient; decl: StreamConsumerDecl; pollIntervalMs?: number },
  onError: (error: unknown) => void = console.error,
): Promise<StreamPoller> {
  const { decl } = options;
  const ddb = new DynamoDBClient(localClientConfig(options.dynamodbEndpoint));
  const streams = new DynamoDBStreamsClient(localClientConfig(options.dynamodbEndpoint));
  const table = await ddb.send(new DescribeTableCommand({ TableName: options.tableName }));
  ddb.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream for ${decl.name}`);
  const failureQueue = await options.sqs.send(new CreateQueueCommand({ QueueName: `${decl.name}-failures`, Attributes: { MessageRetentionPeriod: String(14 * 86_400) } }));
  const failureQueueUrl = failureQueue.QueueUrl as string;
  const interval = options.pollIntervalMs ?? 50;
  const iterators = new Map<string, string | null>(); // shard id -> next iterator (null: closed and drained)
  let stopped = false;
  let lastDescribe = 0;

  const refreshShards = async () => {
    const out = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of out.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const it = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      iterators.set(shard.ShardId, it.ShardIterator ?? null);
    }
    lastDescribe = Date.now();
  };

  /** Invokes the consumer until the batch succeeds or the retries are spent; sends what is left to the failure queue. */
  const deliver = async (batch: DynamoDBRecord[]) => {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      let from: number | undefined;
      try {
        from = firstFailure(pending, await invoke(decl.name, decl.handler, decl.fn, { Records: pending } satisfies DynamoDBStreamEvent));
      } catch (error) {
        onError(error);
        from = 0;
      }
      if (from === undefined) return;
      pending = pending.slice(from);
      if (attempt >= decl.maxRetryAttempts) {
        await options.sqs.send(
          new SendMessageCommand({
            QueueUrl: failureQueueUrl,
            MessageBody: JSON.stringify({ streamArn, records: pending.map((r) => ({ sequenceNumber: r.dynamodb?.SequenceNumber, keys: r.dynamodb?.Keys })) }),
          }),
        );
        onError(new Error(`${decl.name}: ${pending.length} record(s) sent to ${decl.name}-failures after ${attempt + 1} attempts`));
        return;
      }
      // Bisect on error: retry the first half first, then the rest.
      if (pending.length > 1) {
        const half = Math.ceil(pending.length / 2);
        await deliver(pending.slice(0, half));
        pending = pending.slice(half);
        attempt = -1;
      }
    }
  };

  const loop = async () => {
    while (!stopped) {
      try {
        if (Date.now() - lastDescribe > 1000) await refreshShards();
        let received = 0;
        for (const [shardId, iterator] of iterators) {
          if (!iterator || stopped) continue;
          const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(1000, decl.batchSize) }));
          iterators.set(shardId, out.NextShardIterator ?? null);
          const records = (out.Records ?? []).filter((r) => passesFilter(r, decl)).map((r) => toLambdaRecord(r, streamArn));
          received += out.Records?.length ?? 0;
          for (let i = 0; i < records.length; i += decl.batchSize) await deliver(records.slice(i, i + decl.batchSize));
        }
        if (received === 0) await new Promise((r) => setTimeout(r, interval));
      } catch (error) {
        if (stopped) return;
        onError(error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  const running = loop();
  return {
    failureQueueUrl,
    stop: async () => {
      stopped = true;
      await running;
      streams.destroy();
    },
  };
}
