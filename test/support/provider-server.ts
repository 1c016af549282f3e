/**
 * A local HTTP server standing in for a provider's API in adapter tests: answers scripted per
 * `METHOD path` (a recorded fixture of test/fixtures/connectors, a status, headers), records
 * every request. The adapter's base URL points at it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HydrantData } from '#adapters/connectors/port';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ScriptedAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** A fixture file of test/fixtures/connectors, or a body. */
  readonly fixture?: string;
  readonly body?: unknown;
}

export const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/connectors/${name}`, import.meta.url), 'utf8'));

export interface ProviderServer {
  readonly url: string;
  readonly seen: SeenRequest[];
  /** Answers of `METHOD path`, used in order; the last repeats. */
  script(route: string, answers: ScriptedAnswer[]): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startProviderServer(): Promise<ProviderServer> {
  const seen: SeenRequest[] = [];
  const scripts = new Map<string, ScriptedAnswer[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { pathname: path, searchParams: query } = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? 'GET', path, query, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answers = scripts.get(`${req.method} ${path}`);
      const answer = answers && answers.length > 1 ? answers.shift()! : answers?.[0];
      if (!answer) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not scripted"}');
      const body = answer.fixture ? fixture(answer.fixture) : answer.body;
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    script: (route, answers) => void scripts.set(route, [...answers]),
    reset: () => {
      seen.length = 0;
      scripts.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Hydrant data with nothing in it: adapter tests override what their connector reads. */
export const NO_HYDRANT_DATA: HydrantData = {
  timeEntriesOfMonth: async () => [],
  documentToCopy: async () => undefined,
  moveVisit: async () => 'unchanged',
  createClient: async () => {
    throw new Error('no client expected');
  },
  workOrderToInvoice: async () => undefined,
};
