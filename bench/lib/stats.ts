/**
 * Small helpers shared by the benchmarks: order statistics, an unbiased shuffle for
 * interleaving runs, a plain-text table, and the esbuild metafile grouping by package.
 */
import type { Metafile } from 'esbuild';

/** Median of a non-empty sample (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of an empty sample');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank quantile (q in [0, 1]) of a non-empty sample: p90 of 15 runs is the 14th value. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) throw new Error('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile ${q} is outside [0, 1]`);
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** Fisher-Yates shuffle into a new array; `random` is injectable for tests. */
export function shuffle<T>(xs: readonly T[], random: () => number = Math.random): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A text table: first column left-aligned, the others right-aligned, a dashed rule under the header. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const fmt = (row: readonly string[]) =>
    row
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

/**
 * Bytes of the entry point's output by npm package (`@scope/name`; a nested copy counts
 * as the innermost package) or project folder (`functions/platform`), largest first.
 */
export function bytesByPackage(meta: Metafile): Array<[string, number]> {
  const out = Object.values(meta.outputs).find((o) => o.entryPoint);
  const groups = new Map<string, number>();
  for (const [path, input] of Object.entries(out?.inputs ?? {})) {
    const pkgs = [...path.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
    const key = pkgs.length ? pkgs[pkgs.length - 1]![1]! : path.split('/').slice(0, 2).join('/');
    groups.set(key, (groups.get(key) ?? 0) + input.bytesInOutput);
  }
  return [...groups].sort((a, b) => b[1] - a[1]);
}
