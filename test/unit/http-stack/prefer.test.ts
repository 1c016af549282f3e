/** The Prefer header (RFC 7240) and the `wait` preference POST /v1/forecasts honours. */
import { describe, expect, it } from 'vitest';
import { parsePrefer, preferredWait } from '#http-stack/prefer';

describe('Prefer (RFC 7240)', () => {
  it('reads preferences with values and parameters, names without case, quoted values unquoted', () => {
    const prefs = parsePrefer('respond-async, WAIT=5, handling=lenient; foo="a, b;c"; bar');
    expect([...prefs.keys()]).toEqual(['respond-async', 'wait', 'handling']);
    expect(prefs.get('respond-async')).toEqual({ value: undefined, parameters: {} });
    expect(prefs.get('wait')!.value).toBe('5');
    expect(prefs.get('handling')).toEqual({ value: 'lenient', parameters: { foo: 'a, b;c', bar: undefined } });
  });

  it('counts the first of a preference given twice (§2) and an empty value as none', () => {
    expect(parsePrefer('wait=3, wait=9').get('wait')!.value).toBe('3');
    expect(parsePrefer('wait=""').get('wait')!.value).toBeUndefined();
  });

  it('bounds wait by the server limit and ignores what is not delta-seconds', () => {
    expect(preferredWait('wait=4', 10)).toBe(4);
    expect(preferredWait('respond-async, wait=100', 10)).toBe(10);
    expect(preferredWait('wait=0', 10)).toBe(0);
    for (const header of [undefined, '', 'respond-async', 'wait=-1', 'wait=2.5', 'wait=soon', 'wait']) expect(preferredWait(header, 10)).toBeUndefined();
  });
});
