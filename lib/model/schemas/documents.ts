/** Documents and media in S3 (issue 8, "Requests, documents, reports"). */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_PARENT_TYPES, MAX_DOCUMENT_BYTES } from '#domain/documents';
import { FileName, Id, IsoDateTime, PageQuery, ResourceMeta } from './common';

const ParentType = lazySchema(() => z.enum(DOCUMENT_PARENT_TYPES));
const Tag = lazySchema(() => z.string().trim().regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$/u, 'letters, digits, space, dot, dash or underscore; at most 40'));
const Sha256 = lazySchema(() => z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the SHA-256 of the bytes in hex (64 characters)'));

export const CreateDocumentBody = lazySchema(() => z.strictObject({
  parentType: ParentType,
  parentId: Id,
  fileName: FileName,
  contentType: z.enum(DOCUMENT_CONTENT_TYPES).describe('One of the allowed media types'),
  sizeBytes: z.int().min(1).max(MAX_DOCUMENT_BYTES).describe(`At most ${MAX_DOCUMENT_BYTES} bytes (50 MiB)`),
  sha256: Sha256,
  tags: z.array(Tag).max(20).optional(),
}));

export const ListDocumentsQuery = lazySchema(() => PageQuery.extend({ parentType: ParentType, parentId: Id }));

export const DocumentSchema = lazySchema(() => z
  .object({
    ...ResourceMeta,
    parentType: ParentType,
    parentId: Id,
    clientId: Id.nullable(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.int(),
    sha256: z.string(),
    tags: z.array(z.string()),
    status: z.enum(['pending', 'available', 'rejected']).describe('available once the stored bytes matched the declared size and SHA-256'),
    uploadedBy: z.object({ subject: z.string(), username: z.string().nullable() }),
    availableAt: IsoDateTime.nullable(),
    rejectedReason: z.string().nullable(),
    previousParent: z.object({ type: ParentType, id: Id }).nullable().optional(),
    download: z
      .object({ url: z.string(), expiresAt: IsoDateTime })
      .optional()
      .describe('A short-lived download URL (GET of one document, once available)'),
  })
  .meta({ id: 'Document' }));

export const DocumentUpload = lazySchema(() => z
  .object({
    document: DocumentSchema,
    upload: z.object({
      url: z.string(),
      method: z.literal('PUT'),
      headers: z.record(z.string(), z.string()).describe('Send exactly these headers: they are signed'),
      expiresAt: IsoDateTime,
    }),
  })
  .meta({ id: 'DocumentUpload' }));

export const documentExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7D0C',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  parentType: 'request',
  parentId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q',
  clientId: '01JC8Y5T0000000000ACME0001',
  fileName: 'fuite-trottoir.jpg',
  contentType: 'image/jpeg',
  sizeBytes: 482113,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  tags: ['photo'],
  status: 'pending',
  uploadedBy: { subject: 'b3f1c2d4-0000-4000-8000-000000000004', username: 'client@hydrant.local' },
  availableAt: null,
  rejectedReason: null,
};

export const createDocumentExample = {
  parentType: documentExample.parentType,
  parentId: documentExample.parentId,
  fileName: documentExample.fileName,
  contentType: documentExample.contentType,
  sizeBytes: documentExample.sizeBytes,
  sha256: documentExample.sha256,
  tags: documentExample.tags,
};
