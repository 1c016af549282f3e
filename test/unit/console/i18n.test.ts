/** The console's message catalogue: both languages complete, the browser's language chosen, holes filled. */
import { describe, expect, it } from 'vitest';
import { CATALOGUES, language, preferredLanguage, t } from '../../../console/src/i18n';

describe('the message catalogue', () => {
  it('has every English message in French, none empty', () => {
    expect(Object.keys(CATALOGUES.fr).sort()).toEqual(Object.keys(CATALOGUES.en).sort());
    for (const [key, text] of Object.entries(CATALOGUES.fr)) expect(text.trim(), key).not.toBe('');
  });

  it("keeps each message's {holes} in both languages", () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(CATALOGUES.en) as (keyof typeof CATALOGUES.en)[]) expect(holes(CATALOGUES.fr[key]), key).toEqual(holes(CATALOGUES.en[key]));
  });

  it("picks the browser's first language we have, English otherwise", () => {
    expect(preferredLanguage(['fr-CA', 'en'])).toBe('fr');
    expect(preferredLanguage(['de-DE', 'en-GB', 'fr'])).toBe('en');
    expect(preferredLanguage(['de'])).toBe('en');
    expect(preferredLanguage([])).toBe('en');
  });

  it('fills the holes in the current language', () => {
    language.value = 'fr';
    expect(t('openChart', { sensor: 'PH_1' })).toBe('Courbe de PH_1');
    language.value = 'en';
    expect(t('openChart', { sensor: 'PH_1' })).toBe('Chart of PH_1');
  });
});
