/**
 * Wiring of what the foundation model does not declare yet but later issues will:
 * queue consumers, queue producers, bucket and admin user-pool access, the audit
 * reader and the redaction worker, API key management, schedules and IoT rules. A
 * fixture model exercises every branch of the stateless construct, with fixture
 * handler modules (bundling is skipped, they never run).
 */
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { queueUrlVariable } from '#lib/cloud/hydrant-function';
import type { AppModel } from '#lib/model/types';
import { fixtureModel } from './fixtures/model';
import { EXPECTED_TABLE_ACTIONS, expectTableGrantsFollowTheModel, rolesThatMayRewriteTheAuditTrail } from './grants';
import {
  FIXTURE_FUNCTIONS,
  actionsOf,
  declaredFunctions,
  logicalId,
  render,
  resourcesOf,
  resourcesOfStatement,
  roleStatements,
  synthHydrant,
  tableGrants,
  type Synthesised,
} from './synth';

let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant({ model: fixtureModel, functionsDir: FIXTURE_FUNCTIONS });
});

const envOf = (fn: { function: never }) =>
  resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, fn.function)]!.Properties!.Environment.Variables;
const actionsOfRole = (fn: { role: never }) => actionsOf(roleStatements(synth.template, logicalId(synth.stack, fn.role)));

describe('queue consumers', () => {
  it('consume with partial batch responses, the model\'s batch size and concurrency and a timeout below the visibility timeout', () => {
    const functions = resourcesOf(synth.template, 'AWS::Lambda::Function');
    const queues = resourcesOf(synth.template, 'AWS::SQS::Queue');
    for (const decl of fixtureModel.queues) {
      const consumer = synth.stack.stateless.consumers.get(decl.name)!;
      const queue = synth.stack.stateless.queues.get(decl.name)!;
      expect(consumer.entry).toBe(join(FIXTURE_FUNCTIONS, `${decl.consumer!.handler}.ts`));
      synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(synth.stack, consumer.function) },
        EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack, queue.queue), 'Arn'] },
        BatchSize: decl.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        // SQS needs a batching window above 10 messages.
        ...(decl.batchSize > 10 ? { MaximumBatchingWindowInSeconds: 1 } : {}),
        ...(decl.maxConcurrency ? { ScalingConfig: { MaximumConcurrency: decl.maxConcurrency } } : {}),
      });
      const timeout = functions[logicalId(synth.stack, consumer.function)]!.Properties!.Timeout as number;
      expect(timeout).toBeLessThan(queues[logicalId(synth.stack, queue.queue)]!.Properties!.VisibilityTimeout as number);
    }
  });

  it('refuses a consumer whose timeout is not below its queue\'s visibility timeout', () => {
    const slow: AppModel = {
      ...fixtureModel,
      queues: [fixtureModel.queues[0]!, { ...fixtureModel.queues[1]!, consumer: { handler: 'workers/telemetry-consumer', fn: { timeoutSeconds: 60, access: {} } } }],
    };
    expect(() => synthHydrant({ model: slow, functionsDir: FIXTURE_FUNCTIONS })).toThrow(
      /timeout 60 s must be below the visibility timeout of queue events \(60 s\)/,
    );
  });

  it('refuses a handler module that does not exist, naming the route', () => {
    const broken: AppModel = { ...fixtureModel, routes: [{ ...fixtureModel.routes[0]!, handler: 'http/fixture/missing' }] };
    expect(() => synthHydrant({ model: broken, functionsDir: FIXTURE_FUNCTIONS })).toThrow(/POST \/v1\/telemetry \(ingestReadings\): handler module .*missing\.ts does not exist/);
  });
});

