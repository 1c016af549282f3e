/**
 * The verify worker: consumes `document-uploads`, the documents bucket's `Object Created`
 * events (EventBridge's S3 event, forwarded by a rule; locally the local stack builds the
 * same event from fauxqs's writes and sends it to the same queue). Per record:
 *   1. the key must be a document's (`documents/<tenant>/<id>`); the document must exist
 *      and not be rejected (otherwise the object is removed) and still be `pending` (a
 *      repeated notification of an available one changes nothing);
 *   2. the object is read back, streaming, to count its bytes and hash them (SHA-256);
 *   3. matching size and checksum: `available`, with the `document.available` outbox
 *      event in the same transaction; otherwise `rejected` with the reason, and the
 *      bytes are deleted, so a document whose bytes do not match never becomes available.
 * In the cloud S3 itself already refuses an upload whose body does not match the signed
 * `x-amz-checksum-sha256`; this check is what holds everywhere, including fauxqs, which
 * verifies no checksum.
 * Any error, and a body that is not such an event, fails the SQS record (retried, then DLQ).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ulid } from 'ulid';
import * as z from 'zod';
import { getDocument, saveVerdict } from '#adapters/dynamodb/documents-repository';
import { deleteObject, digestObject } from '#adapters/s3/documents-bucket';
import { documentAvailableData, MAX_DOCUMENT_BYTES, parseDocumentObjectKey, verifiedDocument } from '#domain/documents';
import { publishMetrics } from '#platform/publish-metrics';
import { logger, metrics, tracer } from '#platform/observability';

/** EventBridge's `Object Created` event of S3 (what the rule forwards to the queue). */
const ObjectCreated = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.object({ object: z.object({ key: z.string().min(1) }) }),
});

export type VerifyOutcome = 'available' | 'rejected' | 'skipped';

/** Verifies the object at one key. */
export async function verifyObject(key: string): Promise<VerifyOutcome> {
  const ref = parseDocumentObjectKey(key);
  if (!ref) {
    logger.warn('Object created outside the document key scheme: left alone', { key });
    return 'skipped';
  }
  const doc = await getDocument(ref.tenantId, ref.id);
  if (!doc) {
    logger.warn('Object of a document that does not exist (deleted): removed', { key });
    await deleteObject(key);
    return 'skipped';
  }
  if (doc.status === 'rejected') {
    // Bytes uploaded again to a rejected document's URL: never kept.
    await deleteObject(key);
    return 'skipped';
  }
  if (doc.status !== 'pending') return 'skipped';
  const observed = await digestObject(key, MAX_DOCUMENT_BYTES);
  if (!observed) return 'skipped'; // deleted since the notification: nothing to verify
  const now = new Date().toISOString();
  const verdict = verifiedDocument(doc, observed, now);
  const event =
    verdict.status === 'available' ? { id: ulid(), type: 'document.available', occurredAt: now, tenant: ref.tenantId, data: documentAvailableData(verdict) } : undefined;
  if (!(await saveVerdict(ref.tenantId, verdict, doc.version, event))) return 'skipped';
  if (verdict.status === 'rejected') {
    logger.warn('Upload does not match its declaration: rejected and deleted', { documentId: doc.id, reason: verdict.rejectedReason });
    await deleteObject(key);
  }
  metrics.addMetric(verdict.status === 'available' ? 'DocumentsAvailable' : 'DocumentsRejected', MetricUnit.Count, 1);
  return verdict.status === 'available' ? 'available' : 'rejected';
}

export async function processUploadRecord(record: SQSRecord): Promise<VerifyOutcome> {
  return verifyObject(ObjectCreated.parse(JSON.parse(record.body)).detail.object.key);
}

const processor = new BatchProcessor(EventType.SQS);

export async function handleDocumentUploads(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return processPartialResponse(event, processUploadRecord, processor, { context, throwOnFullBatchFailure: false });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer))
  .use(publishMetrics(metrics))
  .handler(handleDocumentUploads);
