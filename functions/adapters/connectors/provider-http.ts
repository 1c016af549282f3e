/**
 * The one way a connector calls its provider: `fetch` with a 30 s timeout per attempt, up to
 * 3 retries on network errors, 5xx and 429 (waiting the provider's `Retry-After` when it gives
 * one, else exponential backoff with jitter: `retryDelayMs`), and an error that names the
 * status and the provider's own message, never the request's headers (where tokens travel).
 */
import { retryDelayMs } from '#domain/connectors';
import { parseRetryAfter } from '#domain/webhooks';
import { webhookNetworkMode } from '#platform/config';
import { guardedRequest } from '../http/guarded-request';
import { RefusedAddress } from '../http/webhook-sender';

export const PROVIDER_TIMEOUT_MS = 30_000;
const MAX_RETRIES = 3;

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly status: number | null,
    message: string,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }
}

export interface ProviderRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /**
   * The URL is a tenant's (a Slack incoming webhook, a Sage 100 gateway), not a provider's
   * configured endpoint: it is sent with the webhooks' SSRF guard (`guardedRequest`).
   */
  readonly tenantUrl?: boolean;
}

export interface ProviderCallOptions {
  /** @default 30000 */
  readonly timeoutMs?: number;
  /** Waits between attempts (tests pass a no-op). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const retriable = (status: number) => status === 429 || status >= 500;

/** The answer's text (JSON is parsed by the caller); throws ProviderError after the retries. */
export async function callProvider(provider: string, request: ProviderRequest, options: ProviderCallOptions = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const sleep = options.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    let failure: ProviderError;
    let retryAfter: number | undefined;
    try {
      const res = await send(request, options.timeoutMs ?? PROVIDER_TIMEOUT_MS);
      const text = res.text;
      if (res.status >= 200 && res.status < 300) return res;
      failure = new ProviderError(provider, res.status, `HTTP ${res.status} ${providerMessage(text)}`.trim());
      if (!retriable(res.status)) throw failure;
      retryAfter = parseRetryAfter(res.headers.get('retry-after') ?? undefined, Date.now());
    } catch (error) {
      if (error instanceof ProviderError && error.status !== null && !retriable(error.status)) throw error;
      // A tenant's URL that leads to a refused address stays refused: no retry.
      if (error instanceof RefusedAddress) throw new ProviderError(provider, null, error.message);
      failure = error instanceof ProviderError ? error : new ProviderError(provider, null, (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable');
    }
    if (attempt > MAX_RETRIES) throw failure;
    await sleep(retryDelayMs(attempt, retryAfter, Math.random()));
  }
}

/** One attempt: a tenant's URL through the SSRF guard, a provider's endpoint with fetch. */
async function send(request: ProviderRequest, timeoutMs: number): Promise<{ status: number; headers: Headers; text: string }> {
  const method = request.method ?? 'GET';
  if (request.tenantUrl) return guardedRequest(request.url, { method, headers: request.headers, body: request.body, timeoutMs }, { mode: webhookNetworkMode() });
  const res = await fetch(request.url, { method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** JSON in, JSON out. */
export async function callProviderJson<T>(provider: string, request: ProviderRequest & { json?: unknown }, options?: ProviderCallOptions): Promise<T> {
  const { json, ...rest } = request;
  const res = await callProvider(
    provider,
    json === undefined ? rest : { ...rest, headers: { 'content-type': 'application/json', ...rest.headers }, body: JSON.stringify(json) },
    options,
  );
  return (res.text ? JSON.parse(res.text) : {}) as T;
}

/** The provider's error message from its body (first 200 characters), for the run log. */
function providerMessage(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const message = body.error_description ?? body.error_summary ?? body.message ?? body.error ?? (body.Fault as { Error?: { Message?: string }[] } | undefined)?.Error?.[0]?.Message;
    return typeof message === 'string' ? message.slice(0, 200) : '';
  } catch {
    return text.slice(0, 200);
  }
}
