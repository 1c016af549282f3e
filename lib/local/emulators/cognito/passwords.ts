/**
 * Passwords of the Cognito stand-in: the pool's password policy, checked with Cognito's
 * messages, and scrypt hashes. Plaintext is never stored, returned or logged.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { CognitoError } from './errors';

/** A user pool's password policy, as `Policies.PasswordPolicy` declares it. */
export interface PasswordPolicy {
  minimumLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  temporaryPasswordValidityDays: number;
}

/** Cognito's defaults when `CreateUserPool` names no policy. */
export const defaultPasswordPolicy: PasswordPolicy = {
  minimumLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 7,
};

// The special characters Cognito counts as symbols (developer guide, "password requirements").
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

/**
 * Throws `InvalidPasswordException` when a password breaks the policy, naming the first
 * rule it breaks as Cognito does.
 */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy): void {
  const rules: Array<[boolean, string]> = [
    [password.length >= policy.minimumLength, 'Password not long enough'],
    [!policy.requireLowercase || /[a-z]/.test(password), 'Password must have lowercase characters'],
    [!policy.requireUppercase || /[A-Z]/.test(password), 'Password must have uppercase characters'],
    [!policy.requireNumbers || /[0-9]/.test(password), 'Password must have numeric characters'],
    [!policy.requireSymbols || [...password].some((c) => SYMBOLS.has(c)), 'Password must have symbol characters'],
  ];
  const broken = rules.find(([ok]) => !ok);
  if (broken) {
    throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${broken[1]}`);
  }
}

// N=2^14 is scrypt's interactive-login cost: a login stays around 30 ms, which keeps tests fast.
const SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(password: BinaryLike, salt: BinaryLike, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password into a self-describing `scrypt$N$r$p$salt$hash` string. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT;
  const hash = await scryptAsync(password, salt, keyLength, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Checks a password against a hash made by {@link hashPassword}, in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/**
 * Makes a temporary password that satisfies the policy, for `AdminCreateUser` calls that
 * give none (Cognito would e-mail it; the stand-in delivers no messages).
 */
export function generateTemporaryPassword(policy: PasswordPolicy): string {
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)] ?? '';
  const required = [pick('ABCDEFGHJKLMNPQRSTUVWXYZ'), pick('abcdefghijkmnopqrstuvwxyz'), pick('23456789'), pick('!#%+=.')];
  const fill = randomBytes(Math.max(policy.minimumLength, 12)).toString('base64url');
  return `${fill}${required.join('')}`;
}
