/**
 * The documents bucket: presigned upload and download URLs, reading an object back to
 * verify it, writing generated files (reports) and deleting. Keys are built by the
 * domain (`documents/<tenant>/<id>`); this module only talks to S3.
 *
 * Env: `DOCUMENTS_BUCKET` (set with the grant by the stacks); `S3_FORCE_PATH_STYLE=true`
 * locally (fauxqs). The endpoint comes from the SDK's configuration (`AWS_ENDPOINT_URL_S3` locally).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import * as z from 'zod';
import { readEnv } from '#platform/config';

const env = readEnv({ DOCUMENTS_BUCKET: z.string().min(1), S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false') });

// Checksums only when we give one: the SDK's default CRC32 of an empty body would be
// signed into upload URLs and refuse every real upload.
const s3 = new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true', requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

export interface UploadTicket {
  readonly url: string;
  readonly method: 'PUT';
  /** Headers the upload must send exactly: they are part of the signature. */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/**
 * A presigned PUT bound to the content type, the length and the SHA-256: S3 refuses an
 * upload whose headers differ from the signed ones, and one whose bytes do not match
 * `x-amz-checksum-sha256` (the checksum header stays a header, not a query parameter, so
 * S3 verifies it against the body).
 */
export async function presignUpload(key: string, contentType: string, sizeBytes: number, sha256Base64: string, expiresInSeconds: number): Promise<UploadTicket> {
  const command = new PutObjectCommand({
    Bucket: env.DOCUMENTS_BUCKET,
    Key: key,
    ContentType: contentType,
    ContentLength: sizeBytes,
    ChecksumSHA256: sha256Base64,
  });
  const url = await getSignedUrl(s3, command, {
    expiresIn: expiresInSeconds,
    signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
    unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
  });
  return {
    url,
    method: 'PUT',
    headers: { 'content-type': contentType, 'content-length': String(sizeBytes), 'x-amz-checksum-sha256': sha256Base64 },
    expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
  };
}

/** A presigned GET of one version of the object, downloaded under its file name. */
export async function presignDownload(key: string, versionId: string | null, fileName: string, expiresInSeconds: number): Promise<{ url: string; expiresAt: string }> {
  const command = new GetObjectCommand({
    Bucket: env.DOCUMENTS_BUCKET,
    Key: key,
    ...(versionId ? { VersionId: versionId } : {}),
    ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
  const url = await getSignedUrl(s3, command, { expiresIn: expiresInSeconds });
  return { url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() };
}

/**
 * Reads the stored object and returns its length, SHA-256 (hex) and version, streaming:
 * nothing is kept in memory. Stops reading past `maxBytes` (the size is then reported
 * as `maxBytes + 1`, enough to refuse it). Undefined when the object does not exist.
 */
export async function digestObject(key: string, maxBytes: number): Promise<{ sizeBytes: number; sha256: string; versionId: string | null } | undefined> {
  let out;
  try {
    out = await s3.send(new GetObjectCommand({ Bucket: env.DOCUMENTS_BUCKET, Key: key }));
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
  const hash = createHash('sha256');
  let size = 0;
  const body = out.Body as Readable;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > maxBytes) {
      body.destroy();
      return { sizeBytes: maxBytes + 1, sha256: '', versionId: out.VersionId ?? null };
    }
    hash.update(bytes);
  }
  return { sizeBytes: size, sha256: hash.digest('hex'), versionId: out.VersionId ?? null };
}

/** The object version is larger than the reader accepts (a verified document never is). */
export class ObjectTooLarge extends Error {}

/**
 * The pieces S3 sends of one version of an object: throws {@link ObjectTooLarge} past
 * `maxBytes` without reading further; an object (or version) that does not exist throws
 * the SDK's `NoSuchKey`/`NoSuchVersion`.
 */
async function* objectChunks(key: string, versionId: string | null, maxBytes: number): AsyncGenerator<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: env.DOCUMENTS_BUCKET, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
  const body = out.Body as Readable;
  let size = 0;
  try {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > maxBytes) throw new ObjectTooLarge(`${key} is larger than ${maxBytes} bytes`);
      yield bytes;
    }
  } finally {
    body.destroy();
  }
}

/**
 * The text of one version of an object, decoded as UTF-8 and yielded in the pieces S3
 * sends (a character cut between two pieces is joined, not broken): the caller reads a
 * 50 MiB file without holding it. Throws as {@link objectChunks}.
 */
export async function* readObjectText(key: string, versionId: string | null, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const bytes of objectChunks(key, versionId, maxBytes)) yield decoder.decode(bytes, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The bytes of one version of an object, for files read whole (recordings); throws as {@link objectChunks}. */
export async function readObjectBytes(key: string, versionId: string | null, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const bytes of objectChunks(key, versionId, maxBytes)) chunks.push(bytes);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Writes a file the service generates (a PDF report), with its checksum; returns the version written. */
export async function putGeneratedObject(key: string, body: Uint8Array, contentType: string): Promise<{ sha256: string; versionId: string | null }> {
  const digest = createHash('sha256').update(body).digest();
  const out = await s3.send(
    new PutObjectCommand({ Bucket: env.DOCUMENTS_BUCKET, Key: key, Body: body, ContentType: contentType, ContentLength: body.length, ChecksumSHA256: digest.toString('base64') }),
  );
  return { sha256: digest.toString('hex'), versionId: out.VersionId ?? null };
}

export async function deleteObject(key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: env.DOCUMENTS_BUCKET, Key: key }));
}
