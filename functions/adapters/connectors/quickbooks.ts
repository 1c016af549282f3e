/**
 * QuickBooks Online (Accounting API v3, https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/invoice):
 * invoices out. A work order that reaches `completed` becomes an Invoice of its client's
 * Customer (`config.customerIds` {Hydrant clientId: QBO Customer Id}) with one
 * SalesItemLineDetail line per technician's hours (`config.laborItemId`, `config.hourlyRate`).
 * The event id goes as `requestid`, Intuit's idempotency parameter, so a retried run does not
 * invoice twice. Errors come as `{Fault: {Error: [{Message, Detail, code}]}}`; 429 when the
 * realm's 500 requests per minute are spent.
 * Tokens: the OAuth2 grant (`accessToken`, `realmId` from the redirect), refreshed by the run.
 * Expenses in (Purchase queries) are not implemented: Hydrant has no expense records to hold them.
 */
import { completedWorkOrderId, labourLines } from '#domain/connectors';
import { credential, nothingToDo, setting, type ConnectorPort } from './port';
import { callProviderJson } from './provider-http';
import { PROVIDER_URLS } from './provider-urls';

const MINOR_VERSION = '75';

export interface QboInvoice {
  readonly CustomerRef: { readonly value: string };
  readonly Line: readonly {
    readonly DetailType: 'SalesItemLineDetail';
    readonly Amount: number;
    readonly Description: string;
    readonly SalesItemLineDetail: { readonly ItemRef: { readonly value: string }; readonly Qty: number; readonly UnitPrice: number };
  }[];
  readonly PrivateNote: string;
  readonly TxnDate?: string;
}

export const quickbooksConnector: ConnectorPort = {
  async authenticate(ctx) {
    const realm = credential(ctx, 'realmId');
    await callProviderJson('quickbooks', {
      url: `${PROVIDER_URLS.quickbooks}/v3/company/${encodeURIComponent(realm)}/companyinfo/${encodeURIComponent(realm)}?minorversion=${MINOR_VERSION}`,
      headers: { authorization: `Bearer ${credential(ctx, 'accessToken')}`, accept: 'application/json' },
    });
    return nothingToDo;
  },
  sync: async () => nothingToDo,
  async sendEvent(ctx, event) {
    const workOrderId = completedWorkOrderId(event);
    if (!workOrderId) return nothingToDo;
    const workOrder = await ctx.data.workOrderToInvoice(workOrderId);
    if (!workOrder) return nothingToDo;
    const customer = ((ctx.connector.config.customerIds ?? {}) as Record<string, string>)[workOrder.clientId ?? ''];
    if (!customer) return { records: 0, errors: [`no QuickBooks customer for client ${workOrder.clientId ?? '(none)'} (settings: customerIds)`] };
    const rate = Number(ctx.connector.config.hourlyRate);
    if (!Number.isFinite(rate) || rate <= 0) return { records: 0, errors: ['the setting `hourlyRate` is missing'] };
    const lines = labourLines(workOrder, workOrder.entries, rate);
    if (lines.length === 0) return { records: 0, errors: [`work order ${workOrder.id} has no time to invoice`] };
    const item = setting(ctx, 'laborItemId');
    const invoice: QboInvoice = {
      CustomerRef: { value: customer },
      Line: lines.map((l) => ({ DetailType: 'SalesItemLineDetail', Amount: l.amount, Description: l.description, SalesItemLineDetail: { ItemRef: { value: item }, Qty: l.hours, UnitPrice: l.unitPrice } })),
      PrivateNote: `Hydrant work order ${workOrder.id}`,
      ...(workOrder.completedAt ? { TxnDate: workOrder.completedAt.slice(0, 10) } : {}),
    };
    const realm = credential(ctx, 'realmId');
    await callProviderJson('quickbooks', {
      method: 'POST',
      url: `${PROVIDER_URLS.quickbooks}/v3/company/${encodeURIComponent(realm)}/invoice?minorversion=${MINOR_VERSION}&requestid=${encodeURIComponent(`${event.id}-${ctx.connector.id}`.slice(0, 50))}`,
      headers: { authorization: `Bearer ${credential(ctx, 'accessToken')}`, accept: 'application/json' },
      json: invoice,
    });
    return { records: 1, errors: [] };
  },
};
