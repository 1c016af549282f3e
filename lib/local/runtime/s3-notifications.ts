/**
 * The documents bucket's ObjectCreated events for the local stack. In the cloud the
 * bucket sends its events to EventBridge and a rule forwards them to each model queue
 * with an `objectCreatedPrefix`; fauxqs sends no events, so the stack listens to its
 * successful writes and sends those queues the same EventBridge event (`Object Created`,
 * source `aws.s3`), so the same worker handles the same body in the cloud and locally.
 */
import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDecl } from '#lib/model/types';
import type { CreatedObject } from '../emulators/fauxqs/launcher';

const REASON = { Put: 'PutObject', Copy: 'CopyObject', CompleteMultipartUpload: 'CompleteMultipartUpload' } as const;

/** EventBridge's `Object Created` event of S3 for one object. */
export function objectCreatedEvent(object: CreatedObject, size: number, eTag: string, versionId: string | undefined, now = new Date()): string {
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: {
      version: '0',
      bucket: { name: object.bucket },
      object: { key: object.key, size, etag: eTag.replace(/"/g, ''), ...(versionId ? { 'version-id': versionId } : {}), sequencer: now.getTime().toString(16).toUpperCase() },
      'request-id': randomUUID(),
      requester: '000000000000',
      reason: REASON[object.how],
    },
  });
}

/** Returns the listener to give fauxqs: for an object of `bucket` under a queue's prefix, send that queue the event. */
export function objectCreatedNotifier(
  clients: { s3: S3Client; sqs: SQSClient },
  bucket: string,
  queues: readonly QueueDecl[],
  queueUrls: Readonly<Record<string, string>>,
  onError: (error: unknown) => void = console.error,
): (object: CreatedObject) => void {
  const targets = queues.filter((q) => q.objectCreatedPrefix !== undefined);
  return (object) => {
    if (object.bucket !== bucket) return;
    const matching = targets.filter((q) => object.key.startsWith(q.objectCreatedPrefix as string));
    if (matching.length === 0) return;
    void (async () => {
      const head = await clients.s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
      const body = objectCreatedEvent(object, head.ContentLength ?? 0, head.ETag ?? '', head.VersionId);
      for (const q of matching) await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrls[q.name], MessageBody: body }));
    })().catch(onError);
  };
}
