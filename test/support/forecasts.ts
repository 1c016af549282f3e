/**
 * Forecast fixtures: a French monthly CSV (dd/mm/yyyy, `;`, decimal commas, spaces as
 * thousands separators), and helpers that ask for a forecast through the local stack and
 * wait until the worker has ended it.
 */
import { call, tokenFor, USERS } from './api';

/** Monthly amounts `date;montant` with a trend and a yearly cycle, `months` long from January 2021. */
export function frenchMonthlyCsv(months = 48, constant?: number): string {
  const lines = ['date;montant'];
  for (let i = 0; i < months; i++) {
    const year = 2021 + Math.floor(i / 12);
    const month = (i % 12) + 1;
    // Deterministic noise, so every run (and the CLI) sees the same numbers.
    const value = constant ?? 1200 + 8 * i + 250 * Math.sin((2 * Math.PI * (month - 1)) / 12) + 40 * Math.sin(i * 1.7);
    const [int, dec] = value.toFixed(2).split('.') as [string, string];
    const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
    lines.push(`15/${String(month).padStart(2, '0')}/${year};${grouped},${dec}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A valid body asking for a forecast of the French CSV. */
export const csvForecastBody = (content = frenchMonthlyCsv(), extra: Record<string, unknown> = {}) => ({ source: { type: 'csv', content, period: 'month' }, ...extra });

/** Polls a forecast until it is succeeded or failed. */
export async function waitForForecast(id: string, token?: string, timeoutMs = 60_000): Promise<Record<string, any>> {
  const t = token ?? (await tokenFor(USERS.manager));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call('GET', `/v1/forecasts/${id}`, { token: t });
    if (res.status !== 200) throw new Error(`GET /v1/forecasts/${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.status === 'succeeded' || res.body.status === 'failed') return res.body;
    if (Date.now() > deadline) throw new Error(`forecast ${id} still ${res.body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Asks for a forecast as a manager and waits for its end. */
export async function forecastToEnd(body: unknown): Promise<Record<string, any>> {
  const token = await tokenFor(USERS.manager);
  const res = await call('POST', '/v1/forecasts', { token, body });
  if (res.status !== 202) throw new Error(`POST /v1/forecasts: ${res.status} ${JSON.stringify(res.body)}`);
  return waitForForecast(res.body.id, token);
}

let shared: Promise<Record<string, any>> | undefined;
/** One succeeded CSV forecast shared by the read-only fixtures of a test file. */
export const succeededForecast = () =>
  (shared ??= forecastToEnd(csvForecastBody()).then((job) => {
    if (job.status !== 'succeeded') throw new Error(`fixture forecast ${job.id} ${job.status}: ${JSON.stringify(job.reason)}`);
    return job;
  }));
