import { describe, expect, it } from 'vitest';
import { documentAvailableEvent, newDocument, verifiedDocument } from '#domain/documents';
import type { Principal } from '#domain/principal';

const manager: Principal = { kind: 'user', subject: 'm', tenantId: 't1', role: 'manager', scopes: [] };
const HELLO = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

describe('document.available', () => {
  it('carries the verified metadata, never where the bytes are kept', () => {
    const declared = newDocument('D1', 't1', { parentType: 'work-order', parentId: 'W1', fileName: 'r.pdf', contentType: 'application/pdf', sizeBytes: 5, sha256: HELLO }, { type: 'work-order', id: 'W1', clientId: null }, manager, '2026-12-01T10:00:00.000Z');
    const verdict = verifiedDocument(declared, { sizeBytes: 5, sha256: HELLO, versionId: 'v1' }, '2026-12-01T10:01:00.000Z');
    const event = documentAvailableEvent('E1', 't1', verdict, verdict.updatedAt);
    expect(event).toMatchObject({ id: 'E1', type: 'document.available', occurredAt: '2026-12-01T10:01:00.000Z', tenant: 't1', data: { id: 'D1', status: 'available', sha256: HELLO } });
    expect(event.data).not.toHaveProperty('objectKey');
    expect(event.data).not.toHaveProperty('objectVersion');
  });
});
