/**
 * Documents through the local stack: declare, upload to the presigned URL (fauxqs S3),
 * the bucket's ObjectCreated notification reaches the verify worker through the
 * `document-uploads` queue, and only bytes matching the declared size and SHA-256 ever
 * become available.
 */
import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ulid } from 'ulid';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { fixtureSite } from '../support/route-fixtures';

let manager: string;
let client: string;
let otherClient: string;
let technician: string;
const startedAt = ulid();

beforeAll(async () => {
  [manager, client, otherClient, technician] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.client), tokenFor(USERS.otherClient), tokenFor(USERS.technician)]);
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function clientRequest() {
  const res = await call('POST', '/v1/requests', { token: client, body: { kind: 'leak', title: 'Fuite sur le trottoir', address: '14 rue Garibaldi, Lyon' } });
  expect(res.status).toBe(201);
  return res.body;
}

async function declare(token: string, parentId: string, bytes: Uint8Array, over: Record<string, unknown> = {}) {
  return call('POST', '/v1/documents', {
    token,
    body: { parentType: 'request', parentId, fileName: 'fuite.jpg', contentType: 'image/jpeg', sizeBytes: bytes.length, sha256: sha256(bytes), tags: ['photo'], ...over },
  });
}

/** PUTs to the presigned URL with the signed headers (fetch sets Content-Length itself, as a browser does). */
async function upload(ticket: { url: string; headers: Record<string, string> }, bytes: Uint8Array) {
  const { 'content-length': _length, ...headers } = ticket.headers;
  const res = await fetch(ticket.url, { method: 'PUT', headers, body: bytes });
  expect(res.status).toBe(200);
}

async function settled(token: string, id: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await call('GET', `/v1/documents/${id}`, { token });
    expect(res.status).toBe(200);
    if (res.body.status !== 'pending' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function outboxEvents(type: string) {
  Object.assign(process.env, inject('stackEnv'));
  const { documentClient, tableName, tenantKey } = await import('#adapters/dynamodb/client');
  const out = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :since',
      FilterExpression: '#type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':pk': tenantKey(DEMO_TENANT_ID, 'OUTBOX'), ':since': startedAt, ':type': type },
    }),
  );
  return out.Items ?? [];
}

describe('upload and verification', () => {
  it('a client attaches a photo to its request: pending, then available with a download URL of the same bytes and a document.available event', async () => {
    const request = await clientRequest();
    const bytes = new TextEncoder().encode('JPEG bytes of a leaking valve');
    const declared = await declare(client, request.id, bytes);
    expect(declared.status).toBe(201);
    expect(declared.body.document).toMatchObject({ status: 'pending', parentType: 'request', parentId: request.id, clientId: request.clientId, sizeBytes: bytes.length });
    expect(declared.body.upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/jpeg', 'x-amz-checksum-sha256': Buffer.from(sha256(bytes), 'hex').toString('base64') } });
    const url = new URL(declared.body.upload.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type', 'x-amz-checksum-sha256']));
    expect(declared.body.document).not.toHaveProperty('objectKey');
    expect((await call('GET', `/v1/documents/${declared.body.document.id}`, { token: client })).body).not.toHaveProperty('download');

    await upload(declared.body.upload, bytes);
    const doc = await settled(client, declared.body.document.id);
    expect(doc).toMatchObject({ status: 'available', availableAt: expect.any(String), rejectedReason: null });
    const download = await fetch(doc.download.url);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    const events = await outboxEvents('document.available');
    expect(events.find((e) => e.data.id === doc.id)).toMatchObject({ tenant: DEMO_TENANT_ID, data: { status: 'available', parentId: request.id } });
    expect(events.find((e) => e.data.id === doc.id)?.data).not.toHaveProperty('objectKey');
  });

  it('bytes that do not match the declared SHA-256 never become available, and are deleted', async () => {
    const request = await clientRequest();
    const declaredBytes = new TextEncoder().encode('the photo that was declared');
    const sentBytes = new TextEncoder().encode('the photo that was tampered'); // same length
    const declared = await declare(client, request.id, declaredBytes);
    await upload(declared.body.upload, sentBytes);
    const doc = await settled(client, declared.body.document.id);
    expect(doc).toMatchObject({ status: 'rejected', availableAt: null, rejectedReason: 'SHA-256 does not match the declared checksum' });
    expect(doc).not.toHaveProperty('download');
    // Re-uploading the right bytes to the same URL later changes nothing: rejected is final.
    await upload(declared.body.upload, declaredBytes);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await call('GET', `/v1/documents/${doc.id}`, { token: client })).body.status).toBe('rejected');
    Object.assign(process.env, inject('stackEnv'));
    const { digestObject } = await import('#adapters/s3/documents-bucket');
    expect(await digestObject(`documents/${DEMO_TENANT_ID}/${doc.id}`, 1000)).toBeUndefined();
    expect((await outboxEvents('document.available')).some((e) => e.data.id === doc.id)).toBe(false);
  });

  it('bytes of another size are rejected with both reasons', async () => {
    const request = await clientRequest();
    const declared = await declare(client, request.id, new TextEncoder().encode('12345'));
    await upload(declared.body.upload, new TextEncoder().encode('123456'));
    const doc = await settled(client, declared.body.document.id);
    expect(doc.status).toBe('rejected');
    expect(doc.rejectedReason).toBe('size is 6 bytes, 5 declared; SHA-256 does not match the declared checksum');
  });
});

