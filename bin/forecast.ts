/**
 * Command-line forecasting on a CSV file, with the same engine as the API:
 *
 *   npx tsx bin/forecast.ts --input series.csv [--horizon 18] [--period 12] [--json]
 *     [--frequency month|week|day] [--kind amount|level] [--key 146014 [--key-column code]]
 *     [--date-column date] [--value-column montant]
 *
 * The CSV needs a value column and may have a date column (French formats accepted).
 * With --json the forecast answer is printed as JSON; otherwise a readable summary.
 * Exit codes: 0 ok, 2 usage, 3 the series cannot be forecast (the reason on stderr).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCsvSeries } from '#domain/forecasting/csv';
import { ForecastError } from '#domain/forecasting/errors';
import { forecast } from '#domain/forecasting/forecast';
import type { Frequency } from '#domain/forecasting/calendar';

const usage = 'usage: npx tsx bin/forecast.ts --input series.csv [--horizon N] [--period N] [--frequency month|week|day] [--kind amount|level] [--key VALUE [--key-column NAME]] [--json]';

function main(): number {
  let args;
  try {
    args = parseArgs({
      options: {
        input: { type: 'string' },
        horizon: { type: 'string' },
        period: { type: 'string' },
        frequency: { type: 'string', default: 'month' },
        kind: { type: 'string', default: 'amount' },
        key: { type: 'string' },
        'key-column': { type: 'string' },
        'date-column': { type: 'string' },
        'value-column': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error((error as Error).message);
    console.error(usage);
    return 2;
  }
  if (args.help || !args.input) {
    console.error(usage);
    return args.help ? 0 : 2;
  }
  const frequency = args.frequency as Frequency;
  if (!['month', 'week', 'day'].includes(frequency) || !['amount', 'level'].includes(args.kind!)) {
    console.error(usage);
    return 2;
  }
  const int = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  try {
    const csv = parseCsvSeries(readFileSync(args.input, 'utf8'), {
      frequency,
      aggregate: args.kind === 'level' ? 'mean' : 'sum',
      dateColumn: args['date-column'],
      valueColumn: args['value-column'],
      key: args.key !== undefined ? { value: args.key, column: args['key-column'] } : undefined,
    });
    const result = forecast(
      { values: csv.values, frequency, start: csv.start ?? undefined, kind: args.kind as 'amount' | 'level' },
      { horizon: int(args.horizon) ?? null, period: int(args.period) },
    );
    const rowsNote = `${csv.rows.used} of ${csv.rows.total} rows used (${csv.rows.invalid} invalid dropped${csv.rows.filtered ? `, ${csv.rows.filtered} of other keys` : ''}).`;
    if (args.json) {
      console.log(JSON.stringify({ ...result, input: { columns: csv.columns, rows: csv.rows }, explanations: [rowsNote, ...result.explanations] }, null, 2));
      return 0;
    }
    console.log(rowsNote);
    for (const e of result.explanations) console.log(`- ${e}`);
    console.log('');
    console.log(['period'.padEnd(12), 'mean', 'p10', 'p90', 'lower95', 'upper95'].map((h) => h.padStart(12)).join(''));
    const f = (v: number): string => v.toFixed(2).padStart(12);
    for (const p of result.forecast) console.log(p.ts.padStart(12) + [p.mean, p.p10, p.p90, p.lower95, p.upper95].map(f).join(''));
    return 0;
  } catch (error) {
    if (error instanceof ForecastError) {
      console.error(`cannot forecast (${error.code}): ${error.message}`);
      return 3;
    }
    throw error;
  }
}

process.exitCode = main();
