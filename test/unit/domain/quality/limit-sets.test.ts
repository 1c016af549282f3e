import { describe, expect, it } from 'vitest';
import { applicableLimit, canonicalLimits, laxerThanRegulation, limitInputIssues, newLimitSet, type LimitSet } from '#domain/quality/limit-sets';

const DAY = '2026-11-20';
const NOW = '2026-11-20T10:00:00.000Z';
const set = (id: string, limits: Parameters<typeof newLimitSet>[1]['limits'], scope: { siteId?: string; samplingPointId?: string | null } = {}): LimitSet =>
  newLimitSet(id, { name: `set ${id}`, siteId: scope.siteId ?? 'SITE', samplingPointId: scope.samplingPointId ?? null, limits }, null, NOW);

describe('a tenant limit set may only be stricter than the regulation', () => {
  it('refuses a maximum above the regulatory one, and accepts one at or below it', () => {
    expect(laxerThanRegulation(canonicalLimits([{ parameter: 'nitrate', max: 60 }]), DAY)).toMatchObject([{ path: 'limits.0.max' }]);
    expect(laxerThanRegulation(canonicalLimits([{ parameter: 'nitrate', max: 50 }, { parameter: 'lead', max: 8 }]), DAY)).toEqual([]);
  });

  it('checks both bounds of a range (pH)', () => {
    expect(laxerThanRegulation(canonicalLimits([{ parameter: 'ph', min: 6, max: 9 }]), DAY).map((i) => i.path)).toEqual(['limits.0.min']);
    expect(laxerThanRegulation(canonicalLimits([{ parameter: 'ph', min: 7, max: 10 }]), DAY).map((i) => i.path)).toEqual(['limits.0.max']);
    expect(laxerThanRegulation(canonicalLimits([{ parameter: 'ph', min: 6.8, max: 9 }]), DAY)).toEqual([]);
  });

  it('compares in the canonical unit: 0.012 mg/L of lead is 12 µg/L, above 10', () => {
    expect(laxerThanRegulation(canonicalLimits([{ parameter: 'lead', max: 0.012, unit: 'mg/L' }]), DAY)).toHaveLength(1);
    expect(laxerThanRegulation(canonicalLimits([{ parameter: 'lead', max: 0.008, unit: 'mg/L' }]), DAY)).toEqual([]);
  });

  it("judges a set of a plant outlet against the outlet's own value (nitrite 0.10 mg/L) and a site-wide set against the tap's", () => {
    const nitrite = canonicalLimits([{ parameter: 'nitrite', max: 0.3 }]);
    expect(laxerThanRegulation(nitrite, DAY, 'plant_outlet')).toHaveLength(1);
    expect(laxerThanRegulation(nitrite, DAY, 'customer_tap')).toEqual([]);
    expect(laxerThanRegulation(nitrite, DAY)).toEqual([]);
  });

  it('takes any limit for a parameter the regulation gives no number for', () => {
    expect(laxerThanRegulation(canonicalLimits([{ parameter: 'turbidity', max: 1 }, { parameter: 'free_chlorine', min: 0.2, max: 1 }]), DAY)).toEqual([]);
  });

  it('refuses unknown parameters and units, min above max, no bound, a parameter twice', () => {
    expect(limitInputIssues([{ parameter: 'unobtainium', max: 1 }, { parameter: 'ph', min: 9, max: 7 }, { parameter: 'lead', unit: 'NTU', max: 1 }, { parameter: 'nitrate' }, { parameter: 'ph', max: 8 }]).map((i) => i.path)).toEqual([
      'limits.0.parameter',
      'limits.1.min',
      'limits.2.unit',
      'limits.3',
      'limits.4.parameter',
    ]);
  });
});

describe('which limit applies at a point', () => {
  const siteSet = set('S1', [{ parameter: 'ph', min: 7, max: 9 }, { parameter: 'turbidity', max: 1 }]);
  const pointSet = set('P1', [{ parameter: 'turbidity', max: 0.3 }], { samplingPointId: 'OUTLET' });
  const sets = [siteSet, pointSet];

  it('is the regulation where no tenant set speaks', () => {
    expect(applicableLimit('nitrate', { siteId: 'SITE', samplingPointId: 'TAP', kind: 'customer_tap' }, sets, DAY)).toMatchObject({ max: { value: 50, setId: 'eu-dwd-2020-2184', source: 'Directive (EU) 2020/2184, Annex I, Part B' }, min: null });
  });

  it("is the regulation's value for the kind of point (nitrite at a plant outlet)", () => {
    expect(applicableLimit('nitrite', { siteId: 'SITE', samplingPointId: 'OUTLET', kind: 'plant_outlet' }, [], DAY)?.max?.value).toBe(0.1);
    expect(applicableLimit('nitrite', { siteId: 'SITE', samplingPointId: 'TAP', kind: 'customer_tap' }, [], DAY)?.max?.value).toBe(0.5);
  });

  it("is the point's set before the site's, and the site's elsewhere, bound by bound", () => {
    expect(applicableLimit('turbidity', { siteId: 'SITE', samplingPointId: 'OUTLET', kind: 'plant_outlet' }, sets, DAY)?.max).toMatchObject({ value: 0.3, setId: 'P1' });
    expect(applicableLimit('turbidity', { siteId: 'SITE', samplingPointId: 'TAP', kind: 'customer_tap' }, sets, DAY)?.max).toMatchObject({ value: 1, setId: 'S1' });
    const ph = applicableLimit('ph', { siteId: 'SITE', samplingPointId: 'OUTLET', kind: 'plant_outlet' }, sets, DAY);
    expect([ph?.min?.value, ph?.min?.setId, ph?.max?.value, ph?.max?.setId]).toEqual([7, 'S1', 9, 'S1']);
  });

  it('never loosens the regulation: a tenant value that became laxer gives way to it', () => {
    const lead = [set('L1', [{ parameter: 'lead', max: 8 }])];
    expect(applicableLimit('lead', { siteId: 'SITE' }, lead, '2030-01-01')?.max).toMatchObject({ value: 8, setId: 'L1' });
    expect(applicableLimit('lead', { siteId: 'SITE' }, lead, '2036-06-01')?.max).toMatchObject({ value: 5, setId: 'eu-dwd-2020-2184' });
  });

  it('ignores sets of other sites and is null where nothing bounds the parameter', () => {
    expect(applicableLimit('turbidity', { siteId: 'OTHER' }, sets, DAY)).toBeNull();
    expect(applicableLimit('temperature', { siteId: 'SITE' }, sets, DAY)).toBeNull();
  });
});
