/**
 * Documents (issue 8): metadata in the table, bytes in the documents bucket under
 * `documents/<tenant>/<id>`. Uploads go straight to S3 with a presigned PUT; the
 * `document-uploads` queue receives the bucket's ObjectCreated notifications and its
 * worker verifies size and SHA-256 before a document becomes available.
 *
 * Who: every role attaches documents to what it can see (client users to their service
 * requests only) and reads them; admins and managers delete.
 */
import { DOCUMENTS_PREFIX } from '#domain/documents';
import type { QueueDecl, RouteDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import { CreateDocumentBody, createDocumentExample, DocumentSchema, documentExample, DocumentUpload, ListDocumentsQuery } from '../schemas/documents';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS } from './access';

const common = { tag: 'Documents', apiKey: true } as const;
const PREFIXES = [DOCUMENTS_PREFIX];

export const documentsRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'createDocument',
    method: 'POST',
    path: '/v1/documents',
    summary: 'Declare a document (size, SHA-256, type) and get a short-lived presigned upload URL; it is available once the upload is verified',
    handler: 'http/documents/create',
    auth: authenticated(ALL_ROLES),
    request: { body: CreateDocumentBody, bodyExample: createDocumentExample },
    idempotent: true,
    responses: {
      201: {
        description: 'Declared (pending); PUT the bytes to upload.url with upload.headers before upload.expiresAt',
        schema: DocumentUpload,
        example: { document: documentExample, upload: { url: 'https://hydrant-documents.s3.eu-west-3.amazonaws.com/documents/...', method: 'PUT', headers: { 'content-type': 'image/jpeg' }, expiresAt: '2026-11-21T09:35:00.000Z' } },
        headers: ['Location'],
      },
    },
    // Presigning an upload needs the right to put, and nothing else in the bucket.
    fn: { access: { table: 'readWrite', documentsBucket: 'write', documentsPrefixes: PREFIXES } },
  },
  {
    ...common,
    operationId: 'listDocuments',
    method: 'GET',
    path: '/v1/documents',
    summary: 'The documents of one parent (site, asset, work order or request), metadata only',
    handler: 'http/documents/list',
    auth: authenticated(ALL_ROLES),
    request: { query: ListDocumentsQuery },
    responses: { 200: { description: 'A page', schema: pageOf(DocumentSchema), example: { data: [documentExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
  {
    ...common,
    operationId: 'getDocument',
    method: 'GET',
    path: '/v1/documents/{id}',
    summary: 'A document: metadata and, once available, a short-lived download URL',
    handler: 'http/documents/get',
    auth: authenticated(ALL_ROLES),
    request: { params: IdParams },
    responses: { 200: { description: 'Found', schema: DocumentSchema, example: { ...documentExample, status: 'available', download: { url: 'https://...', expiresAt: '2026-11-21T09:40:00.000Z' } } } },
    // Download URLs are signed per call: never cached.
    cacheControl: 'no-store',
    fn: { access: { table: 'read', documentsBucket: 'read', documentsPrefixes: PREFIXES } },
  },
  {
    ...common,
    operationId: 'deleteDocument',
    method: 'DELETE',
    path: '/v1/documents/{id}',
    summary: 'Delete a document and its bytes',
    handler: 'http/documents/delete',
    auth: authenticated(STAFF_WRITERS),
    request: { params: IdParams, headers: ['If-Match'] },
    responses: { 204: { description: 'Deleted' } },
    fn: { access: { table: 'readWrite', documentsBucket: 'readWrite', documentsPrefixes: PREFIXES } },
  },
];

/**
 * The `document-uploads` queue: the documents bucket's ObjectCreated notifications under
 * `documents/`, consumed by the verify worker (reads the object back, 50 MiB at most, well
 * inside its 90 s timeout and below the 180 s visibility timeout).
 */
export const DOCUMENT_UPLOADS_QUEUE: QueueDecl = {
  name: 'document-uploads',
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
  batchSize: 5,
  objectCreatedPrefix: DOCUMENTS_PREFIX,
  consumer: {
    handler: 'workers/verify-document',
    fn: { timeoutSeconds: 90, memoryMb: 512, access: { table: 'readWrite', documentsBucket: 'readWrite', documentsPrefixes: PREFIXES } },
  },
};
