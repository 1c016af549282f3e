/**
 * A readable SVG chart of a forecast answer (for `GET /v1/forecasts/{id}/chart.svg`):
 * history as a line, the forecast mean as a dashed line, the 95 % and 80 % intervals as
 * shaded bands, a few dated ticks and a title. Pure string building, no DOM, no I/O.
 */
import { brokenPath, escapeXml, yGrid } from '#domain/svg';
import type { ForecastResult } from './forecast';

/** Size and title of the chart. */
export interface ChartOptions {
  /** @default 800 */
  width?: number;
  /** @default 360 */
  height?: number;
  /** @default the model name */
  title?: string;
}

/** Renders the answer of {@link forecast} as a standalone SVG document. */
export function renderForecastSvg(result: ForecastResult, options: ChartOptions = {}): string {
  const width = options.width ?? 800;
  const height = options.height ?? 360;
  const margin = { left: 64, right: 16, top: 36, bottom: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const history = result.history;
  const fc = result.forecast;
  const total = history.length + fc.length;
  const values = [
    ...history.flatMap((h) => (h.value === null ? [] : [h.value])),
    ...fc.flatMap((p) => [p.lower95, p.upper95, p.mean]),
  ];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const x = (i: number): number => margin.left + (total > 1 ? (i / (total - 1)) * plotW : plotW / 2);
  const y = (v: number): number => margin.top + ((hi - v) / (hi - lo)) * plotH;
  const pt = (i: number, v: number): string => `${x(i).toFixed(1)},${y(v).toFixed(1)}`;

  // History as path segments broken at gaps.
  const historyPath = brokenPath(history.map((h) => h.value), pt);
  const n = history.length;
  const lastObserved = [...history].reverse().find((h) => h.value !== null);
  const band = (lower: 'lower95' | 'lower80', upper: 'upper95' | 'upper80'): string => {
    const top = fc.map((p, k) => pt(n + k, p[upper]));
    const bottom = fc.map((p, k) => pt(n + k, p[lower])).reverse();
    return `M${top.join('L')}L${bottom.join('L')}Z`;
  };
  const meanPath = fc.length ? `M${lastObserved ? pt(n - 1, lastObserved.value!) + 'L' : ''}${fc.map((p, k) => pt(n + k, p.mean)).join('L')}` : '';

  const ticks = yGrid(lo, hi, y, margin.left, width - margin.right);
  const labels = [...history.map((h) => h.ts), ...fc.map((p) => p.ts)];
  const step = Math.max(1, Math.ceil(total / 6));
  for (let i = 0; i < total; i += step) {
    ticks.push(`<text x="${x(i).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle">${escapeXml(labels[i]!)}</text>`);
  }
  const title = options.title ?? `${result.model.name}, ${fc.length} steps ahead`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" fill="#374151">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...ticks,
    fc.length ? `<path d="${band('lower95', 'upper95')}" fill="#bfdbfe" stroke="none"><title>95 % interval</title></path>` : '',
    fc.length ? `<path d="${band('lower80', 'upper80')}" fill="#93c5fd" stroke="none"><title>80 % interval</title></path>` : '',
    `<path d="${historyPath}" fill="none" stroke="#111827" stroke-width="1.5"><title>history</title></path>`,
    meanPath ? `<path d="${meanPath}" fill="none" stroke="#1d4ed8" stroke-width="2" stroke-dasharray="6 3"><title>forecast</title></path>` : '',
    `<line x1="${x(n - 0.5).toFixed(1)}" x2="${x(n - 0.5).toFixed(1)}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="#9ca3af" stroke-dasharray="2 3"/>`,
    `</svg>`,
  ]
    .filter((s) => s !== '')
    .join('\n');
}
