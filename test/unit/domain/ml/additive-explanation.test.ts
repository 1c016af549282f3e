import { describe, expect, it } from 'vitest';
import { explainAdditively, logOddsShapley, type ExplainedColumn } from '#domain/ml/additive-explanation';
import { logit } from '#domain/water-quality/linear-models';

interface X { a: number; b: number; c: string }
const columns: ExplainedColumn<X, 'a' | 'b' | 'c'>[] = [
  { features: ['a'], of: (x) => x.a },
  { features: ['a', 'b'], of: (x) => x.a * x.b },
  { features: ['c'], of: (x) => (x.c === 'pump' ? 1 : 0) },
];
const model = { intercept: -2, weights: [0.5, 0.3, 1.2], means: [0, 0, 0] };
const reference: X = { a: 1, b: 2, c: 'valve' };

describe('exact additive explanations of a log-odds model', () => {
  it('gives each input its exact Shapley value: a one-input column alone, a two-input column split by the two-player values', () => {
    const x: X = { a: 3, b: -1, c: 'pump' };
    const phi = logOddsShapley(model, columns, ['a', 'b', 'c'], x, reference);
    // Column a·b: v(∅) = 2, v({a}) = 6, v({b}) = -1, v({a,b}) = -3.
    expect(phi.get('a')).toBeCloseTo(0.5 * 2 + (0.3 * (-3 - -1 + 6 - 2)) / 2, 12);
    expect(phi.get('b')).toBeCloseTo((0.3 * (-3 - 6 + -1 - 2)) / 2, 12);
    expect(phi.get('c')).toBeCloseTo(1.2, 12);
  });

  it('sums to the change of log-odds and of probability from the reference', () => {
    for (const x of [{ a: 3, b: -1, c: 'pump' }, { a: 1, b: 2, c: 'valve' }, { a: -4, b: 7, c: 'valve' }]) {
      const e = explainAdditively(model, columns, ['a', 'b', 'c'], x, reference);
      const values = [...e.byFeature.values()];
      expect(values.reduce((s, v) => s + v.logOdds, 0)).toBeCloseTo(logit(e.probability) - logit(e.baseline), 10);
      expect(values.reduce((s, v) => s + v.contribution, 0)).toBeCloseTo(e.probability - e.baseline, 12);
    }
  });
});
