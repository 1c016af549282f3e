import { describe, expect, it } from 'vitest';
import { passwordRefusal } from '#domain/passwords';

describe('passwordRefusal (OWASP ASVS 2.1)', () => {
  it('accepts long, uncommon passwords, passphrases included', () => {
    expect(passwordRefusal('Vanne-Rouge-Quai-42')).toBeUndefined();
    expect(passwordRefusal('correct horse battery staple')).toBeUndefined();
    expect(passwordRefusal('Qv7#k2m9x1-Zx9!')).toBeUndefined();
  });

  it('refuses fewer than 12 characters, counted as characters not bytes', () => {
    expect(passwordRefusal('Sh0rt-pass!')).toBe('too-short');
    expect(passwordRefusal('💧💧💧💧💧💧💧💧💧💧💧')).toBe('too-short');
    expect(passwordRefusal('x'.repeat(257))).toBe('too-long');
  });

  it('refuses common passwords whatever the case and the digits or symbols around them', () => {
    for (const common of ['Password123!', 'PASSWORD2026!!', 'Azerty-2026!', 'Welcome2026!!', 'qwertyuiop12', '!!Hydrant2026', 'Motdepasse-99']) {
      expect([common, passwordRefusal(common)]).toEqual([common, 'common']);
    }
  });

  it("refuses passwords built on the account's e-mail or its user name", () => {
    expect(passwordRefusal('camille.martin-2026!', 'camille.martin@example.com')).toBe('contains-email');
    expect(passwordRefusal('X!camille.martin@example.com', 'Camille.Martin@Example.com')).toBe('contains-email');
    expect(passwordRefusal('Vanne-Rouge-Quai-42', 'camille.martin@example.com')).toBeUndefined();
    // A very short user name is not a signal.
    expect(passwordRefusal('Vanne-Rouge-Quai-42', 'va@example.com')).toBeUndefined();
  });

  it('refuses repeated and sequential patterns', () => {
    expect(passwordRefusal('aaaaaaaaaaaaaa')).toBe('repetitive');
    expect(passwordRefusal('abababababab')).toBe('repetitive');
    expect(passwordRefusal('abcdefghijklm')).toBe('repetitive');
    expect(passwordRefusal('123456789012')).toBe('repetitive');
    expect(passwordRefusal('0987654321098')).toBe('repetitive');
  });
});