describe('what may be declared', () => {
  it('refuses a content type outside the allow-list, more than 50 MiB, a bad checksum and a path in the file name', async () => {
    const request = await clientRequest();
    const bytes = new TextEncoder().encode('x');
    for (const over of [{ contentType: 'application/x-msdownload' }, { sizeBytes: 50 * 1024 * 1024 + 1 }, { sha256: 'abc' }, { fileName: '../../etc/passwd' }]) {
      const res = await declare(client, request.id, bytes, over);
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await declare(client, request.id, bytes, { sizeBytes: 50 * 1024 * 1024 })).status).toBe(201);
  });

  it('refuses a file name holding bidirectional or control characters (facture\u202Efdp.exe shows as factureexe.pdf)', async () => {
    const request = await clientRequest();
    const bytes = new TextEncoder().encode('x');
    for (const fileName of ['facture\u202Efdp.exe', 'a\u202Ab.pdf', 'a\u2066b.pdf', 'a\u200Fb.pdf', 'a\u061Cb.pdf', 'a\u0085b.pdf', 'a\u0007b.pdf', 'a\u2028b.pdf']) {
      const res = await declare(client, request.id, bytes, { fileName });
      expect([JSON.stringify(fileName), res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([JSON.stringify(fileName), 400, 'VALIDATION_FAILED', 'body.fileName']);
    }
    expect((await declare(client, request.id, bytes, { fileName: 'Relevé n°2 — رسالة.pdf' })).status).toBe(201);
  });

  it('a client user attaches to its own requests only; staff attach to sites', async () => {
    const site = await fixtureSite();
    const bytes = new TextEncoder().encode('plan');
    const onSite = await call('POST', '/v1/documents', { token: client, body: { parentType: 'site', parentId: site.id, fileName: 'plan.pdf', contentType: 'application/pdf', sizeBytes: 4, sha256: sha256(bytes) } });
    expect(onSite.status).toBe(403);
    const byTech = await call('POST', '/v1/documents', { token: technician, body: { parentType: 'site', parentId: site.id, fileName: 'plan.pdf', contentType: 'application/pdf', sizeBytes: 4, sha256: sha256(bytes) } });
    expect(byTech.status).toBe(201);
    expect(byTech.body.document.clientId).toBe(site.clientId);
    expect((await declare(manager, ulid(), bytes)).status).toBe(400);
  });
});

describe('reading and deleting', () => {
  it('another client sees neither the document nor the list; staff and the owner do', async () => {
    const request = await clientRequest();
    const declared = await declare(client, request.id, new TextEncoder().encode('abc'));
    const id = declared.body.document.id;
    expect((await call('GET', `/v1/documents/${id}`, { token: otherClient })).status).toBe(404);
    expect((await declare(otherClient, request.id, new TextEncoder().encode('abc'))).body.code).toBe('VALIDATION_FAILED');
    const listed = (token: string) => call('GET', `/v1/documents?parentType=request&parentId=${request.id}`, { token });
    expect((await listed(otherClient)).body.data).toEqual([]);
    for (const token of [client, manager, technician]) expect((await listed(token)).body.data.map((d: any) => d.id)).toEqual([id]);
  });

  it('a manager deletes a document (the client may not); it is gone afterwards', async () => {
    const request = await clientRequest();
    const declared = await declare(client, request.id, new TextEncoder().encode('abc'));
    const id = declared.body.document.id;
    expect((await call('DELETE', `/v1/documents/${id}`, { token: client })).status).toBe(403);
    expect((await call('DELETE', `/v1/documents/${id}`, { token: manager, headers: { 'if-match': '"v9"' } })).status).toBe(412);
    expect((await call('DELETE', `/v1/documents/${id}`, { token: manager })).status).toBe(204);
    expect((await call('GET', `/v1/documents/${id}`, { token: manager })).status).toBe(404);
  });
});
