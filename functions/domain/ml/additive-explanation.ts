/**
 * Exact additive explanations of a model linear in log-odds (linear-models.ts), shared by
 * every such model (water quality, assets at risk). Pure.
 *
 * A model's columns are each a function of one or two named inputs. Against a reference
 * point (baseline Shapley), a column of one input gives that input `w · (column(x) -
 * column(reference))`; a column of two inputs is shared by their exact two-player Shapley
 * values. The sums are each input's exact Shapley value of the log-odds, and they add up
 * to `logit(p) - logit(p0)`. The probability change `p - p0` is then shared in proportion
 * to them, so the contributions in probability points add up to it exactly.
 */
import { linear, sigmoid, type LinearModel } from '#domain/water-quality/linear-models';

/** A model column: the one or two inputs it is a function of, and the function. */
export interface ExplainedColumn<X, F extends string> {
  readonly features: readonly [F] | readonly [F, F];
  readonly of: (x: X) => number;
}

export interface AdditiveExplanation<F extends string> {
  readonly probability: number;
  /** The probability at the reference point. */
  readonly baseline: number;
  /** Per input: its exact Shapley value in log-odds, and its share of `probability - baseline`. */
  readonly byFeature: ReadonlyMap<F, { readonly logOdds: number; readonly contribution: number }>;
}

/** `x` with every input but `keep` at the reference's value. */
const mixed = <X>(x: X, reference: X, keep: string): X => ({ ...reference, [keep]: (x as Record<string, unknown>)[keep] }) as X;

/** Each input's exact Shapley value of the log-odds against `reference`. */
export function logOddsShapley<X, F extends string>(classifier: LinearModel, columns: readonly ExplainedColumn<X, F>[], features: readonly F[], x: X, reference: X): Map<F, number> {
  const phi = new Map<F, number>(features.map((f) => [f, 0]));
  const add = (f: F, v: number) => phi.set(f, (phi.get(f) ?? 0) + v);
  columns.forEach((column, j) => {
    const w = classifier.weights[j]!;
    const [a, b] = column.features;
    if (b === undefined) {
      add(a, w * (column.of(x) - column.of(reference)));
      return;
    }
    const both = column.of(x);
    const none = column.of(reference);
    const onlyA = column.of(mixed(x, reference, a));
    const onlyB = column.of(mixed(x, reference, b));
    add(a, (w * (both - onlyB + onlyA - none)) / 2);
    add(b, (w * (both - onlyA + onlyB - none)) / 2);
  });
  return phi;
}

/**
 * The probability for `x`, the baseline at `reference`, and each input's contribution in
 * log-odds and in probability points (`p - p0` shared in proportion to the log-odds
 * values; when `logit(p) = logit(p0)` the local slope p(1-p) is used).
 */
export function explainAdditively<X, F extends string>(classifier: LinearModel, columns: readonly ExplainedColumn<X, F>[], features: readonly F[], x: X, reference: X): AdditiveExplanation<F> {
  const row = (v: X) => columns.map((c) => c.of(v));
  const baselineLogOdds = linear(classifier, row(reference));
  const logOdds = linear(classifier, row(x));
  const baseline = sigmoid(baselineLogOdds);
  const probability = sigmoid(logOdds);
  const delta = logOdds - baselineLogOdds;
  const scale = Math.abs(delta) > 1e-9 ? (probability - baseline) / delta : probability * (1 - probability);
  const phi = logOddsShapley(classifier, columns, features, x, reference);
  const byFeature = new Map(features.map((f) => [f, { logOdds: phi.get(f) ?? 0, contribution: (phi.get(f) ?? 0) * scale }] as const));
  return { probability, baseline, byFeature };
}
