/**
 * AWS IoT from the app model: the policy of every device certificate, and one topic rule
 * per model rule whose actions invoke a function or send to a queue, with an error queue
 * for the actions that fail.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnPolicy, CfnTopicRule } from 'aws-cdk-lib/aws-iot';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { devicePolicyDocument } from '#lib/model/iot-rules';
import type { AppModel, IotRuleDecl, QueueName } from '#lib/model/types';
import type { HydrantFunction } from './hydrant-function';
import type { ModelPartProps } from './model-functions';
import type { DeployedQueue } from './queues';

/** Whether the model has IoT rules or a function that manages devices (then the stack has the device policy). */
export function usesIot(model: AppModel): boolean {
  const specs = [
    ...model.routes.map((r) => r.fn),
    ...model.queues.flatMap((q) => (q.consumer ? [q.consumer.fn] : [])),
    ...model.schedules.map((s) => s.fn),
    ...model.iotRules.flatMap((r) => r.actions.flatMap((a) => (a.kind === 'function' ? [a.fn] : []))),
  ];
  return model.iotRules.length > 0 || specs.some((fn) => fn.access.iotDevices === 'manage');
}

/**
 * The IoT policy attached to every device certificate (`lib/model/iot-rules.ts`), as
 * `DevicePolicy` in `scope`: connect as its own thing, only while attached to it, and
 * publish to its own telemetry topic.
 */
export function createDevicePolicy(scope: Construct, stage: string): CfnPolicy {
  const stack = Stack.of(scope);
  return new CfnPolicy(scope, 'DevicePolicy', {
    policyName: `hydrant-${stage}-devices`,
    policyDocument: devicePolicyDocument(`arn:${stack.partition}:iot:${stack.region}:${stack.account}:`),
  });
}

/** Props of {@link IotRules}. */
export interface IotRulesProps extends ModelPartProps {
  readonly rules: readonly IotRuleDecl[];
  /** The model's queues as deployed, for `queue` actions. */
  readonly queues: ReadonlyMap<QueueName, DeployedQueue>;
}

/**
 * One `AWS::IoT::TopicRule` per model rule, in a scope `IotRules` of `scope`. A `function`
 * action is a Lambda action with a permission for IoT scoped to that rule; the function,
 * invoked asynchronously, retries twice and then sends the event to the error queue
 * (on-failure destination). A `queue` action is an SQS action. Every rule's error action
 * sends what failed to the error queue.
 */
export class IotRules {
  /** Where IoT rule actions that fail deliver their error payloads. */
  readonly errorQueue: Queue;
  /** The function of each rule that invokes one, by rule name. */
  readonly functions: ReadonlyMap<string, HydrantFunction>;
  private readonly scope: Construct;
  private readonly role: Role;

  constructor(scope: Construct, private readonly props: IotRulesProps) {
    this.scope = new Construct(scope, 'IotRules');
    // Failed rule actions land here; it is itself the end of the line, like a DLQ.
    this.errorQueue = new Queue(this.scope, 'ErrorQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.errorQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the error action of the IoT topic rules, i.e. already the dead-letter destination for failed rule actions; nothing consumes it automatically, so it needs no DLQ of its own.',
    });
    this.role = new Role(this.scope, 'Role', {
      assumedBy: new ServicePrincipal('iot.amazonaws.com'),
      description: `IoT topic rules of Hydrant ${props.stage}: deliver to SQS`,
    });
    this.errorQueue.grantSendMessages(this.role);
    const functions = new Map<string, HydrantFunction>();
    for (const rule of props.rules) this.addRule(rule, functions);
    this.functions = functions;
  }

  private addRule(rule: IotRuleDecl, functions: Map<string, HydrantFunction>): void {
    if (!/^[A-Za-z0-9_]+$/.test(rule.name)) throw new Error(`IoT rule name "${rule.name}" is invalid: use letters, digits and _ only`);
    if (rule.errorAction.queue !== 'iot-errors') throw new Error(`IoT rule ${rule.name}: unknown error queue ${rule.errorAction.queue}`);
    const actions: CfnTopicRule.ActionProperty[] = [];
    const invoked: HydrantFunction[] = [];
    for (const action of rule.actions) {
      if (action.kind === 'queue') {
        actions.push(this.queueAction(rule, action.queue));
      } else {
        if (functions.has(rule.name)) throw new Error(`IoT rule ${rule.name} invokes more than one function: declare one rule per function`);
        const fn = this.props.functions.create(this.scope, `${rule.name}-Function`, action.handler, action.fn, `IoT rule ${rule.name}: ${action.handler}`, { route: false });
        fn.function.configureAsyncInvoke({ onFailure: new SqsDestination(this.errorQueue), retryAttempts: 2, maxEventAge: Duration.hours(6) });
        functions.set(rule.name, fn);
        invoked.push(fn);
        actions.push({ lambda: { functionArn: fn.function.functionArn } });
      }
    }
    if (actions.length === 0) throw new Error(`IoT rule ${rule.name} has no action`);
    const topicRule = new CfnTopicRule(this.scope, rule.name, {
      ruleName: `hydrant_${this.props.stage}_${rule.name}`.replace(/[^A-Za-z0-9_]/g, '_'),
      topicRulePayload: {
        sql: rule.sql,
        awsIotSqlVersion: '2016-03-23',
        ruleDisabled: false,
        actions,
        errorAction: { sqs: { queueUrl: this.errorQueue.queueUrl, roleArn: this.role.roleArn, useBase64: false } },
      },
    });
    for (const fn of invoked) {
      // IoT may invoke the function for this rule only (no confused deputy).
      fn.function.addPermission(`IotRule-${rule.name}`, {
        principal: new ServicePrincipal('iot.amazonaws.com'),
        sourceArn: topicRule.attrArn,
        sourceAccount: Stack.of(this.scope).account,
      });
    }
  }

  /** An SQS action to a model queue, which the rules' role may send to. */
  private queueAction(rule: IotRuleDecl, name: QueueName): CfnTopicRule.ActionProperty {
    const target = this.props.queues.get(name);
    if (!target) throw new Error(`IoT rule ${rule.name} targets queue ${name}, which the app model does not declare`);
    target.queue.grantSendMessages(this.role);
    return { sqs: { queueUrl: target.queue.queueUrl, roleArn: this.role.roleArn, useBase64: false } };
  }
}
