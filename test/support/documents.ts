/**
 * Documents through the local stack for other slices' tests: declare a file on a parent,
 * upload its bytes to the presigned URL (fauxqs S3) and wait until the verify worker has
 * settled it (`available` or `rejected`).
 */
import { createHash } from 'node:crypto';
import { call } from './api';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Declares a document on a site; the answer's body holds `document` and `upload`. */
export async function declareDocument(token: string, siteId: string, bytes: Uint8Array, over: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/documents', {
    token,
    body: { parentType: 'site', parentId: siteId, fileName: 'releves.csv', contentType: 'text/csv', sizeBytes: bytes.length, sha256: sha256Hex(bytes), ...over },
  });
  if (res.status !== 201) throw new Error(`POST /v1/documents: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { document: Record<string, any>; upload: { url: string; headers: Record<string, string> } };
}

/** PUTs the bytes to the presigned URL with the signed headers (fetch sets Content-Length itself). */
export async function uploadBytes(ticket: { url: string; headers: Record<string, string> }, bytes: Uint8Array): Promise<void> {
  const { 'content-length': _length, ...headers } = ticket.headers;
  const res = await fetch(ticket.url, { method: 'PUT', headers, body: bytes });
  if (res.status !== 200) throw new Error(`upload: ${res.status} ${await res.text()}`);
}

/** Polls a document until the verify worker has decided (not `pending`). */
export async function settledDocument(token: string, id: string, timeoutMs = 30_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call('GET', `/v1/documents/${id}`, { token });
    if (res.status !== 200) throw new Error(`GET /v1/documents/${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.status !== 'pending') return res.body;
    if (Date.now() > deadline) throw new Error(`document ${id} still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Declares, uploads and waits: the document as settled (`available` when `sent` is the declared bytes). */
export async function uploadedDocument(token: string, siteId: string, bytes: Uint8Array, options: { over?: Record<string, unknown>; sent?: Uint8Array } = {}) {
  const declared = await declareDocument(token, siteId, bytes, options.over);
  await uploadBytes(declared.upload, options.sent ?? bytes);
  return settledDocument(token, declared.document.id as string);
}
