/**
 * The correlator's part of `bench:leaks`: synthetic recordings at 0 dB signal-to-noise of a
 * leak at a random position on a random pipe (ductile iron, PVC or PE, 60-400 m between
 * loggers, 4 s of recording), located by the domain's correlator. Reported twice: with the
 * pipe's true wave speed given (what a tap test gives), and with the table's speed while
 * the true speed is off by a random amount within the table's tolerance (the usual field
 * case). Nothing of the correlator was tuned on these seeds (5000..).
 */
import { correlate } from '#domain/leaks/correlator';
import { seededRandom } from '#domain/leaks/robust';
import { MATERIALS, waveSpeed, type PipeMaterial } from '#domain/leaks/wave-speed';
import { syntheticRecordings } from '#lib/local/simulator/acoustic';
import { formatTable, median, quantile } from './stats';

const PIPES: Array<{ material: PipeMaterial; diameterMm: number; sampleRateHz: number }> = [
  { material: 'ductile_iron', diameterMm: 150, sampleRateHz: 4096 },
  { material: 'pvc', diameterMm: 110, sampleRateHz: 2048 },
  { material: 'pe', diameterMm: 90, sampleRateHz: 2048 },
];

export function correlatorBench(count: number): void {
  const rows: string[][] = [];
  for (const speedKnown of [true, false]) {
    const errors: number[] = [];
    let located = 0;
    let within5 = 0;
    let covered = 0;
    for (let i = 0; i < count; i++) {
      const seed = 5000 + i;
      const random = seededRandom(seed * 13 + 5);
      const pipe = PIPES[i % PIPES.length]!;
      const distanceM = 60 + 340 * random();
      const leakFromAM = distanceM * (0.05 + 0.9 * random());
      const table = waveSpeed(pipe.material, pipe.diameterMm);
      const trueSpeed = speedKnown ? table.mps : table.mps + table.toleranceMps * (2 * random() - 1);
      const { a, b } = syntheticRecordings({ seed, sampleRateHz: pipe.sampleRateHz, samples: 4 * pipe.sampleRateHz, distanceM, leakFromAM, waveSpeedMps: trueSpeed, snrDb: 0, bandHz: MATERIALS[pipe.material].bandHz });
      const result = correlate({ a, b, sampleRateHz: pipe.sampleRateHz, distanceM, pipeMaterial: pipe.material, diameterMm: pipe.diameterMm, ...(speedKnown ? { waveSpeedMps: trueSpeed } : {}) });
      if (result.result !== 'located') continue;
      located++;
      const error = Math.abs(result.distanceFromAM - leakFromAM) / distanceM;
      errors.push(error);
      if (error <= 0.05) within5++;
      if (Math.abs(result.distanceFromAM - leakFromAM) <= result.uncertaintyM) covered++;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    rows.push([
      speedKnown ? 'true speed given' : 'table speed (true within tolerance)',
      String(count),
      pct(located / count),
      errors.length ? pct(median(errors)) : '-',
      errors.length ? pct(quantile(errors, 0.9)) : '-',
      errors.length ? pct(Math.max(...errors)) : '-',
      pct(within5 / count),
      located ? pct(covered / located) : '-',
    ]);
  }
  console.log('\ncorrelator at 0 dB SNR, position error as a share of the distance between loggers:');
  console.log(formatTable(['wave speed', 'pairs', 'located', 'median error', 'p90 error', 'max error', 'within 5 %', 'error <= stated uncertainty'], rows));
}
