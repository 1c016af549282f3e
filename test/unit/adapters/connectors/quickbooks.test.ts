/** The QuickBooks Online adapter: a completed work order's time invoiced, against a local stand-in of the Accounting API. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorContext } from '#adapters/connectors/port';
import { newConnector, type Connector } from '#domain/connectors';
import { NO_HYDRANT_DATA, startProviderServer } from '../../../support/provider-server';

const provider = await startProviderServer();
process.env.CONNECTOR_URL_QUICKBOOKS = provider.url;
const { quickbooksConnector } = await import('#adapters/connectors/quickbooks');
afterAll(() => provider.close());
beforeEach(() => provider.reset());

const connector: Connector = { ...newConnector('01JD5Y7Z8M6Q2V3W4X5Y6Z7C04', { type: 'quickbooks', enabled: true, config: { customerIds: { acme: '58' }, laborItemId: '1', hourlyRate: 75 } }, true, '2026-11-01T00:00:00.000Z'), authorizedAt: '2026-11-01T00:00:00.000Z' };
const workOrders = {
  wo1: { id: 'wo1', title: 'Pump check', clientId: 'acme', completedAt: '2026-11-21T09:00:00.000Z', entries: [{ technicianName: 'Ana', minutes: 120 }, { technicianName: 'Ana', minutes: 45 }, { technicianName: 'Bo', minutes: 30 }] },
  wo2: { id: 'wo2', title: 'Other', clientId: 'globex', completedAt: null, entries: [{ technicianName: 'Ana', minutes: 60 }] },
};
const ctx: ConnectorContext = {
  connector,
  credentials: { accessToken: 'qbo-access', realmId: '9130349' },
  now: new Date('2026-11-21T09:30:00Z'),
  data: { ...NO_HYDRANT_DATA, workOrderToInvoice: async (id) => workOrders[id as keyof typeof workOrders] },
};
const completed = (workOrderId: string, to = 'completed') => ({ id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E10', type: 'work_order.status_changed', occurredAt: '2026-11-21T09:00:00Z', tenant: 't1', data: { workOrderId, to } });

describe('quickbooks connector', () => {
  it("invoices a completed work order's hours to its client's customer, once per event (requestid)", async () => {
    provider.script('POST /v3/company/9130349/invoice', [{ fixture: 'quickbooks-invoice-created.json' }]);
    expect(await quickbooksConnector.sendEvent(ctx, completed('wo1'))).toEqual({ records: 1, errors: [] });
    const [req] = provider.seen;
    expect(req!.headers.authorization).toBe('Bearer qbo-access');
    expect(req!.path).toBe('/v3/company/9130349/invoice');
    expect(req!.query.get('requestid')).toBe(`01JD5Y7Z8M6Q2V3W4X5Y6Z7E10-${connector.id}`.slice(0, 50));
    expect(req!.query.get('minorversion')).toBe('75');
    expect(JSON.parse(req!.body)).toEqual({
      CustomerRef: { value: '58' },
      Line: [
        { DetailType: 'SalesItemLineDetail', Amount: 206.25, Description: 'Pump check - Ana', SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 2.75, UnitPrice: 75 } },
        { DetailType: 'SalesItemLineDetail', Amount: 37.5, Description: 'Pump check - Bo', SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 0.5, UnitPrice: 75 } },
      ],
      PrivateNote: 'Hydrant work order wo1',
      TxnDate: '2026-11-21',
    });
  });

  it('ignores other transitions, and reports a client without a customer', async () => {
    expect(await quickbooksConnector.sendEvent(ctx, completed('wo1', 'in_progress'))).toEqual({ records: 0, errors: [] });
    expect(await quickbooksConnector.sendEvent(ctx, completed('wo2'))).toEqual({ records: 0, errors: ['no QuickBooks customer for client globex (settings: customerIds)'] });
    expect(provider.seen).toHaveLength(0);
  });

  it("fails with Intuit's fault message, without retrying a 400", async () => {
    provider.script('POST /v3/company/9130349/invoice', [{ status: 400, fixture: 'quickbooks-validation-fault.json' }]);
    await expect(quickbooksConnector.sendEvent(ctx, completed('wo1'))).rejects.toThrow('quickbooks: HTTP 400 Object Not Found');
    expect(provider.seen).toHaveLength(1);
  });
});