describe('grants from the model', () => {
  it('a producer gets QUEUE_URL_<NAME> and may send to that queue only', () => {
    expect(queueUrlVariable('telemetry-events')).toBe('QUEUE_URL_TELEMETRY_EVENTS');
    const fn = synth.stack.stateless.routeFunction('ingestReadings');
    const queue = synth.stack.stateless.queues.get('telemetry-events')!;
    expect(envOf(fn as never).QUEUE_URL_TELEMETRY_EVENTS).toEqual({ Ref: logicalId(synth.stack, queue.queue) });
    const statements = roleStatements(synth.template, logicalId(synth.stack, fn.role)).filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
    expect(statements).toHaveLength(1);
    expect(actionsOf(statements)).toContain('sqs:SendMessage');
    expect(statements[0]!.Resource).toEqual({ 'Fn::GetAtt': [logicalId(synth.stack, queue.queue), 'Arn'] });
    // No access to business data: only the platform's control and audit tables.
    const appTable = logicalId(synth.stack, synth.stack.stateful.tables.app);
    expect(tableGrants(synth.template, logicalId(synth.stack, fn.role), appTable)).toEqual({ table: [], indexes: [], anywhere: [] });
  });

  it('a consumer that also produces gets both its event-source grant and its send grant', () => {
    const fn = synth.stack.stateless.consumers.get('telemetry-events')!;
    expect(envOf(fn as never).QUEUE_URL_EVENTS).toEqual({ Ref: logicalId(synth.stack, synth.stack.stateless.queues.get('events')!.queue) });
    expect(actionsOfRole(fn as never)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage', 'dynamodb:PutItem']));
  });

  it('bucket read gets GetObject(Version) and kms:Decrypt only; readWrite adds Put/Delete and GenerateDataKey', () => {
    const reader = synth.stack.stateless.routeFunction('getDocument');
    const writer = synth.stack.stateless.routeFunction('createUser');
    const bucketId = logicalId(synth.stack, synth.stack.stateful.documentsBucket);
    for (const fn of [reader, writer]) expect(envOf(fn as never).DOCUMENTS_BUCKET).toEqual({ Ref: bucketId });
    const readActions = actionsOfRole(reader as never).filter((a) => a.startsWith('s3:') || a.startsWith('kms:'));
    expect(readActions.sort()).toEqual(['kms:Decrypt', 's3:GetObject', 's3:GetObjectVersion']);
    const writeActions = actionsOfRole(writer as never).filter((a) => a.startsWith('s3:') || a.startsWith('kms:'));
    expect(writeActions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:DeleteObject', 'kms:GenerateDataKey', 'kms:Decrypt']));
  });

  it('admin user-pool access lists explicit Admin* actions on this pool only', () => {
    const fn = synth.stack.stateless.routeFunction('createUser');
    const statements = roleStatements(synth.template, logicalId(synth.stack, fn.role)).filter((s) => actionsOf([s]).some((a) => a.startsWith('cognito-idp:')));
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup']));
    expect(statements.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.stateful.userPool), 'Arn'] }]);
  });
});

describe('tables', () => {
  it('every route, consumer and schedule has exactly the table grants its declaration and the platform add up to', () => {
    expectTableGrantsFollowTheModel(synth, fixtureModel);
  });

  it('workers get no platform access: no control table, no audit table unless declared', () => {
    const controlTable = logicalId(synth.stack, synth.stack.stateful.tables.control);
    for (const { what, fn, route } of declaredFunctions(synth, fixtureModel)) {
      if (route) continue;
      expect(tableGrants(synth.template, logicalId(synth.stack, fn.role), controlTable).table, what).toEqual([]);
    }
  });

  it('the audit reader may query the audit trail (and append to it, as every route) but not change it', () => {
    const fn = synth.stack.stateless.routeFunction('listAuditEvents');
    const grants = tableGrants(synth.template, logicalId(synth.stack, fn.role), logicalId(synth.stack, synth.stack.stateful.tables.audit));
    expect(grants.table).toEqual([...EXPECTED_TABLE_ACTIONS.read, 'dynamodb:PutItem'].sort());
    expect(grants.indexes).toEqual(['dynamodb:Query']);
  });

  it('the redaction worker may only Query and UpdateItem the audit trail, and is the only role that may change it', () => {
    const fn = synth.stack.stateless.scheduleFunctions.get('redact-client-addresses')!;
    const role = logicalId(synth.stack, fn.role);
    const grants = tableGrants(synth.template, role, logicalId(synth.stack, synth.stack.stateful.tables.audit));
    expect(grants).toEqual({ table: ['dynamodb:Query', 'dynamodb:UpdateItem'], indexes: ['dynamodb:Query'], anywhere: [] });
    expect(envOf(fn as never).AUDIT_TABLE_NAME).toEqual({ Ref: logicalId(synth.stack, synth.stack.stateful.tables.audit) });
    expect(rolesThatMayRewriteTheAuditTrail(synth, fixtureModel)).toEqual([role]);
  });
});

