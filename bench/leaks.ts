/**
 * Leak-detection benchmark: simulated zone-years (lib/local/simulator/network.ts) with
 * leaks of 5, 10, 20 and 50 % of the zone's night flow and none, through the domain's
 * night-flow computation, scored for the CUSUM detector and a fixed-threshold rule;
 * then the acoustic correlator's position error at 0 dB signal-to-noise.
 *
 *   npm run bench:leaks [-- --zone-years 150] [--correlations 40] [--tuning-only]
 *
 * `--tuning-only` simulates and reports the tuning seeds only (for work on the detector,
 * so that the validation seeds are looked at once, at the end).
 *
 * No tuning on the figures reported as validation: the seeds are split before anything
 * is tuned. Tuning seeds are 1000.., validation seeds 5000..; the detector's grid and the
 * threshold rule's margin are chosen on the tuning set only (the highest share of >= 10 %
 * leaks found within 3 nights among settings with at most FALSE_ALARM_BUDGET false alarms
 * per zone-year), and both sets are reported with the chosen settings, beside a ceiling:
 * what a clairvoyant test that knows each zone's baseline and noise would find (`ceiling`).
 *
 * In honesty: the detector's design (weekday offsets, trend, withdrawal of unconfirmed
 * alarms, superseding an open alarm on a further rise) and the grid were revised over a
 * few runs of this benchmark, each chosen by the tuning set's figures; those runs also
 * printed the validation figures, so the validation set is not untouched by a person's
 * eyes, though no parameter was ever picked on it. A fresh validation needs new seeds.
 * Takes about 5 minutes on a shared 2-core machine.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DETECTOR_PARAMS, type DetectorParams } from '#domain/leaks/detector';
import { formatTable, median, quantile } from './lib/stats';
import { ceiling, cusumDetector, fixedThresholdDetector, LEAK_SIZES, nightNoise, score, simulateZoneYear, within3Share, type Score, type ZoneYear } from './lib/leak-scenarios';
import { correlatorBench } from './lib/correlator-bench';

const { values } = parseArgs({
  options: {
    'zone-years': { type: 'string', default: '150' },
    correlations: { type: 'string', default: '40' },
    'tuning-only': { type: 'boolean', default: false },
  },
});
const zoneYears = Number(values['zone-years']);
const TUNING_SEEDS = Array.from({ length: zoneYears }, (_, i) => 1000 + i);
const VALIDATION_SEEDS = Array.from({ length: zoneYears }, (_, i) => 5000 + i);
/**
 * Settings are admissible at up to 0.75 false alarms per zone-year on the tuning set: the
 * target is 1, and the rate's standard error over 150 zone-years is about ±0.07 (Poisson),
 * so 0.75 keeps more than three standard errors of margin. (Earlier runs used 0.5.)
 */
const FALSE_ALARM_BUDGET = 0.75;

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;

function simulate(seeds: readonly number[]): ZoneYear[] {
  return seeds.map((seed, i) => simulateZoneYear(seed, i));
}

function report(title: string, s: Score): void {
  console.log(`\n${title}: ${s.zoneYears} zone-years, ${s.falseAlarms} false alarms = ${(s.falseAlarms / s.zoneYears).toFixed(2)} per zone-year`);
  const rows = [...s.bySize]
    .sort((a, b) => a[0] - b[0])
    .map(([size, x]) => [
      `${pct(size)} of night flow`,
      String(x.leaks),
      pct(x.found / x.leaks),
      pct(x.within3 / x.leaks),
      x.nights.length ? String(median(x.nights)) : '-',
      x.nights.length ? String(quantile(x.nights, 0.9)) : '-',
      x.ratios.length ? median(x.ratios).toFixed(2) : '-',
      x.ratios.length ? `${quantile(x.ratios, 0.1).toFixed(2)}-${quantile(x.ratios, 0.9).toFixed(2)}` : '-',
      x.ratios.length ? pct(x.covered / x.found) : '-',
      x.repaired ? `${x.cleared}/${x.repaired}` : '-',
    ]);
  console.log(
    formatTable(['leak size', 'leaks', 'found', 'in <= 3 nights', 'nights med', 'nights p90', 'est/true med', 'est/true p10-p90', '95% int covers', 'cleared at repair'], rows),
  );
  console.log(`leaks >= 10 % found within 3 nights: ${pct(within3Share(s))}`);
}

const t0 = Date.now();
const tuning = simulate(TUNING_SEEDS);
const tuningOnly = values['tuning-only'] === true;
const validation = tuningOnly ? [] : simulate(VALIDATION_SEEDS);
console.log(`simulated ${tuning.length + validation.length} zone-years in ${((Date.now() - t0) / 1000).toFixed(1)} s (sizes ${LEAK_SIZES.map(pct).join(', ')}, equal numbers)`);

