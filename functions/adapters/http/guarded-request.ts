/**
 * One HTTP request to a URL a tenant gave (a connector's Slack incoming webhook, a Sage 100
 * gateway), with the webhook sender's SSRF guard: the URL's rules first
 * ({@link endpointUrlProblem}), then the connection made only to an address the guarded lookup
 * allows, so a host whose DNS changes after it was saved still cannot reach an internal
 * address. Redirects are not followed (node's http does not). The whole answer is read (it is a
 * provider's API answer, not a delivery log).
 */
import http from 'node:http';
import https from 'node:https';
import { endpointUrlProblem, type NetworkMode } from '#domain/webhook-addresses';
import { guardedLookup, RefusedAddress, type Resolver } from './webhook-sender';

export interface GuardedAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export function guardedRequest(
  url: string,
  request: { method: string; headers?: Readonly<Record<string, string>>; body?: string | Uint8Array; timeoutMs: number },
  options: { mode: NetworkMode; resolver?: Resolver },
): Promise<GuardedAnswer> {
  const problem = endpointUrlProblem(url, options.mode);
  if (problem) return Promise.reject(new RefusedAddress(`refused URL: ${problem}`));
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? Buffer.from(request.body) : Buffer.from(request.body);
  return new Promise<GuardedAnswer>((resolve, reject) => {
    const outgoing = transport.request(
      target,
      {
        method: request.method,
        headers: { ...request.headers, ...(body ? { 'content-length': body.length } : {}) },
        lookup: guardedLookup(options.mode, options.resolver),
        timeout: request.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers.set(name, value);
          resolve({ status: response.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error(`timed out after ${request.timeoutMs} ms`), { name: 'TimeoutError' })));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
