/**
 * The verify worker: consumes `document-uploads`, the documents bucket's `Object Created`
 * events (EventBridge's S3 event, forwarded by a rule; locally the local stack builds the
 * same event from fauxqs's writes and sends it to the same queue), and verifies each
 * uploaded object against its document's declaration (`verifyDocumentUpload`). Any error,
 * and a body that is not such an event, fails only its record (retried, then DLQ).
 */
import * as z from 'zod';
import { verifyDocumentUpload } from '#application/documents/verify-document-upload';
import { sqsWorker } from '#platform/sqs-worker';

/** EventBridge's `Object Created` event of S3 (what the rule forwards to the queue). */
export const ObjectCreated = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.object({ object: z.object({ key: z.string().min(1) }) }),
});

export const handler = sqsWorker(ObjectCreated, (event) => verifyDocumentUpload(event.detail.object.key));
