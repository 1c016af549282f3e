/**
 * Unsubscribe links as the local stack signs and verifies them (the local key; KMS's
 * GenerateMac/VerifyMac in the cloud): a link verifies, an altered payload or MAC does not,
 * an expired one is refused after its MAC is checked.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseUnsubscribeToken, unsubscribeExpired, unsubscribePayload, unsubscribeToken } from '#domain/email-notifications';

let mac: typeof import('#adapters/kms/unsubscribe-mac');

beforeAll(async () => {
  process.env.UNSUBSCRIBE_LOCAL_KEY = randomBytes(32).toString('base64');
  delete process.env.UNSUBSCRIBE_KEY_ID;
  mac = await import('#adapters/kms/unsubscribe-mac');
});

async function signed(tenantId: string, userId: string, now: Date): Promise<string> {
  const payload = unsubscribePayload(tenantId, userId, now);
  return unsubscribeToken(payload, await mac.macOf(payload));
}

async function verifies(token: string): Promise<boolean> {
  const parsed = parseUnsubscribeToken(token);
  return parsed !== undefined && (await mac.macMatches(parsed.payload, parsed.mac));
}

describe('unsubscribe token MAC', () => {
  const now = new Date('2026-11-21T10:00:00.000Z');

  it('verifies a token it signed', async () => {
    expect(await verifies(await signed('demo', 'user-1', now))).toBe(true);
  });

  it('refuses a token whose payload names another user, or whose MAC was altered or cut', async () => {
    const token = await signed('demo', 'user-1', now);
    const [, macPart] = token.split('.');
    const forged = `${unsubscribePayload('demo', 'user-2', now)}.${macPart}`;
    expect(await verifies(forged)).toBe(false);
    const flipped = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    expect(await verifies(flipped)).toBe(false);
    expect(await verifies(token.slice(0, -4))).toBe(false);
  });

  it('keeps its expiry inside the MAC: a later expiry is a forgery; past the expiry the genuine token is refused', async () => {
    const token = await signed('demo', 'user-1', now);
    const [, macPart] = token.split('.');
    const extended = `${Buffer.from(`v1|demo|user-1|${now.getTime() / 1000 + 400 * 86_400}`).toString('base64url')}.${macPart}`;
    expect(await verifies(extended)).toBe(false);
    const parsed = parseUnsubscribeToken(token)!;
    expect(unsubscribeExpired(parsed.subject, new Date(now.getTime() + 61 * 86_400_000))).toBe(true);
  });
});