describe('API key management', () => {
  const managers = () => [synth.stack.stateless.routeFunction('createApiKey'), synth.stack.stateless.scheduleFunctions.get('rotate-api-keys')!];
  const planIds = () => fixtureModel.usagePlans.map((p) => `<${logicalId(synth.stack, synth.stack.stateless.usagePlans.get(p.id)!)}>`);
  const arn = (path: string) => `arn:<AWS::Partition>:apigateway:<AWS::Region>::${path}`;

  it('sets USAGE_PLAN_IDS to the model plan ids and their API Gateway usage plan ids', () => {
    const ids = planIds();
    for (const fn of managers()) {
      const value = JSON.parse(render(envOf(fn as never).USAGE_PLAN_IDS)) as Record<string, string>;
      expect(value, fn.description).toEqual(Object.fromEntries(fixtureModel.usagePlans.map((p, i) => [p.id, ids[i]])));
    }
  });

  it('grants the API Gateway management calls on exactly the keys and the plans of this API', () => {
    const plans = planIds();
    for (const fn of managers()) {
      const byActions = new Map<string, string[]>();
      for (const statement of roleStatements(synth.template, logicalId(synth.stack, fn.role))) {
        const actions = actionsOf([statement]);
        if (!actions.some((a) => a.startsWith('apigateway:'))) continue;
        expect(actions.every((a) => a.startsWith('apigateway:')), fn.description).toBe(true);
        const key = [...actions].sort().join(' ');
        byActions.set(key, [...(byActions.get(key) ?? []), ...resourcesOfStatement(statement)]);
      }
      const sorted = (values: string[]) => [...values].sort();
      expect(new Map([...byActions].map(([k, v]) => [k, sorted(v)])), fn.description).toEqual(
        new Map([
          ['apigateway:POST', sorted([arn('/apikeys'), ...plans.map((p) => arn(`/usageplans/${p}/keys`))])],
          ['apigateway:DELETE apigateway:GET apigateway:PATCH', sorted([arn('/apikeys/*'), ...plans.map((p) => arn(`/usageplans/${p}/keys/*`))])],
          ['apigateway:GET', sorted(plans.map((p) => arn(`/usageplans/${p}/usage`)))],
        ]),
      );
    }
  });

  it('grants no API Gateway call and sets no USAGE_PLAN_IDS to any other function', () => {
    const managing = new Set(managers().map((fn) => logicalId(synth.stack, fn.role)));
    for (const { what, fn } of declaredFunctions(synth, fixtureModel)) {
      if (managing.has(logicalId(synth.stack, fn.role))) continue;
      expect(actionsOfRole(fn as never).filter((a) => a.startsWith('apigateway:')), what).toEqual([]);
      expect(envOf(fn as never).USAGE_PLAN_IDS, what).toBeUndefined();
    }
  });

  // With a LambdaIntegration the method would reference the function, the function the
  // usage plans, the plans the stage, the stage the deployment and the deployment the
  // method: Template.fromStack (in beforeAll) rejects such a template as undeployable.
  it('integrates a route that manages keys by function name, with its own invoke permission, so the template has no cycle', () => {
    const fn = synth.stack.stateless.routeFunction('createApiKey');
    const fnId = logicalId(synth.stack, fn.function);
    expect(resourcesOf(synth.template, 'AWS::Lambda::Function')[fnId]!.Properties!.FunctionName).toBe('hydrant-dev-createApiKey');
    const method = synth.stack.stateless.methods.get('createApiKey')!;
    const props = resourcesOf(synth.template, 'AWS::ApiGateway::Method')[logicalId(synth.stack, method)]!.Properties!;
    expect(props.Integration.Type).toBe('AWS_PROXY');
    expect(render(props.Integration.Uri)).toBe(
      'arn:<AWS::Partition>:apigateway:<AWS::Region>:lambda:path/2015-03-31/functions/arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:hydrant-dev-createApiKey/invocations',
    );
    const permissions = Object.values(resourcesOf(synth.template, 'AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties!.FunctionName).includes(fnId),
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]!.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
    expect(render(permissions[0]!.Properties!.SourceArn)).toMatch(/:execute-api:<AWS::Region>:<AWS::AccountId>:<StatelessApi\w+>\/\*\/POST\/v1\/api-keys$/);
  });
});

describe('schedules and IoT rules', () => {
  it('turns a schedule into an EventBridge rule targeting its function', () => {
    const fn = synth.stack.stateless.scheduleFunctions.get('nightly')!;
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(synth.stack, fn.function), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
  });

  it('turns an IoT rule\'s queue and function actions into SQS and Lambda actions with an error queue (more in iot.test.ts)', () => {
    const queue = synth.stack.stateless.queues.get('telemetry-events')!;
    const errorQueue = synth.stack.stateless.iotErrorQueue!;
    const fn = synth.stack.stateless.iotRuleFunctions.get('telemetry_to_queue')!;
    expect(fn.entry).toBe(join(FIXTURE_FUNCTIONS, 'workers/ingest-telemetry.ts'));
    synth.template.hasResourceProperties('AWS::IoT::TopicRule', {
      RuleName: 'hydrant_dev_telemetry_to_queue',
      TopicRulePayload: {
        Sql: "SELECT * FROM 'hydrant/+/telemetry'",
        AwsIotSqlVersion: '2016-03-23',
        Actions: [
          { Sqs: Match.objectLike({ QueueUrl: { Ref: logicalId(synth.stack, queue.queue) } }) },
          { Lambda: { FunctionArn: { 'Fn::GetAtt': [logicalId(synth.stack, fn.function), 'Arn'] } } },
        ],
        ErrorAction: { Sqs: Match.objectLike({ QueueUrl: { Ref: logicalId(synth.stack, errorQueue) } }) },
      },
    });
  });
});

describe('the API anomalies alarm (the app model)', () => {
  let real: Synthesised;
  beforeAll(() => {
    real = synthHydrant();
  });

  it('alarms on the ApiAnomalies metric the anomaly worker emits, and notifies the alarm topic', () => {
    const topicId = logicalId(real.stack, real.stack.stateless.alarmTopic);
    const alarm = real.stack.stateless.scheduleAlarms.get('api-anomalies')!;
    expect(alarm).toBeDefined();
    real.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Hydrant',
      MetricName: 'ApiAnomalies',
      Dimensions: [{ Name: 'service', Value: 'hydrant' }],
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('the alarm topic is encrypted with a rotated customer managed key CloudWatch may use, TLS only, and output as AlarmTopicArn', () => {
    const topicId = logicalId(real.stack, real.stack.stateless.alarmTopic);
    const topic = resourcesOf(real.template, 'AWS::SNS::Topic')[topicId]!;
    const keyRef = (topic.Properties!.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const key = resourcesOf(real.template, 'AWS::KMS::Key')[keyRef]!;
    expect(key.Properties!.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(key.Properties!.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    real.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      }),
    });
    real.template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
  });

  it('the anomaly worker finds admins in the users table and writes their notifications, with no Cognito call', () => {
    const fn = real.stack.stateless.scheduleFunctions.get('api-anomalies')!;
    const actions = actionsOf(roleStatements(real.template, logicalId(real.stack, fn.role)));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem']));
    expect(actions.filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
  });
});
