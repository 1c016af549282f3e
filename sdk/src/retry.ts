/**
 * Retries of one logical call: on 429, 503 and network failures, with exponential backoff
 * and full jitter, honouring `Retry-After`. A write gets ONE `Idempotency-Key` before the
 * first attempt and every attempt reuses it, so the API answers a retry of a call that did
 * land with the first answer instead of doing it twice.
 */
import { retryAfterSeconds } from './problems';

export interface RetryPolicy {
  /** Attempts after the first. @default 3 */
  readonly retries?: number;
  /** First backoff, doubled each attempt. @default 200 */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts (a longer Retry-After gives up instead). @default 20000 */
  readonly maxDelayMs?: number;
  /** Statuses worth another attempt. @default [429, 503] */
  readonly statuses?: readonly number[];
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1). @default Math.random */
  readonly random?: () => number;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 0): Retry-After when the
 * answer gave one, else a random delay up to `baseDelayMs * 2^attempt` (full jitter), capped.
 * Undefined when Retry-After asks for longer than `maxDelayMs`.
 */
export function backoffDelay(attempt: number, retryAfter: string | null, policy: RetryPolicy = {}, now = Date.now()): number | undefined {
  const max = policy.maxDelayMs ?? 20_000;
  const after = retryAfterSeconds(retryAfter, now);
  if (after !== undefined) return after * 1000 > max ? undefined : after * 1000;
  const ceiling = Math.min(max, (policy.baseDelayMs ?? 200) * 2 ** attempt);
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}

/** A random key for `Idempotency-Key` (WebCrypto: browsers and Node alike). */
export const newIdempotencyKey = (): string => globalThis.crypto.randomUUID();

/**
 * Sends `request`, again on a retryable answer or a network error, at most `retries` more
 * times. Writes carry one Idempotency-Key for all attempts (the caller's, or a new one).
 */
export async function fetchWithRetry(send: (request: Request) => Promise<Response>, request: Request, policy: RetryPolicy = {}): Promise<Response> {
  const retries = policy.retries ?? 3;
  const statuses = policy.statuses ?? [429, 503];
  const sleep = policy.sleep ?? sleepFor;
  const original = request;
  if (WRITES.has(original.method) && !original.headers.has('idempotency-key')) original.headers.set('idempotency-key', newIdempotencyKey());
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= retries;
    let response: Response;
    try {
      response = await send(last ? original : original.clone());
    } catch (error) {
      if (last || isAbort(error)) throw error;
      await sleep(backoffDelay(attempt, null, policy) ?? 0);
      continue;
    }
    if (last || !statuses.includes(response.status)) return response;
    const delay = backoffDelay(attempt, response.headers.get('retry-after'), policy);
    if (delay === undefined) return response;
    await response.body?.cancel();
    await sleep(delay);
  }
}

const isAbort = (error: unknown) => error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
