/** What the SVG charts share (forecast chart, night-flow chart): escaping and short axis numbers. Pure. */

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Short number for axis labels: 1234567 -> "1.23M". */
export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  return Number(v.toPrecision(3)).toString();
}

/** An SVG path through the points, broken where a value is missing (null). */
export function brokenPath(values: readonly (number | null)[], point: (i: number, v: number) => string): string {
  let path = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${point(i, v)}`;
    pen = true;
  });
  return path;
}

/** Five horizontal grid lines from `lo` to `hi` with their labels, between `left` and `right`; `y` maps a value to its ordinate. */
export function yGrid(lo: number, hi: number, y: (v: number) => number, left: number, right: number): string[] {
  const lines: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    lines.push(
      `<line x1="${left}" x2="${right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/>` +
        `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${escapeXml(formatNumber(v))}</text>`,
    );
  }
  return lines;
}
