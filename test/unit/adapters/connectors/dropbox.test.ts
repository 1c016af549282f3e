/** The Dropbox adapter against a local stand-in of API v2: available documents saved under /Hydrant/{site}/{kind}/. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorContext } from '#adapters/connectors/port';
import { newConnector, type Connector } from '#domain/connectors';
import { NO_HYDRANT_DATA, startProviderServer } from '../../../support/provider-server';

const provider = await startProviderServer();
process.env.CONNECTOR_URL_DROPBOX = provider.url;
const { dropboxConnector, dropboxPath } = await import('#adapters/connectors/dropbox');
afterAll(() => provider.close());
beforeEach(() => provider.reset());

const connector: Connector = { ...newConnector('01JD5Y7Z8M6Q2V3W4X5Y6Z7C03', { type: 'dropbox', enabled: true, config: {} }, true, '2026-11-01T00:00:00.000Z'), authorizedAt: '2026-11-01T00:00:00.000Z' };
const docs: Record<string, { site: string; kind: string; fileName: string; downloadUrl: string }> = {
  d1: { site: 'Station Bellecour', kind: 'reports', fileName: 'WO-42 report.pdf', downloadUrl: 'https://bucket.example/documents/t/d1?X-Amz-Signature=abc' },
};
const ctx: ConnectorContext = {
  connector,
  credentials: { accessToken: 'sl.dropbox-token' },
  now: new Date('2026-11-21T09:30:00Z'),
  data: { ...NO_HYDRANT_DATA, documentToCopy: async (id) => docs[id] },
};
const event = (id: string) => ({ id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E09', type: 'document.available', occurredAt: '2026-11-21T09:30:00Z', tenant: 't1', data: { id } });

describe('dropbox connector', () => {
  it('saves an available document from its download URL under /Hydrant/{site}/{kind}/', async () => {
    provider.script('POST /2/files/save_url', [{ fixture: 'dropbox-save-url-async.json' }]);
    expect(await dropboxConnector.sendEvent(ctx, event('d1'))).toEqual({ records: 1, errors: [] });
    const [req] = provider.seen;
    expect(req!.headers.authorization).toBe('Bearer sl.dropbox-token');
    expect(JSON.parse(req!.body)).toEqual({ path: '/Hydrant/Station Bellecour/reports/WO-42 report.pdf', url: docs.d1!.downloadUrl });
  });

  it('waits out a 429 (too_many_requests) before saving', async () => {
    provider.script('POST /2/files/save_url', [{ status: 429, headers: { 'retry-after': '1' }, fixture: 'dropbox-too-many-requests.json' }, { fixture: 'dropbox-save-url-async.json' }]);
    expect((await dropboxConnector.sendEvent(ctx, event('d1'))).records).toBe(1);
    expect(provider.seen).toHaveLength(2);
  });

  it('copies nothing for a document gone meanwhile', async () => {
    expect(await dropboxConnector.sendEvent(ctx, event('gone'))).toEqual({ records: 0, errors: [] });
    expect(provider.seen).toHaveLength(0);
  });

  it('keeps path segments free of separators', () => {
    expect(dropboxPath({ site: 'A/B: north', kind: 'documents', fileName: 'x\\y.pdf' })).toBe('/Hydrant/A-B- north/documents/x-y.pdf');
  });
});
