/** The command-line entry on a French CSV: same engine, JSON on stdout, typed failures as exit codes. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCsvSeries } from '#domain/forecasting/csv';
import { forecast } from '#domain/forecasting/forecast';

const run = promisify(execFile);
const cli = new URL('../../../../bin/forecast.ts', import.meta.url).pathname;

/** A French invoice file: day-first dates, decimal commas, spaces as thousands separators, two codes. */
function frenchCsv(): string {
  const lines = ['Date;Code;Montant'];
  for (let t = 0; t < 60; t++) {
    const year = 2020 + Math.floor(t / 12);
    const month = String((t % 12) + 1).padStart(2, '0');
    const amount = 1500 + 400 * Math.sin((2 * Math.PI * t) / 12) + 10 * t + 37 * Math.cos(t * 2.3);
    lines.push(`15/${month}/${year};146014;${amount.toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}`);
    lines.push(`20/${month}/${year};999999;12,00`);
  }
  lines.push('pas une date;146014;1,00');
  return lines.join('\n');
}

async function cliRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: new URL('../../../..', import.meta.url).pathname });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bin/forecast.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hydrant-forecast-'));
  const file = join(dir, 'factures.csv');
  writeFileSync(file, frenchCsv());

  it('prints the forecast JSON, the same numbers as the engine', async () => {
    const { code, stdout } = await run(process.execPath, ['--import', 'tsx', cli, '--input', file, '--key', '146014', '--horizon', '30', '--period', '12', '--json']).then(
      (r) => ({ code: 0, ...r }),
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.horizon).toEqual({ requested: 30, used: 20, safe: 20, reason: 'capped' });
    expect(out.input.rows).toEqual({ total: 121, used: 60, invalid: 1, filtered: 60 });
    expect(out.explanations[0]).toMatch(/60 of 121 rows used \(1 invalid dropped, 60 of other keys\)/);
    const csv = parseCsvSeries(frenchCsv(), { key: { value: '146014' } });
    const direct = forecast({ values: csv.values, start: csv.start!, frequency: 'month' }, { horizon: 30, period: 12 });
    expect(out.forecast).toEqual(direct.forecast);
    expect(out.forecast[0].ts).toBe('2025-01-01');
  }, 60_000);

  it('fails with exit code 3 and a reason when the series cannot be forecast', async () => {
    const tiny = join(dir, 'court.csv');
    writeFileSync(tiny, 'date;montant\n01/01/2024;5\n');
    const res = await cliRun(['--input', tiny, '--json']);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/TOO_SHORT/);
  }, 60_000);

  it('fails with exit code 2 on bad usage', async () => {
    expect((await cliRun([])).code).toBe(2);
  }, 60_000);
});
