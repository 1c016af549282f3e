/** The SVG chart of a forecast answer: well-formed, with history, bands and forecast, escaped text. */
import { describe, expect, it } from 'vitest';
import { renderForecastSvg } from '#domain/forecasting/chart';
import { forecast } from '#domain/forecasting/forecast';

describe('renderForecastSvg', () => {
  const values = Array.from({ length: 48 }, (_, t) => (t === 20 ? null : 100 + 10 * Math.sin((2 * Math.PI * t) / 12) + t));
  const result = forecast({ values, start: '2020-01-01', kind: 'level' }, { period: 12, horizon: 12 });

  it('draws history, the forecast and both interval bands with finite coordinates', () => {
    const svg = renderForecastSvg(result, { title: 'Consommation <site A> & "B"' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<title>95 % interval</title>');
    expect(svg).toContain('<title>80 % interval</title>');
    expect(svg).toContain('<title>history</title>');
    expect(svg).toContain('<title>forecast</title>');
    expect(svg).toContain('Consommation &lt;site A&gt; &amp; &quot;B&quot;');
    expect(svg).toContain('2020-01-01');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    // The gap in the history starts a new segment.
    const history = /<path d="([^"]+)" fill="none" stroke="#111827"/.exec(svg)![1]!;
    expect(history.match(/M/g)).toHaveLength(2);
  });
});
