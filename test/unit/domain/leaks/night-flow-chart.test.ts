/** The night-flow chart: the night line broken at missing nights, legitimate use, threshold, leak events marked. */
import { describe, expect, it } from 'vitest';
import { renderNightFlowSvg, type ChartNight } from '#domain/leaks/night-flow-chart';

const night = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
const nights: ChartNight[] = Array.from({ length: 10 }, (_, i) => ({
  night: night(i),
  minimumNightFlowM3h: i === 3 ? null : i >= 6 ? 26 : 20,
  legitimateNightUseM3h: 1.36,
  thresholdM3h: i < 2 ? null : 22.5,
}));
const leak = { startNight: night(6), detectedNight: night(7), clearedNight: null, addedFlowM3h: 6, outcome: 'open' as const };

const pathOf = (svg: string, cls: string) => svg.match(new RegExp(`<path class="${cls}" d="([^"]*)"`))?.[1] ?? '';

describe('renderNightFlowSvg', () => {
  const svg = renderNightFlowSvg({ title: 'Night flow of zone <Nord> & co', nights, events: [leak] });

  it('is a standalone SVG document with an escaped title', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<title>Night flow of zone &lt;Nord&gt; &amp; co</title>');
    expect(svg).not.toContain('<Nord>');
  });

  it('draws the night line broken at the night without data, the legitimate use, and the threshold from its first night', () => {
    const line = pathOf(svg, 'night-line');
    expect(line.match(/M/g)).toHaveLength(2); // one break, at night 3
    expect(line.match(/[ML]/g)).toHaveLength(9);
    expect(pathOf(svg, 'legitimate-use').match(/[ML]/g)).toHaveLength(10);
    expect(pathOf(svg, 'threshold').match(/[ML]/g)).toHaveLength(8);
    // Higher flows are drawn higher (smaller y): the leak nights sit above the threshold line.
    const ys = [...line.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    const threshold = Number(pathOf(svg, 'threshold').match(/M[\d.]+,([\d.]+)/)![1]);
    expect(ys.at(-1)!).toBeLessThan(threshold);
    expect(ys[0]!).toBeGreaterThan(threshold);
  });

  it('marks the leak from its start night to the chart end, and the night it was detected', () => {
    const rect = svg.match(/<rect class="leak-event" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/)!;
    const detected = Number(svg.match(/<line class="leak-detected" x1="([\d.]+)"/)![1]);
    const left = Number(rect[1]);
    const right = left + Number(rect[2]);
    expect(detected).toBeGreaterThan(left);
    expect(right).toBeCloseTo(800 - 16, 0);
    expect(svg).toContain(`leak open from ${night(6)}: +6 m³/h`);
  });

  it('leaves out events outside the nights, and says when there is no night at all', () => {
    const old = { ...leak, startNight: '2025-01-01', detectedNight: '2025-01-02', clearedNight: '2025-02-01', outcome: 'cleared' as const };
    expect(renderNightFlowSvg({ title: 't', nights, events: [old] })).not.toContain('leak-event');
    const empty = renderNightFlowSvg({ title: 't', nights: [], events: [] });
    expect(empty).toContain('no night in the range');
    expect(empty).not.toContain('NaN');
  });
});
