/**
 * A file Hydrant made (a report), kept as a document of its parent. Steps:
 *   1. declare it `pending` with its size and SHA-256;
 *   2. write it to S3;
 *   3. make it `available` from what S3 stored (with the `document.available` event), as an
 *      upload is; the verify worker, notified too, finds it decided and leaves it.
 * Returns the document as it then is.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { createDocument, getDocument, saveVerdict } from '#adapters/dynamodb/documents-repository';
import { putGeneratedObject } from '#adapters/s3/documents-bucket';
import { documentAvailableEvent, newDocument, verifiedDocument, type Document, type DocumentParent } from '#domain/documents';
import type { Principal } from '#domain/principal';

export interface GeneratedFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  readonly tags: readonly string[];
}

export async function storeGeneratedDocument(who: Principal, parent: DocumentParent, file: GeneratedFile, now: string): Promise<Document> {
  const id = ulid();
  const declared = newDocument(
    id,
    who.tenantId,
    {
      parentType: parent.type,
      parentId: parent.id,
      fileName: file.fileName,
      contentType: file.contentType,
      sizeBytes: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      tags: file.tags,
    },
    parent,
    who,
    now,
  );
  await createDocument(who.tenantId, declared);
  const written = await putGeneratedObject(declared.objectKey, file.bytes, file.contentType);
  const verdict = verifiedDocument(declared, { sizeBytes: file.bytes.length, sha256: written.sha256, versionId: written.versionId }, new Date().toISOString());
  const event = documentAvailableEvent(ulid(), who.tenantId, verdict, verdict.updatedAt);
  // False when the verify worker decided first: then read what it decided.
  return (await saveVerdict(who.tenantId, verdict, declared.version, event)) ? verdict : ((await getDocument(who.tenantId, id)) ?? verdict);
}
