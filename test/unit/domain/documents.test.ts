import { describe, expect, it } from 'vitest';
import {
  canAttachTo,
  canSeeDocument,
  documentAvailableData,
  documentObjectKey,
  documentView,
  newDocument,
  parseDocumentObjectKey,
  reparentedDocument,
  sha256Base64,
  verifiedDocument,
} from '#domain/documents';
import type { Principal } from '#domain/principal';

const manager: Principal = { kind: 'user', subject: 'm', tenantId: 't1', role: 'manager', scopes: [] };
const acme: Principal = { kind: 'user', subject: 'c', tenantId: 't1', role: 'client', clientId: 'ACME', scopes: [] };
const other: Principal = { ...acme, subject: 'o', clientId: 'BLUE' };
const ID = '01JD5Y7Z8M6Q2V3W4X5Y6Z7D0C';
const HELLO = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

const doc = () =>
  newDocument(ID, 't1', { parentType: 'request', parentId: 'R1', fileName: 'a.png', contentType: 'image/png', sizeBytes: 5, sha256: HELLO.toUpperCase(), tags: ['x', 'x'] }, { type: 'request', id: 'R1', clientId: 'ACME' }, acme, '2026-12-01T10:00:00.000Z');

describe('documents', () => {
  it('start pending, under documents/<tenant>/<id>, with the parent\'s client, a lower-case checksum and distinct tags', () => {
    expect(doc()).toMatchObject({ status: 'pending', objectKey: `documents/t1/${ID}`, clientId: 'ACME', sha256: HELLO, tags: ['x'], version: 1, uploadedBy: { subject: 'c' } });
  });

  it('keys round-trip and foreign keys are refused', () => {
    expect(parseDocumentObjectKey(documentObjectKey('t1', ID))).toEqual({ tenantId: 't1', id: ID });
    for (const key of ['reports/t1/x.pdf', `documents/t1/${ID}/extra`, 'documents/t1/not-an-id', `documents//${ID}`]) expect(parseDocumentObjectKey(key)).toBeUndefined();
  });

  it('the checksum header is the base64 of the digest bytes', () => {
    expect(sha256Base64(HELLO)).toBe('LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=');
  });

  it('becomes available only when size and checksum both match, keeping the verified version', () => {
    const ok = verifiedDocument(doc(), { sizeBytes: 5, sha256: HELLO, versionId: 'v1' }, '2026-12-01T10:01:00.000Z');
    expect(ok).toMatchObject({ status: 'available', availableAt: '2026-12-01T10:01:00.000Z', objectVersion: 'v1', version: 2, rejectedReason: null });
    const badSum = verifiedDocument(doc(), { sizeBytes: 5, sha256: 'f'.repeat(64), versionId: null }, 'now');
    expect(badSum).toMatchObject({ status: 'rejected', availableAt: null, rejectedReason: 'SHA-256 does not match the declared checksum' });
    const badSize = verifiedDocument(doc(), { sizeBytes: 4, sha256: HELLO, versionId: null }, 'now');
    expect(badSize).toMatchObject({ status: 'rejected', rejectedReason: 'size is 4 bytes, 5 declared' });
  });

  it('a decided document is not decided again', () => {
    const rejected = verifiedDocument(doc(), { sizeBytes: 1, sha256: HELLO, versionId: null }, 'now');
    expect(verifiedDocument(rejected, { sizeBytes: 5, sha256: HELLO, versionId: null }, 'later')).toBe(rejected);
  });

  it('client users attach to requests only and see their own client\'s documents', () => {
    expect(canAttachTo(acme, 'request')).toBe(true);
    expect(canAttachTo(acme, 'site')).toBe(false);
    expect(canAttachTo(manager, 'work-order')).toBe(true);
    expect(canSeeDocument(acme, doc())).toBe(true);
    expect(canSeeDocument(other, doc())).toBe(false);
    expect(canSeeDocument(manager, doc())).toBe(true);
  });

  it('re-parenting moves the document to the work order and remembers the request', () => {
    const moved = reparentedDocument(doc(), { type: 'work-order', id: 'W1', clientId: 'ACME' }, 'now');
    expect(moved).toMatchObject({ parentType: 'work-order', parentId: 'W1', previousParent: { type: 'request', id: 'R1' }, version: 2 });
  });

  it('views and events never carry the object key', () => {
    expect(documentView(doc())).not.toHaveProperty('objectKey');
    expect(documentAvailableData(doc())).not.toHaveProperty('objectKey');
    expect(documentView(doc(), { url: 'u', expiresAt: 'e' })).toHaveProperty('download.url', 'u');
  });
});
