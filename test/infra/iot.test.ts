/**
 * IoT wiring: the model's topic rules (SQS actions, an error action on every rule), the
 * telemetry-ingest queue they feed (encryption, TLS, DLQ, alarm) and its batch worker's
 * event source mapping and least-privilege access, the device policy (thing-name variable, attached thing), and the
 * least-privilege grants of a function that manages devices. Synthesised from the
 * fixture model with the app model's real IoT rules (fixture handler modules).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { iotRules } from '#lib/model/iot-rules';
import { INGEST_TELEMETRY_WORKER, TELEMETRY_INGEST_QUEUE } from '#lib/model/routes/telemetry';
import type { AppModel } from '#lib/model/types';
import { fixtureModel } from './fixtures/model';
import { FIXTURE_FUNCTIONS, actionsOf, declaredFunctions, logicalId, render, resourcesOf, resourcesOfStatement, roleStatements, synthHydrant, type Synthesised } from './synth';

const model: AppModel = { ...fixtureModel, queues: [...fixtureModel.queues, TELEMETRY_INGEST_QUEUE], iotRules };
let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant({ model, functionsDir: FIXTURE_FUNCTIONS });
});

const topicRules = () => Object.values(resourcesOf(synth.template, 'AWS::IoT::TopicRule')).map((r) => r.Properties!.TopicRulePayload as Record<string, any>);

describe('IoT topic rules', () => {
  it('deploys every rule of the model, each with an error action to the IoT error queue', () => {
    const errorQueueId = logicalId(synth.stack, synth.stack.stateless.iotErrorQueue!);
    const rules = resourcesOf(synth.template, 'AWS::IoT::TopicRule');
    expect(Object.values(rules).map((r) => r.Properties!.RuleName).sort()).toEqual(['hydrant_dev_telemetry_events', 'hydrant_dev_telemetry_store']);
    for (const payload of topicRules()) {
      expect(payload.Sql).toBe("SELECT *, topic(2) AS sensorId, timestamp() AS receivedAt FROM 'hydrant/+/telemetry'");
      expect(payload.AwsIotSqlVersion).toBe('2016-03-23');
      expect(payload.RuleDisabled).toBe(false);
      expect(Object.keys(payload.ErrorAction)).toEqual(['Sqs']);
      expect(payload.ErrorAction.Sqs.QueueUrl).toEqual({ Ref: errorQueueId });
      expect(payload.ErrorAction.Sqs.UseBase64).toBe(false);
    }
  });

  it('telemetry_store sends to the telemetry-ingest queue; telemetry_events to the telemetry-events queue; no rule invokes a function', () => {
    for (const [rule, queue] of [['telemetry_store', 'telemetry-ingest'], ['telemetry_events', 'telemetry-events']] as const) {
      synth.template.hasResourceProperties('AWS::IoT::TopicRule', {
        RuleName: `hydrant_dev_${rule}`,
        TopicRulePayload: Match.objectLike({
          Actions: [{ Sqs: { QueueUrl: { Ref: logicalId(synth.stack, synth.stack.stateless.queues.get(queue)!.queue) }, RoleArn: Match.anyValue(), UseBase64: false } }],
        }),
      });
    }
    expect(synth.stack.stateless.iotRuleFunctions.size).toBe(0);
    expect(Object.values(resourcesOf(synth.template, 'AWS::Lambda::Permission')).filter((p) => p.Properties!.Principal === 'iot.amazonaws.com')).toEqual([]);
  });

  it('keeps device messages in an encrypted, TLS-only queue with a DLQ after 5 receives, alarmed', () => {
    const deployed = synth.stack.stateless.queues.get('telemetry-ingest')!;
    const queues = resourcesOf(synth.template, 'AWS::SQS::Queue');
    const queue = queues[logicalId(synth.stack, deployed.queue)]!.Properties!;
    const dlqId = logicalId(synth.stack, deployed.deadLetterQueue);
    expect(queue).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: TELEMETRY_INGEST_QUEUE.visibilityTimeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(queues[dlqId]!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    for (const id of [logicalId(synth.stack, deployed.queue), dlqId]) {
      synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) }),
      });
    }
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }], Threshold: 0 });
  });

  it('feeds the ingest worker batches of 1000 messages within a 1 s window, 4 at most at once, with partial batch failures', () => {
    const worker = synth.stack.stateless.consumers.get('telemetry-ingest')!;
    const deployed = synth.stack.stateless.queues.get('telemetry-ingest')!;
    expect(worker.entry).toBe(`${FIXTURE_FUNCTIONS}/workers/ingest-telemetry.ts`);
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(synth.stack, worker.function) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack, deployed.queue), 'Arn'] },
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 1,
      ScalingConfig: { MaximumConcurrency: 4 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const props = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, worker.function)]!.Properties!;
    expect(props.Timeout).toBe(INGEST_TELEMETRY_WORKER.fn.timeoutSeconds);
    expect(props.Timeout * 6).toBeLessThanOrEqual(TELEMETRY_INGEST_QUEUE.visibilityTimeoutSeconds);
  });

  it('gives the ingest worker the queue actions of its own queue and nothing else of SQS', () => {
    const worker = synth.stack.stateless.consumers.get('telemetry-ingest')!;
    const queueArn = `<${logicalId(synth.stack, synth.stack.stateless.queues.get('telemetry-ingest')!.queue)}.Arn>`;
    const sqsStatements = roleStatements(synth.template, logicalId(synth.stack, worker.role)).filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
    expect(new Set(sqsStatements.flatMap(resourcesOfStatement))).toEqual(new Set([queueArn]));
    expect(actionsOf(sqsStatements).filter((a) => a.startsWith('sqs:Send'))).toEqual([]);
    expect(new Set(actionsOf(sqsStatements))).toEqual(new Set(['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']));
  });

  it('the IoT rules role may only send to the rule queues and the error queue', () => {
    const rolesOfIot = Object.entries(resourcesOf(synth.template, 'AWS::IAM::Role')).filter(([, r]) =>
      JSON.stringify(r.Properties!.AssumeRolePolicyDocument).includes('iot.amazonaws.com'),
    );
    expect(rolesOfIot).toHaveLength(1);
    const statements = roleStatements(synth.template, rolesOfIot[0]![0]);
    expect(new Set(actionsOf(statements).filter((a) => !a.startsWith('sqs:SendMessage') && !a.startsWith('sqs:GetQueue')))).toEqual(new Set());
    const queueIds = [synth.stack.stateless.iotErrorQueue!, synth.stack.stateless.queues.get('telemetry-events')!.queue, synth.stack.stateless.queues.get('telemetry-ingest')!.queue].map((q) => `<${logicalId(synth.stack, q)}.Arn>`);
    expect(new Set(statements.flatMap(resourcesOfStatement))).toEqual(new Set(queueIds));
  });
});

describe('the device policy', () => {
  it('lets a device connect only as its attached thing and publish only to its own topic', () => {
    const policies = Object.values(resourcesOf(synth.template, 'AWS::IoT::Policy'));
    expect(policies).toHaveLength(1);
    const { PolicyName, PolicyDocument } = policies[0]!.Properties!;
    expect(PolicyName).toBe('hydrant-dev-devices');
    const prefix = 'arn:<AWS::Partition>:iot:<AWS::Region>:<AWS::AccountId>:';
    const statements = (PolicyDocument.Statement as Record<string, any>[]).map((s) => ({ ...s, Resource: s.Resource.map(render) }));
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['iot:Connect'],
        Resource: [`${prefix}client/\${iot:Connection.Thing.ThingName}`],
        Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } },
      },
      {
        Effect: 'Allow',
        Action: ['iot:Publish'],
        Resource: [`${prefix}topic/hydrant/\${iot:Connection.Thing.ThingName}/telemetry`],
        Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } },
      },
    ]);
  });
});

describe('functions that manage devices', () => {
  const EXPECTED = {
    thing: ['iot:AttachThingPrincipal', 'iot:CreateThing', 'iot:DeleteThing', 'iot:DetachThingPrincipal'],
    cert: ['iot:AttachPolicy', 'iot:AttachThingPrincipal', 'iot:DeleteCertificate', 'iot:DescribeCertificate', 'iot:DetachPolicy', 'iot:DetachThingPrincipal', 'iot:UpdateCertificate'],
    any: ['iot:CreateKeysAndCertificate', 'iot:DescribeEndpoint'],
  };

  it('get the device policy name and exactly the IoT calls of provisioning and revoking, scoped to things and certificates', () => {
    const managers = declaredFunctions(synth, model).filter((f) => f.access.iotDevices === 'manage');
    expect(managers.map((f) => f.what)).toEqual(['registerDevice']);
    const policyId = Object.keys(resourcesOf(synth.template, 'AWS::IoT::Policy'))[0]!;
    for (const { fn } of managers) {
      const env = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, fn.function)]!.Properties!.Environment.Variables;
      expect(env.IOT_DEVICE_POLICY).toEqual({ Ref: policyId });
      const granted: Record<string, string[]> = { thing: [], cert: [], any: [] };
      for (const statement of roleStatements(synth.template, logicalId(synth.stack, fn.role))) {
        const iot = actionsOf([statement]).filter((a) => a.startsWith('iot:'));
        if (iot.length === 0) continue;
        expect(statement.Effect).toBe('Allow');
        expect(iot.some((a) => a.includes('*')), 'no iot wildcard action').toBe(false);
        for (const resource of resourcesOfStatement(statement)) {
          const kind = resource === '*' ? 'any' : resource === 'arn:<AWS::Partition>:iot:<AWS::Region>:<AWS::AccountId>:thing/*' ? 'thing' : resource === 'arn:<AWS::Partition>:iot:<AWS::Region>:<AWS::AccountId>:cert/*' ? 'cert' : resource;
          expect(Object.keys(granted), resource).toContain(kind);
          granted[kind]!.push(...iot);
        }
      }
      expect(Object.fromEntries(Object.entries(granted).map(([k, v]) => [k, [...new Set(v)].sort()]))).toEqual(EXPECTED);
    }
  });

  it('no other function may call IoT', () => {
    for (const { what, fn, access } of declaredFunctions(synth, model)) {
      if (access.iotDevices === 'manage') continue;
      expect(actionsOf(roleStatements(synth.template, logicalId(synth.stack, fn.role))).filter((a) => a.startsWith('iot:')), what).toEqual([]);
    }
  });

  it('a model without IoT rules or device management has no device policy', () => {
    const bare = synthHydrant({ model: { ...fixtureModel, iotRules: [], routes: fixtureModel.routes.filter((r) => !r.fn.access.iotDevices) }, functionsDir: FIXTURE_FUNCTIONS });
    expect(Object.keys(resourcesOf(bare.template, 'AWS::IoT::Policy'))).toEqual([]);
    expect(Object.keys(resourcesOf(bare.template, 'AWS::IoT::TopicRule'))).toEqual([]);
  });
});
