import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, matchTotp, newTotpSecret, totpStep } from '#lib/local/emulators/cognito/totp';

/** Codes from an independent implementation (the otpauth package), never the stand-in's own. */
const codeAt = (secret: string, ms: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: ms });

describe('stand-in TOTP (RFC 6238)', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 11, 7, 13, 0, 10);

  it('makes 160-bit base32 secrets that round-trip', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
  });

  it('accepts the RFC 6238 SHA-1 test vector', () => {
    const rfcSecret = base32Encode(Buffer.from('12345678901234567890'));
    // T = 59 s -> 94287082 (8 digits); the 6-digit code is its last six digits.
    expect(matchTotp(rfcSecret, '287082', 59_000)).toBe(1);
  });

  it('accepts the current step and one step either side, nothing further', () => {
    const step = totpStep(now);
    expect(matchTotp(secret, codeAt(secret, now), now)).toBe(step);
    expect(matchTotp(secret, codeAt(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchTotp(secret, codeAt(secret, now - 60_000), now)).toBeUndefined();
    expect(matchTotp(secret, codeAt(secret, now + 60_000), now)).toBeUndefined();
  });

  it('refuses a code of a step already used, and older ones', () => {
    const step = totpStep(now);
    expect(matchTotp(secret, codeAt(secret, now), now, step)).toBeUndefined();
    expect(matchTotp(secret, codeAt(secret, now - 30_000), now, step)).toBeUndefined();
    expect(matchTotp(secret, codeAt(secret, now + 30_000), now, step)).toBe(step + 1);
  });

  it('refuses malformed codes and other secrets', () => {
    expect(matchTotp(secret, '12345', now)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', now)).toBeUndefined();
    expect(matchTotp(newTotpSecret(), codeAt(secret, now), now)).toBeUndefined();
  });
});
