/**
 * Silae (payroll): on the 1st of each month, the previous month's time entries as variable
 * pay elements, one line per technician, pay code and day.
 *
 * The format followed: Silae Paie's REST API (https://silae-api.document360.io, "Principes
 * généraux" and the SalarieEmplois functions): a bearer token from the authentication
 * service (OAuth2 client credentials, `payroll-api-auth.silae.fr/oauth2/v2.0/token`), the
 * API key of the folder's access configuration in `Ocp-Apim-Subscription-Key`, calls under
 * `payroll-api.silae.fr/payroll/v1/...` naming the folder (`numeroDossier`) and employees by
 * `matriculeSalarie`, dates `AAAA-MM-JJ`. The import function's name and its element fields
 * (`ImportElementsVariables`, `codeElement`, `valeur` in hours) follow those conventions but
 * are NOT confirmed by a public reference: a real Silae folder verifies them.
 *
 * Settings: `companyCode` (numeroDossier), `payCodes` {normal, night, weekend, on_call} (the
 * folder's element codes; defaults below), `employeeIds` {technicianId: matricule}.
 * Credentials: `clientId`, `clientSecret`, `subscriptionKey`.
 */
import { payCodeOf, previousMonth, type PayCode } from '#domain/connectors';
import { credential, nothingToDo, setting, type ConnectorContext, type ConnectorPort, type SyncResult } from './port';
import { callProviderJson } from './provider-http';
import { PROVIDER_URLS } from './provider-urls';

export const DEFAULT_PAY_CODES: Readonly<Record<PayCode, string>> = { normal: 'HNORM', night: 'HNUIT', weekend: 'HWE', on_call: 'HASTR' };

export interface SilaeElement {
  readonly matriculeSalarie: string;
  readonly codeElement: string;
  readonly dateDebut: string;
  readonly dateFin: string;
  /** Hours, two decimals. */
  readonly valeur: number;
}

/**
 * The month's variable elements: time summed per employee, pay code and day (the day the work
 * started), in hours rounded to the hundredth; entries of technicians without a matricule are
 * reported, not guessed.
 */
export function silaeElements(
  entries: readonly { technicianId: string; technicianName: string; start: string; minutes: number; onCall: boolean }[],
  config: Readonly<Record<string, unknown>>,
  utcOffsetMinutes = 0,
): { elements: SilaeElement[]; unmatched: string[] } {
  const codes = { ...DEFAULT_PAY_CODES, ...((config.payCodes ?? {}) as Partial<Record<PayCode, string>>) };
  const matricules = (config.employeeIds ?? {}) as Record<string, string>;
  const sums = new Map<string, { matricule: string; code: string; day: string; minutes: number }>();
  const unmatched = new Set<string>();
  for (const entry of entries) {
    const matricule = matricules[entry.technicianId];
    if (!matricule) {
      unmatched.add(`${entry.technicianName} (${entry.technicianId})`);
      continue;
    }
    const code = codes[payCodeOf(entry, utcOffsetMinutes)];
    const day = new Date(Date.parse(entry.start) + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
    const key = `${matricule}|${code}|${day}`;
    const sum = sums.get(key) ?? { matricule, code, day, minutes: 0 };
    sums.set(key, { ...sum, minutes: sum.minutes + entry.minutes });
  }
  const elements = [...sums.values()]
    .sort((a, b) => a.matricule.localeCompare(b.matricule) || a.day.localeCompare(b.day) || a.code.localeCompare(b.code))
    .map((s) => ({ matriculeSalarie: s.matricule, codeElement: s.code, dateDebut: s.day, dateFin: s.day, valeur: Math.round((s.minutes / 60) * 100) / 100 }));
  return { elements, unmatched: [...unmatched] };
}

async function accessToken(ctx: ConnectorContext): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: credential(ctx, 'clientId'), client_secret: credential(ctx, 'clientSecret') });
  const answer = await callProviderJson<{ access_token: string }>('silae', {
    method: 'POST',
    url: `${PROVIDER_URLS.silae}/oauth2/v2.0/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return answer.access_token;
}

const apiHeaders = (ctx: ConnectorContext, token: string) => ({ authorization: `Bearer ${token}`, 'Ocp-Apim-Subscription-Key': credential(ctx, 'subscriptionKey') });

export const silaeConnector: ConnectorPort = {
  async authenticate(ctx) {
    await accessToken(ctx);
    return nothingToDo;
  },
  async sync(ctx): Promise<SyncResult> {
    const month = previousMonth(ctx.now);
    const offset = typeof ctx.connector.config.utcOffsetMinutes === 'number' ? ctx.connector.config.utcOffsetMinutes : 0;
    const { elements, unmatched } = silaeElements(await ctx.data.timeEntriesOfMonth(month), ctx.connector.config, offset);
    const errors = unmatched.map((who) => `no Silae matricule for ${who} (settings: employeeIds)`);
    if (elements.length === 0) return { records: 0, errors };
    const token = await accessToken(ctx);
    await callProviderJson('silae', {
      method: 'POST',
      url: `${PROVIDER_URLS.silae}/payroll/v1/ElementsVariables/ImportElementsVariables`,
      headers: apiHeaders(ctx, token),
      json: { numeroDossier: setting(ctx, 'companyCode'), periode: month, elementsVariables: elements },
    });
    return { records: elements.length, errors };
  },
  sendEvent: async () => nothingToDo,
};
