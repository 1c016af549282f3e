/**
 * Documents and media (photos, PDFs, spreadsheets) attached to a site, an asset, a work
 * order or a service request, stored in S3. A document is created `pending` with the
 * size and SHA-256 the uploader declares; it becomes `available` only once the stored
 * bytes were read back and match both, otherwise it is `rejected` (and its bytes deleted).
 *
 * Pure: no AWS SDK, no I/O.
 */
import type { DomainEvent } from './events';
import type { Principal } from './principal';
import { canSeeClientData } from './principal';
import { domainEvent } from './events';

export const DOCUMENT_PARENT_TYPES = ['site', 'asset', 'work-order', 'request'] as const;
export type DocumentParentType = (typeof DOCUMENT_PARENT_TYPES)[number];

/** What may be uploaded: photos and videos of the field, PDFs, office documents, plain data. */
export const DOCUMENT_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'video/mp4',
  'application/pdf',
  'text/plain',
  'text/csv',
  'audio/wav',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** 50 MiB: the largest upload (one presigned PUT; S3 takes up to 5 GB in one PUT). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
/** How long an upload URL is valid. */
export const UPLOAD_URL_SECONDS = 300;
/** How long a download URL is valid. */
export const DOWNLOAD_URL_SECONDS = 300;

export type DocumentStatus = 'pending' | 'available' | 'rejected';

export interface DocumentParent {
  readonly type: DocumentParentType;
  readonly id: string;
  /** The client the parent belongs to (null: the operator's own). */
  readonly clientId: string | null;
}

export interface Document {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly parentType: DocumentParentType;
  readonly parentId: string;
  /** Copied from the parent at creation (and when re-parented): client users see only theirs. */
  readonly clientId: string | null;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Lower-case hex SHA-256 of the bytes, as declared by the uploader. */
  readonly sha256: string;
  readonly tags: readonly string[];
  readonly status: DocumentStatus;
  /** The S3 key: `documents/<tenant>/<id>`. */
  readonly objectKey: string;
  /** The S3 version that was verified (downloads name it, so a later overwrite is never served). */
  readonly objectVersion: string | null;
  readonly uploadedBy: { readonly subject: string; readonly username: string | null };
  readonly availableAt: string | null;
  readonly rejectedReason: string | null;
  /** Where a document came from when it was re-parented (a request's photo on its work order). */
  readonly previousParent?: { readonly type: DocumentParentType; readonly id: string } | null;
}

export interface NewDocument {
  readonly parentType: DocumentParentType;
  readonly parentId: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly tags?: readonly string[];
}

/** Every document object lives under this prefix; the bucket grants and the upload notification are limited to it. */
export const DOCUMENTS_PREFIX = 'documents/';

export const documentObjectKey = (tenantId: string, id: string): string => `${DOCUMENTS_PREFIX}${tenantId}/${id}`;

/** The tenant and document id of an object key, or undefined for a key that is not a document's. */
export function parseDocumentObjectKey(key: string): { tenantId: string; id: string } | undefined {
  const match = /^documents\/([^/]+)\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(key);
  return match ? { tenantId: match[1] as string, id: match[2] as string } : undefined;
}

/** Whether the caller may attach documents to that kind of parent: client users only to service requests. */
export function canAttachTo(principal: Principal, parentType: DocumentParentType): boolean {
  return principal.role !== 'client' || parentType === 'request';
}

export function newDocument(id: string, tenantId: string, input: NewDocument, parent: DocumentParent, who: Principal, now: string): Document {
  return {
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    parentType: input.parentType,
    parentId: input.parentId,
    clientId: parent.clientId,
    fileName: input.fileName,
    contentType: input.contentType,
    sizeBytes: input.sizeBytes,
    sha256: input.sha256.toLowerCase(),
    tags: [...new Set(input.tags ?? [])],
    status: 'pending',
    objectKey: documentObjectKey(tenantId, id),
    objectVersion: null,
    uploadedBy: { subject: who.subject, username: who.username ?? null },
    availableAt: null,
    rejectedReason: null,
  };
}

export const canSeeDocument = (principal: Principal, doc: Document): boolean => canSeeClientData(principal, doc.clientId);

/** The SHA-256 as S3's `x-amz-checksum-sha256` wants it: base64 of the 32 bytes. */
export const sha256Base64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

/** What the verify worker read back from storage. */
export interface ObservedObject {
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly versionId: string | null;
}

/**
 * The document once its stored bytes were read: `available` when size and checksum both
 * match what was declared, `rejected` with the reason otherwise. A document that is no
 * longer pending is returned unchanged (a repeated notification changes nothing).
 */
export function verifiedDocument(doc: Document, observed: ObservedObject, now: string): Document {
  if (doc.status !== 'pending') return doc;
  const problems: string[] = [];
  if (observed.sizeBytes !== doc.sizeBytes) problems.push(`size is ${observed.sizeBytes} bytes, ${doc.sizeBytes} declared`);
  if (observed.sha256.toLowerCase() !== doc.sha256) problems.push('SHA-256 does not match the declared checksum');
  const base = { ...doc, version: doc.version + 1, updatedAt: now };
  if (problems.length > 0) return { ...base, status: 'rejected', rejectedReason: problems.join('; ') };
  return { ...base, status: 'available', availableAt: now, objectVersion: observed.versionId };
}

/** The document moved to another parent (a request's photos onto the work order made from it). */
export function reparentedDocument(doc: Document, parent: DocumentParent, now: string): Document {
  return {
    ...doc,
    parentType: parent.type,
    parentId: parent.id,
    clientId: parent.clientId,
    previousParent: { type: doc.parentType, id: doc.parentId },
    version: doc.version + 1,
    updatedAt: now,
  };
}

/** The `document.available` event's data: the metadata, never a URL (URLs are per caller and short-lived). */
export function documentAvailableData(doc: Document) {
  const { objectKey: _key, objectVersion: _version, ...data } = doc;
  return data;
}

/** What the API shows of a document (not where its bytes are kept), with its download URL when given. */
export function documentView(doc: Document, download?: { url: string; expiresAt: string }) {
  const { objectKey: _key, objectVersion: _version, ...view } = doc;
  return download ? { ...view, download } : view;
}

/** `document.available`: a document's bytes were verified against its declaration. */
export function documentAvailableEvent(id: string, tenant: string, doc: Document, occurredAt: string) {
  return domainEvent('document.available', id, tenant, occurredAt, documentAvailableData(doc));
}
