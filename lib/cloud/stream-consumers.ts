/**
 * The app model's stream consumers (the outbox relay): functions fed by the application
 * table's stream, one entity's INSERTs each, with an on-failure queue alarmed like a DLQ.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StreamConsumerDecl } from '#lib/model/types';
import type { HydrantFunction } from './hydrant-function';
import type { ModelPartProps } from './model-functions';

/** A stream consumer as deployed. */
export interface DeployedStreamConsumer {
  readonly fn: HydrantFunction;
  /** Where the records that failed every retry go. */
  readonly onFailure: Queue;
}

/** Props of {@link StreamConsumers}. */
export interface StreamConsumersProps extends ModelPartProps {
  readonly consumers: readonly StreamConsumerDecl[];
  /** The application table; must have a stream when there is a consumer. */
  readonly table: ITable;
}

/**
 * Each stream consumer: its function, an event source mapping on the application table's
 * stream that lets through only INSERTs of the consumer's entity, partial batch failures,
 * bisect on error, the model's retries, and an on-failure queue (encrypted, 14 days,
 * alarmed like a DLQ). The mapping grants the stream reads; the rest is the model's access.
 * Built in a scope `StreamConsumers` of `scope` (none when the model has no consumer).
 */
export class StreamConsumers {
  /** The function and on-failure queue of each consumer, by name. */
  readonly consumers: ReadonlyMap<string, DeployedStreamConsumer>;

  constructor(scope: Construct, props: StreamConsumersProps) {
    const consumers = new Map<string, DeployedStreamConsumer>();
    this.consumers = consumers;
    if (props.consumers.length === 0) return;
    if (!props.table.tableStreamArn) throw new Error('Stream consumers need the application table\'s stream (TABLE_KEYS.streamViewType)');
    const consumersScope = new Construct(scope, 'StreamConsumers');
    for (const decl of props.consumers) {
      if (consumers.has(decl.name)) throw new Error(`Duplicate stream consumer ${decl.name} in the app model`);
      const fn = props.functions.create(consumersScope, decl.name, decl.handler, decl.fn, `Stream consumer ${decl.name} (${decl.entity} inserts)`, { route: false });
      const onFailure = onFailureQueue(consumersScope, decl, props.stage);
      fn.function.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: decl.batchSize,
          bisectBatchOnError: true,
          retryAttempts: decl.maxRetryAttempts,
          reportBatchItemFailures: true,
          maxRecordAge: Duration.hours(24),
          onFailure: new SqsDlq(onFailure),
          filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(decl.entity) } } } })],
        }),
      );
      consumers.set(decl.name, { fn, onFailure });
    }
  }
}

/** The consumer's on-failure queue (its DLQ, in effect) and the alarm on it. */
function onFailureQueue(scope: Construct, decl: StreamConsumerDecl, stage: string): Queue {
  const onFailure = new Queue(scope, `${decl.name}-OnFailure`, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(onFailure).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is the on-failure destination of a DynamoDB stream event source mapping, i.e. already the dead-letter queue of the stream consumer; it needs no DLQ of its own.',
  });
  new Alarm(scope, `${decl.name}-OnFailureAlarm`, {
    alarmDescription: `Hydrant ${stage}: stream records of ${decl.name} failed every retry and wait in its on-failure queue`,
    metric: onFailure.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  return onFailure;
}
