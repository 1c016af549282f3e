/**
 * Sends one webhook request with the SSRF guard applied at connection time: the
 * socket connects to the address our `lookup` returned, and that lookup refuses any
 * address {@link addressAllowed} rejects (so DNS rebinding after registration does not
 * help). Redirects are never followed (node's http does not), the request times out
 * after 15 s, and only the first bytes of the answer are kept for the delivery log.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressAllowed, endpointUrlProblem, type NetworkMode } from '#domain/webhook-addresses';

export const WEBHOOK_TIMEOUT_MS = 15_000;
const KEPT_RESPONSE_BYTES = 1024;

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;
const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export interface SendResult {
  /** Undefined when no answer came (refused address, timeout, connection error). */
  readonly status?: number;
  readonly retryAfter?: string;
  readonly latencyMs: number;
  readonly responseStart?: string;
  readonly error?: string;
}

export class RefusedAddress extends Error {}

/** A lookup that resolves every address and refuses the connection if any is not allowed. */
export function guardedLookup(mode: NetworkMode, resolver: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (addresses) => {
        const refused = addresses.find((a) => !addressAllowed(a.address, mode));
        if (addresses.length === 0 || refused) {
          callback(new RefusedAddress(`${hostname} resolves to a refused address ${refused?.address ?? '(none)'}`), '', 4);
          return;
        }
        if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 4),
    );
  };
}

export async function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { mode: NetworkMode; resolver?: Resolver; timeoutMs?: number },
): Promise<SendResult> {
  const started = performance.now();
  const problem = endpointUrlProblem(url, options.mode);
  if (problem) return { latencyMs: 0, error: `refused URL: ${problem}` };
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Hydrant-Webhooks/1' },
        lookup: guardedLookup(options.mode, options.resolver),
        timeout: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < KEPT_RESPONSE_BYTES) chunks.push(chunk.subarray(0, KEPT_RESPONSE_BYTES - kept));
          kept += chunk.length;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode,
            retryAfter: typeof response.headers['retry-after'] === 'string' ? response.headers['retry-after'] : undefined,
            latencyMs: performance.now() - started,
            responseStart: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', (error) => resolve({ status: response.statusCode, latencyMs: performance.now() - started, error: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timed out after ${options.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms`)));
    request.on('error', (error) => resolve({ latencyMs: performance.now() - started, error: error.message }));
    request.end(body);
  });
}
