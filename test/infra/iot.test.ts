/**
 * IoT wiring: the model's topic rules (Lambda and SQS actions, an error action on every
 * rule, the ingest function's permission scoped to its rule and its on-failure
 * destination), the device policy (thing-name variable, attached thing), and the
 * least-privilege grants of a function that manages devices. Synthesised from the
 * fixture model with the app model's real IoT rules (fixture handler modules).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { iotRules } from '#lib/model/iot-rules';
import type { AppModel } from '#lib/model/types';
import { fixtureModel } from './fixtures/model';
import { FIXTURE_FUNCTIONS, actionsOf, declaredFunctions, logicalId, render, resourcesOf, resourcesOfStatement, roleStatements, synthHydrant, type Synthesised } from './synth';

const model: AppModel = { ...fixtureModel, iotRules };
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

  it('telemetry_store invokes the ingest function; telemetry_events sends to the telemetry-events queue', () => {
    const ingest = synth.stack.stateless.iotRuleFunctions.get('telemetry_store')!;
    const queue = synth.stack.stateless.queues.get('telemetry-events')!;
    synth.template.hasResourceProperties('AWS::IoT::TopicRule', {
      RuleName: 'hydrant_dev_telemetry_store',
      TopicRulePayload: Match.objectLike({ Actions: [{ Lambda: { FunctionArn: { 'Fn::GetAtt': [logicalId(synth.stack, ingest.function), 'Arn'] } } }] }),
    });
    synth.template.hasResourceProperties('AWS::IoT::TopicRule', {
      RuleName: 'hydrant_dev_telemetry_events',
      TopicRulePayload: Match.objectLike({ Actions: [{ Sqs: Match.objectLike({ QueueUrl: { Ref: logicalId(synth.stack, queue.queue) }, UseBase64: false }) }] }),
    });
    expect(ingest.entry).toBe(`${FIXTURE_FUNCTIONS}/workers/ingest-telemetry.ts`);
    const props = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, ingest.function)]!.Properties!;
    const decl = iotRules[0]!.actions[0]!;
    expect(decl.kind).toBe('function');
    if (decl.kind === 'function') {
      expect(props.Timeout).toBe(decl.fn.timeoutSeconds);
      expect(props.MemorySize).toBe(decl.fn.memoryMb);
    }
  });

  it('lets IoT invoke the ingest function for its own rule only', () => {
    const ingest = synth.stack.stateless.iotRuleFunctions.get('telemetry_store')!;
    const fnId = logicalId(synth.stack, ingest.function);
    const ruleId = Object.entries(resourcesOf(synth.template, 'AWS::IoT::TopicRule')).find(([, r]) => r.Properties!.RuleName === 'hydrant_dev_telemetry_store')![0];
    const permissions = Object.values(resourcesOf(synth.template, 'AWS::Lambda::Permission')).filter((p) => p.Properties!.Principal === 'iot.amazonaws.com');
    expect(permissions).toHaveLength(1);
    expect(permissions[0]!.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'iot.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('keeps what the ingest function failed on: two retries, then the IoT error queue', () => {
    const ingest = synth.stack.stateless.iotRuleFunctions.get('telemetry_store')!;
    const errorQueueId = logicalId(synth.stack, synth.stack.stateless.iotErrorQueue!);
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(synth.stack, ingest.function) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [errorQueueId, 'Arn'] } } },
    });
    const sends = roleStatements(synth.template, logicalId(synth.stack, ingest.role)).filter((s) => actionsOf([s]).includes('sqs:SendMessage'));
    expect(sends.flatMap(resourcesOfStatement)).toEqual([`<${errorQueueId}.Arn>`]);
  });

  it('the IoT rules role may only send to the rule queues and the error queue', () => {
    const rolesOfIot = Object.entries(resourcesOf(synth.template, 'AWS::IAM::Role')).filter(([, r]) =>
      JSON.stringify(r.Properties!.AssumeRolePolicyDocument).includes('iot.amazonaws.com'),
    );
    expect(rolesOfIot).toHaveLength(1);
    const statements = roleStatements(synth.template, rolesOfIot[0]![0]);
    expect(new Set(actionsOf(statements).filter((a) => !a.startsWith('sqs:SendMessage') && !a.startsWith('sqs:GetQueue')))).toEqual(new Set());
    const queueIds = [synth.stack.stateless.iotErrorQueue!, synth.stack.stateless.queues.get('telemetry-events')!.queue].map((q) => `<${logicalId(synth.stack, q)}.Arn>`);
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
