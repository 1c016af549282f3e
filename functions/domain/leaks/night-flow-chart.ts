/**
 * The SVG chart of a zone's night flow (for `GET /v1/zones/{id}/night-flow.svg`): the night
 * line (minimum night flow per night, broken where a night had too little data), the
 * legitimate night use, the detector's threshold (the level that, held, raises a leak
 * within three nights), and each leak event as a shaded span from its start night to the
 * night the line returned (or the chart's end) with a mark on the night it was detected.
 * Pure string building, no DOM, no I/O.
 */
import { brokenPath, escapeXml, formatNumber, yGrid } from '#domain/svg';
import type { LeakEvent } from './detector';

/** One night as the chart draws it. */
export interface ChartNight {
  readonly night: string;
  readonly minimumNightFlowM3h: number | null;
  readonly legitimateNightUseM3h: number;
  /** The detector's threshold that night (null before it has a baseline). */
  readonly thresholdM3h: number | null;
}

export interface NightFlowChart {
  readonly title: string;
  readonly nights: readonly ChartNight[];
  /** The leak events overlapping the nights. */
  readonly events: readonly Pick<LeakEvent, 'startNight' | 'detectedNight' | 'clearedNight' | 'addedFlowM3h' | 'outcome'>[];
}

const WIDTH = 800;
const HEIGHT = 360;
const MARGIN = { left: 64, right: 16, top: 36, bottom: 40 };

/** Renders the chart as a standalone SVG document. */
export function renderNightFlowSvg(chart: NightFlowChart): string {
  const { nights } = chart;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = nights.flatMap((n) => [n.minimumNightFlowM3h, n.thresholdM3h, n.legitimateNightUseM3h]).filter((v): v is number => v !== null && Number.isFinite(v));
  let lo = Math.min(0, ...values);
  let hi = values.length ? Math.max(...values) : 1;
  if (!(hi > lo)) hi = lo + 1;
  hi += (hi - lo) * 0.05;
  const x = (i: number) => MARGIN.left + (nights.length > 1 ? (i / (nights.length - 1)) * plotW : plotW / 2);
  const y = (v: number) => MARGIN.top + ((hi - v) / (hi - lo)) * plotH;
  const pt = (i: number, v: number) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  const indexOf = new Map(nights.map((n, i) => [n.night, i]));
  const half = nights.length > 1 ? plotW / (nights.length - 1) / 2 : plotW / 2;

  const grid = yGrid(lo, hi, y, MARGIN.left, WIDTH - MARGIN.right);
  const step = Math.max(1, Math.ceil(nights.length / 6));
  for (let i = 0; i < nights.length; i += step) grid.push(`<text x="${x(i).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${escapeXml(nights[i]!.night)}</text>`);

  const first = nights[0]?.night;
  const last = nights.at(-1)?.night;
  const events = chart.events.flatMap((e) => {
    if (first === undefined || last === undefined || e.startNight > last || (e.clearedNight !== null && e.clearedNight < first)) return [];
    const from = indexOf.get(e.startNight) ?? 0;
    const to = e.clearedNight === null ? nights.length - 1 : Math.max(from, (indexOf.get(e.clearedNight) ?? nights.length) - 1);
    const left = Math.max(MARGIN.left, x(from) - half);
    const right = Math.min(WIDTH - MARGIN.right, x(to) + half);
    const label = `leak ${e.outcome} from ${e.startNight}${e.clearedNight ? ` to ${e.clearedNight}` : ''}: +${formatNumber(e.addedFlowM3h)} m³/h`;
    const detected = indexOf.get(e.detectedNight);
    return [
      `<rect class="leak-event" x="${left.toFixed(1)}" y="${MARGIN.top}" width="${Math.max(1, right - left).toFixed(1)}" height="${plotH}" fill="#fecaca" fill-opacity="0.6"><title>${escapeXml(label)}</title></rect>`,
      detected === undefined
        ? ''
        : `<line class="leak-detected" x1="${x(detected).toFixed(1)}" x2="${x(detected).toFixed(1)}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#dc2626" stroke-width="1.5"><title>${escapeXml(`detected on ${e.detectedNight}`)}</title></line>`,
    ];
  });

  const line = (cls: string, path: string, style: string, title: string) => (path ? `<path class="${cls}" d="${path}" fill="none" ${style}><title>${title}</title></path>` : '');
  const legend = [
    ['#111827', 'minimum night flow (m³/h)'],
    ['#16a34a', 'legitimate night use'],
    ['#dc2626', 'detection threshold'],
  ]
    .map(([color, text], k) => `<text x="${MARGIN.left + 8 + k * 200}" y="${MARGIN.top + 14}" fill="${color}">${escapeXml(text!)}</text>`)
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11" fill="#374151">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
    ...grid,
    ...events,
    line('legitimate-use', brokenPath(nights.map((n) => n.legitimateNightUseM3h), pt), 'stroke="#16a34a" stroke-width="1.5" stroke-dasharray="2 3"', 'legitimate night use'),
    line('threshold', brokenPath(nights.map((n) => n.thresholdM3h), pt), 'stroke="#dc2626" stroke-width="1.5" stroke-dasharray="6 3"', 'detection threshold'),
    line('night-line', brokenPath(nights.map((n) => n.minimumNightFlowM3h), pt), 'stroke="#111827" stroke-width="2"', 'minimum night flow'),
    legend,
    nights.length === 0 ? `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no night in the range</text>` : '',
    `</svg>`,
  ]
    .filter((s) => s !== '')
    .join('\n');
}