// Tuning, on the tuning set only.
const grid: DetectorParams[] = [];
// Refined around the optimum of a first, wider pass on the tuning set (baseline 28 or 56 nights, k 0.75-1.25,
// h 3-5, trend and weekday offsets on or off: 56 nights with both on won), adding a wider clip so large leaks
// can be raised in 2 nights.
const CUSUM_ONLY = { glrWindow: 0, predictiveScale: false };
// h 4.9 lets two clamped nights (2 × (4 − 1.5) = 5) raise a large leak, which h 5 does not.
for (const k of [1, 1.25, 1.5])
  for (const h of [4, 4.5, 4.9, 5, 6])
    for (const clip of [3, 4]) grid.push({ ...DEFAULT_DETECTOR_PARAMS, ...CUSUM_ONLY, baselineNights: 56, k, h, clip, trend: true, weekdayAdjust: true });
// The window-limited GLR beside the CUSUM (k 1.5, h 5), with and without the predictive scale.
for (const predictiveScale of [false, true])
  for (const glrWindow of [3])
    for (const glrThreshold of [4, 4.25, 4.5, 4.75, 5])
      for (const clip of [3, 4])
        grid.push({ ...DEFAULT_DETECTOR_PARAMS, baselineNights: 56, k: 1.5, h: 5, clip, trend: true, weekdayAdjust: true, predictiveScale, glrWindow, glrThreshold });
const tried = grid.map((params) => ({ params, s: score(tuning, cusumDetector(params)) }));
const admissible = tried.filter((t) => t.s.falseAlarms / t.s.zoneYears <= FALSE_ALARM_BUDGET);
const best = (admissible.length ? admissible : tried).sort((a, b) => within3Share(b.s) - within3Share(a.s) || a.s.falseAlarms - b.s.falseAlarms)[0]!;
const chosen = best.params;
console.log(`\nCUSUM grid on the tuning set: ${grid.length} settings, ${admissible.length} within ${FALSE_ALARM_BUDGET} false alarms per zone-year`);
console.log(`chosen: ${JSON.stringify(chosen)}`);
console.log(`best five: ${(admissible.length ? admissible : tried).slice(0, 5).map((t) => `${pct(within3Share(t.s))} in 3 nights, ${(t.s.falseAlarms / t.s.zoneYears).toFixed(2)} FA/zy: ${JSON.stringify(t.params)}`).join('\n  ')}`);
const keys = new Set([...Object.keys(chosen), ...Object.keys(DEFAULT_DETECTOR_PARAMS)] as Array<keyof DetectorParams>);
const same = [...keys].every((key) => chosen[key] === DEFAULT_DETECTOR_PARAMS[key]);
console.log(same ? 'the domain defaults (DEFAULT_DETECTOR_PARAMS) are this setting' : 'NOTE: the domain defaults (DEFAULT_DETECTOR_PARAMS) differ from this setting; the figures below use the chosen one');

const margins = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1];
const thresholds = margins.map((margin) => ({ margin, s: score(tuning, fixedThresholdDetector(margin)) }));
const threshold = thresholds.find((t) => t.s.falseAlarms / t.s.zoneYears <= FALSE_ALARM_BUDGET) ?? thresholds[thresholds.length - 1]!;
console.log(`fixed threshold, tuned the same way: margin ${pct(threshold.margin)} above the median of the first 28 nights`);

const sets = [['TUNING set', tuning], ...(tuningOnly ? [] : [['VALIDATION set', validation]])] as Array<[string, ZoneYear[]]>;
for (const [name, set] of sets) {
  report(`${name}, detector (CUSUM${chosen.glrWindow ? ' + GLR' : ''})`, score(set, cusumDetector(chosen, true)));
  report(`${name}, fixed threshold (baseline)`, score(set, fixedThresholdDetector(threshold.margin)));
  const c = ceiling(set);
  console.log(
    `ceiling (a clairvoyant test: known baseline and σ, Gaussian nights, 3-night sum at 1 false alarm per zone-year): leaks >= 10 % within 3 nights ${pct(c.share)}; by size ${c.bySize.map(([size, p]) => `${pct(size)}: ${pct(p)}`).join(', ')}`,
  );
}
if (tuningOnly) process.exit(0);

// Where the target is reachable: the same validation figures by how noisy the zone's night line is.
const classes: Array<[string, (x: number) => boolean]> = [
  ['night noise < 3 %', (x) => x < 0.03],
  ['3-5 %', (x) => x >= 0.03 && x < 0.05],
  ['>= 5 %', (x) => x >= 0.05],
];
console.log('\nVALIDATION set, CUSUM, by night-to-night noise of the zone (robust spread of the night line / its median):');
console.log(
  formatTable(
    ['zone noise', 'zone-years', 'leaks >= 10 %', 'found in <= 3 nights', 'false alarms / zone-year'],
    classes.map(([name, test]) => {
      const subset = validation.filter((y) => test(nightNoise(y)));
      const s = score(subset, cusumDetector(chosen));
      const leaks = [...s.bySize].filter(([size]) => size >= 0.1).reduce((n, [, x]) => n + x.leaks, 0);
      return [name, String(subset.length), String(leaks), leaks ? pct(within3Share(s)) : '-', subset.length ? (s.falseAlarms / subset.length).toFixed(2) : '-'];
    }),
  ),
);

correlatorBench(Number(values.correlations));
