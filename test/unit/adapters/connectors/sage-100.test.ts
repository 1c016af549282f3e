/** The Sage 100 adapter against a local stand-in of the gateway contract it documents: clients in, invoices out. */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectorContext } from '#adapters/connectors/port';
import { newConnector, type Connector } from '#domain/connectors';
import { NO_HYDRANT_DATA, startProviderServer } from '../../../support/provider-server';

// The stand-in provider listens on 127.0.0.1: tenant URLs go through the SSRF guard, which allows loopback locally only.
vi.stubEnv('WEBHOOK_NETWORK_MODE', 'local');

const provider = await startProviderServer();
const { sage100Connector } = await import('#adapters/connectors/sage-100');
afterAll(() => provider.close());
beforeEach(() => provider.reset());

const connector: Connector = { ...newConnector('01JD5Y7Z8M6Q2V3W4X5Y6Z7C06', { type: 'sage_100', enabled: true, config: { apiUrl: `${provider.url}/sage/`, companyId: 'BIJOU', hourlyRate: 80, customerIds: { client1: 'CACME' } } }, true, '2026-11-01T00:00:00.000Z'), lastSyncAt: '2026-11-20T00:00:00.000Z', syncStatus: 'succeeded' };
const created: unknown[] = [];
const ctx: ConnectorContext = {
  connector,
  credentials: { apiKey: 'sage-key' },
  now: new Date('2026-11-21T00:00:00Z'),
  data: {
    ...NO_HYDRANT_DATA,
    createClient: async (client) => (created.push(client), `new-${created.length}`),
    workOrderToInvoice: async (id) => (id === 'wo1' ? { id, title: 'Leak repair', clientId: 'client1', completedAt: '2026-11-20T16:00:00.000Z', entries: [{ technicianName: 'Ana', minutes: 150 }] } : undefined),
  },
};

describe('sage 100 connector', () => {
  it('imports the customers not yet linked as Hydrant clients and links them', async () => {
    provider.script('GET /sage/companies/BIJOU/customers', [{ fixture: 'sage-100-customers.json' }]);
    const out = await sage100Connector.sync(ctx);
    expect(created).toEqual([{ name: 'Globex Utilities', email: undefined, phone: '+33 4 72 00 00 00', address: '12 quai Perrache, Lyon' }]);
    expect(out).toEqual({ records: 1, errors: [], config: { customerIds: { client1: 'CACME', 'new-1': 'CGLOB' } } });
    expect(provider.seen[0]!.query.get('modifiedSince')).toBe('2026-11-20T00:00:00.000Z');
    expect(provider.seen[0]!.headers['x-api-key']).toBe('sage-key');
  });

  it("invoices a completed work order's labour to its linked customer", async () => {
    provider.script('POST /sage/companies/BIJOU/sales-invoices', [{ body: { number: 'FA00042' } }]);
    const event = { id: 'e1', type: 'work_order.status_changed', occurredAt: '2026-11-20T16:00:00Z', tenant: 't', data: { workOrderId: 'wo1', to: 'completed' } };
    expect(await sage100Connector.sendEvent(ctx, event)).toEqual({ records: 1, errors: [] });
    expect(JSON.parse(provider.seen[0]!.body)).toEqual({
      customerCode: 'CACME',
      reference: 'HYD-wo1',
      date: '2026-11-20',
      lines: [{ description: 'Leak repair - Ana', quantity: 2.5, unitPrice: 80, amount: 200 }],
    });
    expect(provider.seen[0]!.headers['idempotency-key']).toBe(`e1-${connector.id}`);
  });
});
