/**
 * Sage 100 (Sage 100cloud Comptabilité / Gestion commerciale): clients in, invoices out.
 * Sage publishes no public REST API for Sage 100: a customer exposes its company file through a
 * REST gateway (Sage's "Sage 100 API" partner offer or an integrator's, over the Objets Métiers),
 * whose base URL is `config.apiUrl`. Hydrant follows this contract, to be matched by that gateway
 * (only a real installation verifies it):
 *   GET  {apiUrl}/companies/{companyId}/customers?modifiedSince=ISO
 *        -> {items: [{code, name, email?, phone?, address?}]}   (Sage "Tiers" of type client)
 *   POST {apiUrl}/companies/{companyId}/sales-invoices
 *        {customerCode, reference, date, lines: [{description, quantity, unitPrice, amount}]} -> {number}
 *   header `X-Api-Key: {credentials.apiKey}`.
 * Clients in: a Sage customer not yet linked (`config.customerIds` {Hydrant clientId: Sage code})
 * becomes a Hydrant client and the link is stored. Invoices out: a completed work order's labour
 * (one line per technician at `config.hourlyRate`, as for QuickBooks); Hydrant records no parts.
 */
import { completedWorkOrderId, labourLines } from '#domain/connectors';
import { credential, nothingToDo, setting, type ConnectorContext, type ConnectorPort } from './port';
import { callProviderJson } from './provider-http';

const base = (ctx: ConnectorContext) => `${setting(ctx, 'apiUrl').replace(/\/+$/, '')}/companies/${encodeURIComponent(setting(ctx, 'companyId'))}`;
const headers = (ctx: ConnectorContext) => ({ 'x-api-key': credential(ctx, 'apiKey'), accept: 'application/json' });
const links = (ctx: ConnectorContext) => (ctx.connector.config.customerIds ?? {}) as Record<string, string>;

interface SageCustomer {
  readonly code: string;
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly address?: string;
}

export const sage100Connector: ConnectorPort = {
  async authenticate(ctx) {
    await callProviderJson('sage_100', { url: `${base(ctx)}/customers?limit=1`, headers: headers(ctx), tenantUrl: true });
    return nothingToDo;
  },

  async sync(ctx) {
    const since = ctx.connector.lastSyncAt ?? '1970-01-01T00:00:00.000Z';
    const answer = await callProviderJson<{ items?: SageCustomer[] }>('sage_100', { url: `${base(ctx)}/customers?modifiedSince=${encodeURIComponent(since)}`, headers: headers(ctx), tenantUrl: true });
    const linked = new Set(Object.values(links(ctx)));
    const added: Record<string, string> = {};
    for (const customer of answer.items ?? []) {
      if (!customer.code || !customer.name || linked.has(customer.code)) continue;
      const clientId = await ctx.data.createClient({ name: customer.name, email: customer.email, phone: customer.phone, address: customer.address });
      added[clientId] = customer.code;
      linked.add(customer.code);
    }
    const count = Object.keys(added).length;
    return { records: count, errors: [], ...(count ? { config: { customerIds: { ...links(ctx), ...added } } } : {}) };
  },

  async sendEvent(ctx, event) {
    const workOrderId = completedWorkOrderId(event);
    if (!workOrderId) return nothingToDo;
    const workOrder = await ctx.data.workOrderToInvoice(workOrderId);
    if (!workOrder) return nothingToDo;
    const customerCode = links(ctx)[workOrder.clientId ?? ''];
    if (!customerCode) return { records: 0, errors: [`no Sage customer for client ${workOrder.clientId ?? '(none)'} (settings: customerIds)`] };
    const rate = Number(ctx.connector.config.hourlyRate);
    if (!Number.isFinite(rate) || rate <= 0) return { records: 0, errors: ['the setting `hourlyRate` is missing'] };
    const lines = labourLines(workOrder, workOrder.entries, rate);
    if (lines.length === 0) return { records: 0, errors: [`work order ${workOrder.id} has no time to invoice`] };
    await callProviderJson('sage_100', {
      method: 'POST',
      url: `${base(ctx)}/sales-invoices`,
      headers: { ...headers(ctx), 'idempotency-key': `${event.id}-${ctx.connector.id}` },
      tenantUrl: true,
      json: {
        customerCode,
        reference: `HYD-${workOrder.id}`,
        date: (workOrder.completedAt ?? ctx.now.toISOString()).slice(0, 10),
        lines: lines.map((l) => ({ description: l.description, quantity: l.hours, unitPrice: l.unitPrice, amount: l.amount })),
      },
    });
    return { records: 1, errors: [] };
  },
};
