import { Template } from 'aws-cdk-lib/assertions';
/**
 * Notifications, documents and service requests in the synthesised stack (the real
 * model): the two new workers consume their queues with partial batch responses and a
 * DLQ; the documents bucket sends its Object Created events to EventBridge and a rule
 * forwards those under `documents/` to `document-uploads`; S3 grants are limited to the
 * `documents/` prefix and to the actions each function needs; the notifications worker
 * may only list the users of a group.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { appModel } from '#lib/model/index';
import { MODELS_PREFIX } from '#lib/model/routes/ai';
import { actionsOf, logicalId, render, resourcesOf, resourcesOfStatement, roleStatements, synthHydrant, type Synthesised } from './synth';

let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant();
});

const roleOf = (fn: { role: never }) => logicalId(synth.stack, fn.role);
const s3Statements = (fn: { role: never }) => roleStatements(synth.template, roleOf(fn)).filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));

describe('workers', () => {
  for (const [queueName, handler, batch, receives] of [
    ['notifications', 'workers/notifications', 10, 5],
    ['document-uploads', 'workers/verify-document', 5, 5],
  ] as const) {
    it(`${queueName}: consumed by ${handler} in batches of ${batch} with partial failures, a DLQ after ${receives} receives, timeout below visibility`, () => {
      const consumer = synth.stack.stateless.consumers.get(queueName)!;
      const queue = synth.stack.stateless.queues.get(queueName)!;
      expect(consumer.entry).toMatch(new RegExp(`functions/${handler}\\.ts$`));
      synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(synth.stack, consumer.function) },
        EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack, queue.queue), 'Arn'] },
        BatchSize: batch,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const q = resourcesOf(synth.template, 'AWS::SQS::Queue')[logicalId(synth.stack, queue.queue)]!.Properties!;
      const fn = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, consumer.function)]!.Properties!;
      expect(q.RedrivePolicy).toMatchObject({ maxReceiveCount: receives, deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(synth.stack, queue.deadLetterQueue), 'Arn'] } });
      expect(fn.Timeout).toBeLessThan(q.VisibilityTimeout);
    });
  }

  it('the notifications worker finds recipients in the users table: it reads the table and makes no Cognito call', () => {
    const consumer = synth.stack.stateless.consumers.get('notifications')!;
    const actions = actionsOf(roleStatements(synth.template, roleOf(consumer as never)));
    expect(actions.filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
    expect(actions).toContain('dynamodb:Query');
    expect(s3Statements(consumer as never)).toEqual([]);
  });
});

describe('documents bucket events', () => {
  it('the bucket sends its events to EventBridge natively (no custom resource)', () => {
    const bucket = resourcesOf(synth.template, 'AWS::S3::Bucket')[logicalId(synth.stack, synth.stack.stateful.documentsBucket)]!.Properties!;
    expect(bucket.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(Object.keys(resourcesOf(synth.template, 'Custom::S3BucketNotifications'))).toEqual([]);
  });

  it('a rule forwards Object Created of this bucket under documents/ to document-uploads, which allows EventBridge to send', () => {
    const queue = synth.stack.stateless.queues.get('document-uploads')!;
    const queueArn = { 'Fn::GetAtt': [logicalId(synth.stack, queue.queue), 'Arn'] };
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [{ Ref: logicalId(synth.stack, synth.stack.stateful.documentsBucket) }] }, object: { key: [{ prefix: 'documents/' }] } },
      },
      Targets: [Match.objectLike({ Arn: queueArn })],
    });
    const policies = Object.values(resourcesOf(synth.template, 'AWS::SQS::QueuePolicy')).filter((p) => JSON.stringify(p.Properties!.Queues).includes(logicalId(synth.stack, queue.queue)));
    const statements = policies.flatMap((p) => p.Properties!.PolicyDocument.Statement as Record<string, any>[]);
    expect(statements.some((s) => s.Effect === 'Allow' && s.Principal?.Service === 'events.amazonaws.com' && actionsOf([s]).includes('sqs:SendMessage'))).toBe(true);
  });
});

describe('least privilege on the documents bucket', () => {
  const bucketObjects = () => `<${logicalId(synth.stack, synth.stack.stateful.documentsBucket)}.Arn>/documents/*`;
  const expected: Record<string, string[]> = {
    createDocument: ['s3:PutObject'],
    getDocument: ['s3:GetObject', 's3:GetObjectVersion'],
    deleteDocument: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
    listDocuments: [],
    listNotifications: [],
    createServiceRequest: [],
  };

  for (const [operationId, actions] of Object.entries(expected)) {
    it(`${operationId}: ${actions.length ? actions.join(', ') : 'no S3 action'}, on documents/* only`, () => {
      const fn = synth.stack.stateless.routeFunction(operationId);
      const statements = s3Statements(fn as never);
      expect(actionsOf(statements).sort()).toEqual(actions);
      for (const s of statements) expect(resourcesOfStatement(s)).toEqual([bucketObjects()]);
    });
  }

  it('the verify worker reads and deletes under documents/ only', () => {
    const consumer = synth.stack.stateless.consumers.get('document-uploads')!;
    const statements = s3Statements(consumer as never);
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:DeleteObject']));
    for (const s of statements) expect(resourcesOfStatement(s)).toEqual([bucketObjects()]);
  });

  it('a presigning route may encrypt for its uploads but not decrypt', () => {
    const fn = synth.stack.stateless.routeFunction('createDocument');
    const kms = roleStatements(synth.template, roleOf(fn as never)).filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
    expect(actionsOf(kms)).toEqual(['kms:GenerateDataKey']);
    expect(render(kms[0]!.Resource)).toBe(`<${logicalId(synth.stack, synth.stack.stateful.documentsKey)}.Arn>`);
  });

  it('no function of the stack has S3 access outside documents/, but the water-quality model functions under models/', () => {
    const bucket = `<${logicalId(synth.stack, synth.stack.stateful.documentsBucket)}.Arn>`;
    const withModels = new Set<string>();
    for (const role of Object.keys(resourcesOf(synth.template, 'AWS::IAM::Role'))) {
      for (const s of roleStatements(synth.template, role).filter((st) => actionsOf([st]).some((a) => a.startsWith('s3:')))) {
        for (const resource of resourcesOfStatement(s)) {
          if (!resource.startsWith(bucket)) continue;
          expect([`${bucket}/documents/*`, `${bucket}/${MODELS_PREFIX}*`], role).toContain(resource);
          if (resource === `${bucket}/${MODELS_PREFIX}*`) withModels.add(role);
        }
      }
    }
    // Exactly the functions whose declaration names the prefix: those routes (batch among them when it may run one) and the training worker.
    const declared = appModel.routes.filter((r) => r.fn.access.documentsPrefixes?.includes(MODELS_PREFIX)).map((r) => `${r.operationId}Role`);
    expect(declared.length).toBeGreaterThan(0);
    const roles = [...withModels].map((r) => r.replace(/[0-9A-F]{8}$/, ''));
    expect(roles.filter((r) => !/modeltrainingRole$/.test(r)).sort()).toEqual(declared.sort());
    expect(roles.filter((r) => /modeltrainingRole$/.test(r))).toHaveLength(1);
  });

  it('keeps every stack under CloudFormation\'s 500 resources (route functions in nested stacks, grants as inline role policies)', () => {
    const count = (t: { toJSON(): unknown }) => Object.keys((t.toJSON() as { Resources: object }).Resources).length;
    expect(count(synth.parentTemplate)).toBeLessThan(500);
    for (const nested of synth.stack.stateless.routeStacks.values()) expect(count(Template.fromStack(nested))).toBeLessThan(500);
    // Besides the four of before, the AppSync resolver's service role and its logs role (the AppSync constructs' own policies).
    expect(Object.keys(resourcesOf(synth.template, 'AWS::IAM::Policy')).length).toBeLessThan(7);
  });
});
