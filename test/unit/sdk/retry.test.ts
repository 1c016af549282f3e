/** Retries of one logical call: which answers are retried, how long it waits, and one Idempotency-Key throughout. */
import { describe, expect, it } from 'vitest';
import { backoffDelay, fetchWithRetry } from '../../../sdk/src/retry';

interface Seen {
  readonly method: string;
  readonly key: string | null;
  readonly body: string;
}

/** A server answering from a script (a status with headers, or `network` for a failed connection), recording each request. */
function scripted(answers: ({ status: number; headers?: Record<string, string> } | 'network')[]) {
  const seen: Seen[] = [];
  const send = async (request: Request): Promise<Response> => {
    seen.push({ method: request.method, key: request.headers.get('idempotency-key'), body: await request.text() });
    const answer = answers.shift() ?? { status: 200 };
    if (answer === 'network') throw new TypeError('fetch failed');
    return new Response(answer.status === 204 ? null : '{}', { status: answer.status, headers: answer.headers });
  };
  return { seen, send };
}

const post = () => new Request('http://api.test/v1/sites', { method: 'POST', body: '{"name":"Nord"}', headers: { 'content-type': 'application/json' } });

describe('backoffDelay', () => {
  it('waits what Retry-After says, in seconds or as an HTTP date', () => {
    expect(backoffDelay(0, '3')).toBe(3000);
    const now = Date.parse('2026-11-21T09:30:00Z');
    expect(backoffDelay(0, new Date(now + 5000).toUTCString(), {}, now)).toBe(5000);
  });

  it('gives up (undefined) when Retry-After asks for longer than the longest wait', () => {
    expect(backoffDelay(0, '120', { maxDelayMs: 10_000 })).toBeUndefined();
  });

  it('otherwise draws a delay under an exponential ceiling (full jitter), capped', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, null, { ...policy, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(2, null, { ...policy, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(10, null, { ...policy, random: () => 0.999 })).toBe(999);
    expect(backoffDelay(3, null, { ...policy, random: () => 0 })).toBe(0);
  });
});

describe('fetchWithRetry', () => {
  it('retries 503 and 429 and a network failure, sending the same body and ONE Idempotency-Key every time', async () => {
    const { seen, send } = scripted([{ status: 503 }, 'network', { status: 429, headers: { 'retry-after': '1' } }, { status: 201 }]);
    const waits: number[] = [];
    const res = await fetchWithRetry(send, post(), { retries: 3, sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    expect(res.status).toBe(201);
    expect(seen).toHaveLength(4);
    expect(new Set(seen.map((s) => s.key)).size).toBe(1);
    expect(seen[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.map((s) => s.body)).toEqual(Array(4).fill('{"name":"Nord"}'));
    expect(waits).toEqual([100, 200, 1000]);
  });

  it("keeps the caller's Idempotency-Key and adds none to a read", async () => {
    const mine = scripted([{ status: 503 }, { status: 200 }]);
    const request = post();
    request.headers.set('idempotency-key', 'my-key');
    await fetchWithRetry(mine.send, request, { sleep: async () => {} });
    expect(mine.seen.map((s) => s.key)).toEqual(['my-key', 'my-key']);
    const read = scripted([{ status: 503 }, { status: 200 }]);
    await fetchWithRetry(read.send, new Request('http://api.test/v1/sites'), { sleep: async () => {} });
    expect(read.seen.map((s) => s.key)).toEqual([null, null]);
  });

  it('answers the last response after the last retry, and does not retry other errors', async () => {
    const busy = scripted([{ status: 503 }, { status: 503 }, { status: 503 }]);
    expect((await fetchWithRetry(busy.send, post(), { retries: 2, sleep: async () => {} })).status).toBe(503);
    expect(busy.seen).toHaveLength(3);
    const conflict = scripted([{ status: 409 }, { status: 201 }]);
    expect((await fetchWithRetry(conflict.send, post(), { sleep: async () => {} })).status).toBe(409);
    expect(conflict.seen).toHaveLength(1);
  });

  it('throws the network error of the last attempt', async () => {
    const down = scripted(['network', 'network']);
    await expect(fetchWithRetry(down.send, post(), { retries: 1, sleep: async () => {} })).rejects.toThrow('fetch failed');
    expect(down.seen).toHaveLength(2);
  });

  it('does not wait for a Retry-After longer than allowed: the 429 is the answer', async () => {
    const quota = scripted([{ status: 429, headers: { 'retry-after': '3600' } }, { status: 201 }]);
    expect((await fetchWithRetry(quota.send, post(), { sleep: async () => {} })).status).toBe(429);
    expect(quota.seen).toHaveLength(1);
  });
});
