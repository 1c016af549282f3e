import { NestedStack } from 'aws-cdk-lib';
/**
 * The app model's work queues: each an encrypted, TLS-only queue with a dead-letter queue
 * (14 days, alarmed as soon as one message waits in it), optionally fed by the documents
 * bucket's ObjectCreated events under a prefix; and their consumer functions.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDecl, QueueName } from '#lib/model/types';
import type { HydrantFunction, NamedQueue } from './hydrant-function';
import type { ModelFunctions } from './model-functions';

/** A model queue as deployed: the queue, its DLQ and its visibility timeout. */
export interface DeployedQueue extends NamedQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly visibilityTimeout: Duration;
  /** In alarm as soon as one message waits in the DLQ; add an action (SNS, chat) to be told. */
  readonly deadLetterAlarm: Alarm;
}

/** Props of {@link WorkQueues}. */
export interface WorkQueuesProps {
  readonly queues: readonly QueueDecl[];
  /** Names the alarms' descriptions. */
  readonly stage: string;
  /** The bucket whose ObjectCreated events feed the queues that declare `objectCreatedPrefix`. */
  readonly documentsBucket: Bucket;
}

/**
 * The model's queues, each in a scope `Queue-<name>` of `scope`. Builds into the given scope
 * rather than a construct of its own, so that the logical ids stay those already deployed.
 */
export class WorkQueues {
  readonly queues: ReadonlyMap<QueueName, DeployedQueue>;

  constructor(
    private readonly scope: Construct,
    private readonly props: WorkQueuesProps,
  ) {
    const queues = new Map<QueueName, DeployedQueue>();
    for (const decl of props.queues) {
      if (queues.has(decl.name)) throw new Error(`Duplicate queue ${decl.name} in the app model`);
      if (decl.maxReceiveCount < 1) throw new Error(`Queue ${decl.name}: maxReceiveCount must be at least 1`);
      queues.set(decl.name, this.createQueue(decl));
    }
    this.queues = queues;
  }

  /**
   * The consumer function of each queue that declares one, in a scope `Consumers`.
   * @returns the functions by queue name
   */
  addConsumers(functions: ModelFunctions): Map<QueueName, HydrantFunction> {
    const consumers = new Map<QueueName, HydrantFunction>();
    // A nested stack of its own (functions, log groups, event source mappings), as the schedules.
    const scope = new NestedStack(this.scope, 'Consumers', { description: `Hydrant ${this.props.stage}: the queue consumers` });
    for (const decl of this.props.queues) {
      if (!decl.consumer) continue;
      const deployed = this.queues.get(decl.name)!;
      const fn = functions.create(scope, decl.name, decl.consumer.handler, decl.consumer.fn, `SQS consumer of ${decl.name}`, { route: false });
      fn.consumes(deployed, decl.batchSize, decl.maxConcurrency, decl.batchingWindowSeconds);
      consumers.set(decl.name, fn);
    }
    return consumers;
  }

  private createQueue(decl: QueueDecl): DeployedQueue {
    const scope = new Construct(this.scope, `Queue-${decl.name}`);
    const deadLetterQueue = new Queue(scope, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to inspect and redrive failed messages.
      retentionPeriod: Duration.days(14),
    });
    const visibilityTimeout = Duration.seconds(decl.visibilityTimeoutSeconds);
    const queue = new Queue(scope, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: decl.maxReceiveCount },
    });
    // A message in a DLQ is a record the system failed to process: never let it sit unseen.
    const deadLetterAlarm = new Alarm(scope, 'DlqAlarm', {
      alarmDescription: `Hydrant ${this.props.stage}: messages of ${decl.name} failed ${decl.maxReceiveCount} times and wait in its DLQ`,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (decl.objectCreatedPrefix !== undefined) this.sendObjectCreatedEvents(scope, decl.objectCreatedPrefix, queue);
    return { name: decl.name, queue, deadLetterQueue, visibilityTimeout, deadLetterAlarm };
  }

  /**
   * The documents bucket's ObjectCreated events under `prefix`, to `queue`: the bucket
   * sends its events to EventBridge (a property of the bucket itself, so no custom
   * resource is needed) and a rule forwards those of this prefix to the queue.
   */
  private sendObjectCreatedEvents(scope: Construct, prefix: string, queue: Queue): void {
    const bucket = this.props.documentsBucket;
    (bucket.node.defaultChild as CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    new Rule(scope, 'ObjectCreated', {
      description: `Hydrant ${this.props.stage}: documents bucket objects created under ${prefix}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [bucket.bucketName] }, object: { key: [{ prefix }] } },
      },
      targets: [new SqsQueue(queue, { retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
  }
}
