/**
 * The password rules Hydrant checks itself before asking Cognito to set a password
 * (OWASP ASVS 2.1: at least 12 characters, breached and context-specific passwords
 * refused). Cognito's pool policy stays the final word on length and character classes;
 * this adds what Cognito's Essentials plan cannot: a deny-list of the most common
 * passwords and passwords built on the user's own e-mail or the product's name.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * The most common passwords and base words of breach corpora (the head of the
 * SecLists / NCSC "100k most common" lists), lower-case. A password is refused when it
 * is one of them once case, and digits and symbols around it, are set aside
 * ("Password123!" is "password").
 */
const COMMON = new Set([
  '123456', '123456789', '12345678', '1234567890', '123123', '111111', '000000', '654321', '666666', '121212', '112233', '987654321',
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$word', 'password1', 'qwerty', 'qwertyuiop', 'azerty', 'azertyuiop', 'qwerty123',
  'abc123', 'abcdef', 'abcd1234', 'iloveyou', 'admin', 'administrator', 'welcome', 'letmein', 'monkey', 'dragon', 'football', 'baseball',
  'sunshine', 'princess', 'master', 'shadow', 'superman', 'batman', 'trustno1', 'whatever', 'starwars', 'michael', 'jennifer', 'charlie',
  'changeme', 'secret', 'login', 'hello', 'freedom', 'access', 'mustang', 'computer', 'soleil', 'bonjour', 'motdepasse', 'doudou',
  'chocolat', 'nicolas', 'marseille', 'loulou', 'summer', 'winter', 'spring', 'autumn', 'hydrant', 'water', 'default', 'test', 'guest',
  'user', 'root', 'toor', 'pass', 'temp', 'temporary', 'zaq1zaq1', '1q2w3e4r', '1qaz2wsx', 'q1w2e3r4', 'asdfgh', 'asdfghjkl', 'zxcvbnm',
]);

export type PasswordRefusal = 'too-short' | 'too-long' | 'common' | 'contains-email' | 'repetitive';

const MESSAGES: Record<PasswordRefusal, string> = {
  'too-short': `must be at least ${MIN_PASSWORD_LENGTH} characters`,
  'too-long': `must be at most ${MAX_PASSWORD_LENGTH} characters`,
  common: 'is a common or breached password',
  'contains-email': 'must not contain your e-mail address or its user name',
  repetitive: 'is a repeated or sequential pattern',
};

export const passwordRefusalMessage = (refusal: PasswordRefusal): string => MESSAGES[refusal];

/** The password with case, and the digits and symbols around its letters, set aside. */
function coreOf(password: string): string {
  return password.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, '');
}

/** One character repeated, or a single run of ascending/descending characters (`abcdef...`, `9876...`). */
function repetitive(password: string): boolean {
  if (new Set(password).size <= 2) return true;
  // Keyboard digit runs that wrap around: 123456789012, 098765432109.
  const digits = '1234567890'.repeat(30);
  if (/^\d+$/.test(password) && (digits.includes(password) || [...digits].reverse().join('').includes(password))) return true;
  const codes = [...password.toLowerCase()].map((c) => c.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((c, i) => c - (codes[i] ?? 0)));
  return steps.size === 1 && [...steps].every((s) => Math.abs(s) <= 1);
}

/**
 * Why a new password is refused, or undefined when it may be sent to Cognito.
 * `email` is the account's e-mail (or the username typed), when known.
 */
export function passwordRefusal(password: string, email?: string): PasswordRefusal | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too-short';
  if ([...password].length > MAX_PASSWORD_LENGTH) return 'too-long';
  const lower = password.toLowerCase();
  const core = coreOf(password);
  if (COMMON.has(lower) || COMMON.has(core) || COMMON.has(lower.replace(/[^a-z0-9@$]/g, ''))) return 'common';
  if (email) {
    const normalised = email.trim().toLowerCase();
    const local = normalised.split('@')[0] ?? '';
    if (lower.includes(normalised) || (local.length >= 3 && lower.includes(local))) return 'contains-email';
  }
  if (repetitive(password)) return 'repetitive';
  return undefined;
}
