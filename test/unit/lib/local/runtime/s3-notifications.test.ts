import { describe, expect, it } from 'vitest';
import { createdObjectOf } from '#lib/local/emulators/fauxqs/launcher';
import { objectCreatedEvent } from '#lib/local/runtime/s3-notifications';

describe('objects fauxqs created', () => {
  it('are object PUTs, copies and completed multipart uploads that succeeded, path style', () => {
    expect(createdObjectOf('PUT', '/bucket/documents/t1/ID?X-Amz-Signature=abc', 200, false)).toEqual({ bucket: 'bucket', key: 'documents/t1/ID', how: 'Put' });
    expect(createdObjectOf('PUT', '/bucket/a%20b.pdf', 200, true)).toEqual({ bucket: 'bucket', key: 'a b.pdf', how: 'Copy' });
    expect(createdObjectOf('POST', '/bucket/big.mp4?uploadId=u1', 200, false)).toEqual({ bucket: 'bucket', key: 'big.mp4', how: 'CompleteMultipartUpload' });
  });

  it('are not failed writes, parts, bucket creations, reads or SQS calls', () => {
    expect(createdObjectOf('PUT', '/bucket/k', 403, false)).toBeUndefined();
    expect(createdObjectOf('PUT', '/bucket/k?partNumber=1&uploadId=u', 200, false)).toBeUndefined();
    expect(createdObjectOf('PUT', '/bucket', 200, false)).toBeUndefined();
    expect(createdObjectOf('GET', '/bucket/k', 200, false)).toBeUndefined();
    expect(createdObjectOf('POST', '/000000000000/queue', 200, false)).toBeUndefined();
  });
});

describe('the event', () => {
  it('is EventBridge\'s S3 Object Created event, as the rule forwards it in the cloud', () => {
    const body = JSON.parse(objectCreatedEvent({ bucket: 'b', key: 'documents/t1/ID', how: 'Put' }, 42, '"etag"', 'v1', new Date('2026-12-01T10:00:00Z')));
    expect(body).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      time: '2026-12-01T10:00:00Z',
      resources: ['arn:aws:s3:::b'],
      detail: { bucket: { name: 'b' }, object: { key: 'documents/t1/ID', size: 42, etag: 'etag', 'version-id': 'v1' }, reason: 'PutObject' },
    });
  });
});
