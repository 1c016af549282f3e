import { describe, expect, it } from 'vitest';
import { BUILT_IN_LIMIT_SETS, EU_DWD, limitInForce, PARAMETERS, parameterOf, parameterOfSensorKind, WHO_GDWQ } from '#domain/quality/catalogue';
import { clean, factorTo, unitKey } from '#domain/quality/units';

const euLimit = (code: string) => EU_DWD.limits.filter((l) => l.parameter === code);

describe('the catalogue of parameters and limits', () => {
  it('gives every built-in limit a source naming its document, and a parameter of the catalogue in its canonical unit', () => {
    for (const set of BUILT_IN_LIMIT_SETS) {
      expect(set.limits.length).toBeGreaterThan(0);
      for (const limit of set.limits) {
        const p = parameterOf(limit.parameter);
        expect([limit.parameter, p?.unit]).toEqual([limit.parameter, limit.unit]);
        expect(limit.source).toMatch(set === EU_DWD ? /^Directive \(EU\) 2020\/2184, Annex I, Part [ABC]$/ : /^WHO GDWQ/);
        if (limit.min !== null && limit.max !== null) expect(limit.min).toBeLessThan(limit.max);
        if (limit.min === null && limit.max === null) expect(limit.text).toBeTruthy();
      }
    }
  });

  it('holds the parametric values of the Directive that the brief names, in their units', () => {
    expect(euLimit('e_coli')).toMatchObject([{ max: 0, unit: 'CFU/100 mL', source: 'Directive (EU) 2020/2184, Annex I, Part A' }]);
    expect(euLimit('enterococci')).toMatchObject([{ max: 0, source: 'Directive (EU) 2020/2184, Annex I, Part A' }]);
    expect(euLimit('nitrate')).toMatchObject([{ max: 50, unit: 'mg/L' }]);
    expect(euLimit('nitrite').map((l) => [l.max, l.appliesAt ?? 'everywhere'])).toEqual([[0.5, 'everywhere'], [0.1, ['plant_outlet']]]);
    expect(euLimit('lead').map((l) => [l.max, l.validFrom ?? null, l.validUntil ?? null])).toEqual([[10, null, '2036-01-12'], [5, '2036-01-12', null]]);
    expect(euLimit('ph')).toMatchObject([{ min: 6.5, max: 9.5, source: 'Directive (EU) 2020/2184, Annex I, Part C' }]);
    expect(euLimit('conductivity')).toMatchObject([{ max: 2500, unit: 'µS/cm' }]);
    expect(euLimit('turbidity')).toMatchObject([{ min: null, max: null, text: 'Acceptable to consumers and no abnormal change' }]);
    expect(euLimit('free_chlorine')).toEqual([]);
    expect(WHO_GDWQ.limits.find((l) => l.parameter === 'free_chlorine')).toMatchObject({ min: 0.2, max: 5 });
    expect(WHO_GDWQ.limits.find((l) => l.parameter === 'cadmium')).toMatchObject({ max: 3, unit: 'µg/L' });
    expect(EU_DWD.enforced && !WHO_GDWQ.enforced).toBe(true);
  });

  it('maps the sensor kinds that measure water quality to parameters, and no other', () => {
    expect(['ph', 'turbidity', 'chlorine', 'conductivity', 'temperature'].map((k) => parameterOfSensorKind(k as never)?.code)).toEqual(['ph', 'turbidity', 'free_chlorine', 'conductivity', 'temperature']);
    expect(['pressure', 'flow', 'level', 'acoustic'].map((k) => parameterOfSensorKind(k as never))).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(PARAMETERS.map((p) => p.code)).size).toBe(PARAMETERS.length);
  });

  it('puts a limit in force by date and kind of point', () => {
    const [lead10, lead5] = euLimit('lead');
    expect([limitInForce(lead10!, '2036-01-11'), limitInForce(lead10!, '2036-01-12'), limitInForce(lead5!, '2036-01-12')]).toEqual([true, false, true]);
    const outlet = euLimit('nitrite')[1]!;
    expect([limitInForce(outlet, '2026-01-01', 'plant_outlet'), limitInForce(outlet, '2026-01-01', 'customer_tap'), limitInForce(outlet, '2026-01-01')]).toEqual([true, false, false]);
  });
});

describe('units', () => {
  const convert = (code: string, unit: string, value: number) => {
    const p = parameterOf(code)!;
    const factor = factorTo(p.unit, p.alternativeUnits, unit);
    return factor === undefined ? undefined : clean(value * factor);
  };

  it('compare spellings whatever the case, spaces and micro sign', () => {
    expect(new Set(['µg/L', 'μg/L', 'ug/l', 'UG / L'].map(unitKey)).size).toBe(1);
  });

  it('convert to the canonical unit', () => {
    expect(convert('lead', 'mg/L', 0.005)).toBe(5);
    expect(convert('lead', 'µg/L', 7)).toBe(7);
    expect(convert('nitrate', 'µg/L', 12_000)).toBe(12);
    expect(convert('nitrate', 'mg/L NO3-N', 11.3)).toBeCloseTo(50.02, 2);
    expect(convert('nitrite', 'mg/L N', 0.1)).toBeCloseTo(0.3284, 4);
    expect(convert('ammonium', 'mg/L NH4-N', 1)).toBeCloseTo(1.2879, 4);
    expect(convert('turbidity', 'FNU', 0.8)).toBe(0.8);
    expect(convert('conductivity', 'mS/cm', 0.85)).toBe(850);
    expect(convert('conductivity', 'mS/m', 85)).toBe(850);
    expect(convert('e_coli', 'UFC/100 mL', 3)).toBe(3);
    expect(convert('e_coli', 'CFU/mL', 1)).toBe(100);
  });

  it('refuse a unit that is not one of the parameter', () => {
    expect(convert('ph', 'mg/L', 7)).toBeUndefined();
    expect(convert('lead', 'NTU', 1)).toBeUndefined();
  });
});
