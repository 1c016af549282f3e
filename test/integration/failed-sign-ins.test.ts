/**
 * The failed-sign-in lock, through the local stack from several client addresses (the
 * loopback network's 127.0.0.x): it counts per account whatever name is typed (e-mail or
 * `sub`), locks an (account, address) pair after 5 failures, caps failures per account
 * across addresses, and never locks the owner out of an address they signed in from.
 */
import { request } from 'node:http';
import { decodeJwt } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { FAILED_SIGN_INS_LIMIT } from '#lib/model/routes/access';
import { createUser } from '../support/identity';

const PER_PAIR = FAILED_SIGN_INS_LIMIT.limit;
const PER_ACCOUNT = FAILED_SIGN_INS_LIMIT.account!.limit;

/** POST /v1/auth/login from a given local address. */
function loginFrom(address: string, username: string, password: string): Promise<{ status: number; body: Record<string, any> }> {
  const url = new URL('/v1/auth/login', inject('apiUrl'));
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: address, headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY, 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, any>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Waits, if need be, so the test's attempts fall in one 5-minute window (windows are fixed). */
async function clearOfWindowEdge(): Promise<void> {
  const windowMs = FAILED_SIGN_INS_LIMIT.windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < 40_000) await new Promise((resolve) => setTimeout(resolve, left + 500));
}

describe('failed-sign-in lock', () => {
  it('counts one account whatever name is typed: after the e-mail is locked, the sub is locked too', { timeout: 120_000 }, async () => {
    const email = await createUser('technician');
    const ok = await loginFrom('127.0.0.1', email, DEMO_PASSWORD);
    const sub = decodeJwt(ok.body.access_token as string).sub as string;
    await clearOfWindowEdge();
    for (let i = 0; i < PER_PAIR; i++) expect((await loginFrom('127.0.0.11', email, 'Wrong-password-1')).status).toBe(401);
    const byEmail = await loginFrom('127.0.0.11', email, 'Wrong-password-1');
    expect({ status: byEmail.status, code: byEmail.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    for (const password of ['Wrong-password-1', DEMO_PASSWORD]) {
      const bySub = await loginFrom('127.0.0.11', sub, password);
      expect({ status: bySub.status, code: bySub.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
      expect((await loginFrom('127.0.0.11', email.toUpperCase(), password)).status).toBe(429);
    }
    // Another address has its own budget, and the account is far from its cap.
    expect((await loginFrom('127.0.0.12', sub, DEMO_PASSWORD)).status).toBe(200);
  });

  it('caps failures per account across addresses, except from an address the owner signed in from', { timeout: 180_000 }, async () => {
    const email = await createUser('manager');
    const owner = '127.0.0.21';
    expect((await loginFrom(owner, email, DEMO_PASSWORD)).status).toBe(200);
    await clearOfWindowEdge();
    // A distributed attacker: a few failures from each of many addresses, never a pair's limit.
    const attempts = Array.from({ length: PER_ACCOUNT }, (_, i) => `127.0.1.${1 + Math.floor(i / (PER_PAIR - 1))}`);
    for (const address of attempts) expect((await loginFrom(address, email, 'Wrong-password-2')).status).toBe(401);

    // From a new address, even the right password waits for the window to end...
    const fresh = await loginFrom('127.0.2.1', email, DEMO_PASSWORD);
    expect({ status: fresh.status, code: fresh.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    // ...but the owner, from the address they use, is not locked out.
    expect((await loginFrom(owner, email, DEMO_PASSWORD)).status).toBe(200);
  });
});
