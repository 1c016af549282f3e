/** The Silae adapter: the month's time as variable pay elements, sent to a local stand-in of Silae's API. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorContext } from '#adapters/connectors/port';
import { newConnector, type Connector } from '#domain/connectors';
import { NO_HYDRANT_DATA, startProviderServer } from '../../../support/provider-server';

const provider = await startProviderServer();
process.env.CONNECTOR_URL_SILAE = provider.url;
const { silaeConnector, silaeElements } = await import('#adapters/connectors/silae');
afterAll(() => provider.close());
beforeEach(() => provider.reset());

const config = { companyCode: '0001234', employeeIds: { tech1: 'M001', tech2: 'M002' }, payCodes: { night: 'HN25' } };
// 2026-11: Monday 2nd day work, Monday night, Saturday, an on-call entry, and an unknown technician.
const entries = [
  { technicianId: 'tech1', technicianName: 'Ana', workOrderId: 'w1', start: '2026-11-02T08:00:00Z', end: '2026-11-02T10:00:00Z', minutes: 120, onCall: false },
  { technicianId: 'tech1', technicianName: 'Ana', workOrderId: 'w2', start: '2026-11-02T13:00:00Z', end: '2026-11-02T13:45:00Z', minutes: 45, onCall: false },
  { technicianId: 'tech1', technicianName: 'Ana', workOrderId: 'w3', start: '2026-11-02T22:30:00Z', end: '2026-11-02T23:30:00Z', minutes: 60, onCall: false },
  { technicianId: 'tech2', technicianName: 'Bo', workOrderId: 'w4', start: '2026-11-07T09:00:00Z', end: '2026-11-07T11:00:00Z', minutes: 120, onCall: false },
  { technicianId: 'tech2', technicianName: 'Bo', workOrderId: 'w5', start: '2026-11-10T03:00:00Z', end: '2026-11-10T04:20:00Z', minutes: 80, onCall: true },
  { technicianId: 'tech9', technicianName: 'Cy', workOrderId: 'w6', start: '2026-11-10T09:00:00Z', end: '2026-11-10T10:00:00Z', minutes: 60, onCall: false },
];

const connector: Connector = { ...newConnector('01JD5Y7Z8M6Q2V3W4X5Y6Z7C02', { type: 'silae', enabled: true, config }, true, '2026-11-01T00:00:00.000Z') };
const months: string[] = [];
const ctx: ConnectorContext = {
  connector,
  credentials: { clientId: 'cid', clientSecret: 'csecret', subscriptionKey: 'sub-key' },
  now: new Date('2026-12-01T02:00:00Z'),
  data: { ...NO_HYDRANT_DATA, timeEntriesOfMonth: async (month) => (months.push(month), entries) },
};

describe('silaeElements', () => {
  it('sums hours per employee, pay code and day, with the folder codes (defaults where not set)', () => {
    const { elements, unmatched } = silaeElements(entries, config);
    expect(elements).toEqual([
      { matriculeSalarie: 'M001', codeElement: 'HN25', dateDebut: '2026-11-02', dateFin: '2026-11-02', valeur: 1 },
      { matriculeSalarie: 'M001', codeElement: 'HNORM', dateDebut: '2026-11-02', dateFin: '2026-11-02', valeur: 2.75 },
      { matriculeSalarie: 'M002', codeElement: 'HWE', dateDebut: '2026-11-07', dateFin: '2026-11-07', valeur: 2 },
      { matriculeSalarie: 'M002', codeElement: 'HASTR', dateDebut: '2026-11-10', dateFin: '2026-11-10', valeur: 1.33 },
    ]);
    expect(unmatched).toEqual(['Cy (tech9)']);
  });
});

describe('silae connector', () => {
  it("sends the previous month's elements with a client-credentials token and the subscription key", async () => {
    provider.script('POST /oauth2/v2.0/token', [{ fixture: 'silae-token.json' }]);
    provider.script('POST /payroll/v1/ElementsVariables/ImportElementsVariables', [{ fixture: 'silae-import-accepted.json' }]);
    const out = await silaeConnector.sync(ctx);
    expect(months).toEqual(['2026-11']);
    expect(out).toEqual({ records: 4, errors: ['no Silae matricule for Cy (tech9) (settings: employeeIds)'] });
    const [token, imported] = provider.seen;
    expect(Object.fromEntries(new URLSearchParams(token!.body))).toEqual({ grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret' });
    expect(imported!.headers.authorization).toBe('Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.silae-fixture');
    expect(imported!.headers['ocp-apim-subscription-key']).toBe('sub-key');
    const body = JSON.parse(imported!.body);
    expect(body).toMatchObject({ numeroDossier: '0001234', periode: '2026-11' });
    expect(body.elementsVariables).toHaveLength(4);
  });

  it('retries a 503 then fails with the status, and never puts the secret in the error', async () => {
    provider.script('POST /oauth2/v2.0/token', [{ status: 503, headers: { 'retry-after': '0' }, body: { error: 'temporarily_unavailable' } }]);
    const error = await silaeConnector.sync(ctx).catch((e: Error) => e);
    expect((error as Error).message).toBe('silae: HTTP 503 temporarily_unavailable');
    expect((error as Error).message).not.toContain('csecret');
    expect(provider.seen).toHaveLength(4); // the call and 3 retries
  });

  it('does not retry a refusal (401)', async () => {
    provider.script('POST /oauth2/v2.0/token', [{ status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } }]);
    await expect(silaeConnector.authenticate(ctx)).rejects.toThrow('silae: HTTP 401 AADSTS7000215: Invalid client secret provided.');
    expect(provider.seen).toHaveLength(1);
  });
});
