/**
 * Verify the bytes uploaded for a document (the verify worker's use case, run on each
 * `Object Created` event of the documents bucket).
 *
 * Steps:
 *   1. the key must be a document's (`documents/<tenant>/<id>`), else the object is left
 *      alone; the document must exist and not be rejected (otherwise the object is
 *      removed) and still be `pending` (a repeated notification of an available one
 *      changes nothing);
 *   2. read the object back, streaming, to count its bytes and hash them (SHA-256);
 *   3. matching size and checksum: `available`, with the `document.available` outbox event
 *      in the same transaction (conditioned on the version read); otherwise `rejected` with
 *      the reason, and the bytes are deleted, so a document whose bytes do not match never
 *      becomes available.
 * In the cloud S3 itself already refuses an upload whose body does not match the signed
 * `x-amz-checksum-sha256`; this check is what holds everywhere, including fauxqs, which
 * verifies no checksum. Any error is thrown (the caller retries).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ulid } from 'ulid';
import { getDocument, saveVerdict } from '#adapters/dynamodb/documents-repository';
import { deleteObject, digestObject } from '#adapters/s3/documents-bucket';
import { documentAvailableEvent, MAX_DOCUMENT_BYTES, parseDocumentObjectKey, verifiedDocument } from '#domain/documents';
import { logger, metrics } from '#platform/observability';

export type VerifyOutcome = 'available' | 'rejected' | 'skipped';

/** Verifies the object at one key of the documents bucket. */
export async function verifyDocumentUpload(key: string): Promise<VerifyOutcome> {
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
  const event = verdict.status === 'available' ? documentAvailableEvent(ulid(), ref.tenantId, verdict, now) : undefined;
  if (!(await saveVerdict(ref.tenantId, verdict, doc.version, event))) return 'skipped';
  if (verdict.status === 'rejected') {
    logger.warn('Upload does not match its declaration: rejected and deleted', { documentId: doc.id, reason: verdict.rejectedReason });
    await deleteObject(key);
  }
  metrics.addMetric(verdict.status === 'available' ? 'DocumentsAvailable' : 'DocumentsRejected', MetricUnit.Count, 1);
  return verdict.status === 'available' ? 'available' : 'rejected';
}
