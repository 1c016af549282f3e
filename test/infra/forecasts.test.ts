/**
 * The forecast slice in the synthesised stack (the real model): the worker consumes
 * `forecast-jobs` with partial batch responses, one record at a time, with a timeout
 * below the visibility timeout and 1 GB; only the create route may send to the queue;
 * the worker reads telemetry and may not write it; it reads CSV documents (GetObject and
 * GetObjectVersion, kms:Decrypt) under `documents/` only and writes nothing to the bucket.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { queueUrlVariable } from '#lib/cloud/hydrant-function';
import { actionsOf, logicalId, render, resourcesOf, resourcesOfStatement, roleStatements, synthHydrant, type Synthesised } from './synth';

let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant();
});

describe('the forecast worker', () => {
  it('consumes forecast-jobs one record at a time with partial batch responses, 240 s below the 300 s visibility timeout, 1024 MB', () => {
    const consumer = synth.stack.stateless.consumers.get('forecast-jobs')!;
    const queue = synth.stack.stateless.queues.get('forecast-jobs')!;
    expect(consumer.entry).toMatch(/functions\/workers\/forecast\.ts$/);
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(synth.stack, consumer.function) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack, queue.queue), 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const fn = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, consumer.function)]!.Properties!;
    const q = resourcesOf(synth.template, 'AWS::SQS::Queue')[logicalId(synth.stack, queue.queue)]!.Properties!;
    expect([fn.Timeout, fn.MemorySize, q.VisibilityTimeout]).toEqual([240, 1024, 300]);
    expect(q.RedrivePolicy).toMatchObject({ maxReceiveCount: 3, deadLetterTargetArn: expect.anything() });
  });

  it('reads telemetry but cannot write it, and sends to no queue', () => {
    const consumer = synth.stack.stateless.consumers.get('forecast-jobs')!;
    const actions = actionsOf(roleStatements(synth.template, logicalId(synth.stack, consumer.role)));
    const env = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, consumer.function)]!.Properties!.Environment.Variables;
    expect(env.TELEMETRY_STORE).toBe('timestream');
    expect(actions).toContain('timestream:Select');
    expect(actions).not.toContain('timestream:WriteRecords');
    expect(actions).not.toContain('sqs:SendMessage');
    expect(env[queueUrlVariable('forecast-jobs')]).toBeUndefined();
  });
});

describe('the forecast worker and the documents bucket', () => {
  it('reads objects (and their versions) under documents/ only, may decrypt them, and writes or deletes nothing', () => {
    const consumer = synth.stack.stateless.consumers.get('forecast-jobs')!;
    const statements = roleStatements(synth.template, logicalId(synth.stack, consumer.role));
    const s3 = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
    expect(actionsOf(s3).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    const bucket = `<${logicalId(synth.stack, synth.stack.stateful.documentsBucket)}.Arn>`;
    for (const s of s3) expect(resourcesOfStatement(s)).toEqual([`${bucket}/documents/*`]);
    const kms = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
    expect(actionsOf(kms)).toEqual(['kms:Decrypt']);
    expect(kms.map((s) => render(s.Resource))).toEqual([`<${logicalId(synth.stack, synth.stack.stateful.documentsKey)}.Arn>`]);
    const env = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, consumer.function)]!.Properties!.Environment.Variables;
    expect(env.DOCUMENTS_BUCKET).toEqual({ Ref: logicalId(synth.stack, synth.stack.stateful.documentsBucket) });
  });

  it('the create route checks the document in the table but has no access to the bucket', () => {
    const fn = synth.stack.stateless.routeFunctions.get('createForecast')!;
    const actions = actionsOf(roleStatements(synth.template, logicalId(synth.stack, fn.role)));
    expect(actions.filter((a) => a.startsWith('s3:') || a.startsWith('kms:'))).toEqual([]);
  });
});

describe('the forecast routes', () => {
  it('only createForecast may send to forecast-jobs (with its QUEUE_URL variable); the reads may not write the table', () => {
    const functions = resourcesOf(synth.template, 'AWS::Lambda::Function');
    for (const id of ['createForecast', 'listForecasts', 'getForecast', 'getForecastChart']) {
      const fn = synth.stack.stateless.routeFunctions.get(id)!;
      const env = functions[logicalId(synth.stack, fn.function)]!.Properties!.Environment.Variables;
      const actions = actionsOf(roleStatements(synth.template, logicalId(synth.stack, fn.role)));
      const creates = id === 'createForecast';
      expect([id, actions.includes('sqs:SendMessage'), env[queueUrlVariable('forecast-jobs')] !== undefined]).toEqual([id, creates, creates]);
    }
  });

  it('receives a multipart upload as its bytes (the API declares multipart/form-data binary: base64 to the function), and runs within 15 s with 512 MB', () => {
    const api = Object.values(resourcesOf(synth.template, 'AWS::ApiGateway::RestApi'))[0]!.Properties!;
    expect(api.BinaryMediaTypes).toEqual(['multipart/form-data']);
    const fn = synth.stack.stateless.routeFunctions.get('createForecast')!;
    const props = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, fn.function)]!.Properties!;
    expect([props.Timeout, props.MemorySize]).toEqual([15, 512]);
  });
});
