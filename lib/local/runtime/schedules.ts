/**
 * Local EventBridge schedules: `rate(...)` and `cron(...)` expressions invoke their
 * handler with a scheduled event, as EventBridge does in the cloud.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { ScheduleDecl } from '#lib/model/types';
import { invoke } from './lambda-invoker';

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Milliseconds between runs of a `rate(N unit)` expression, or undefined for cron. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  return m ? Number(m[1]) * (UNIT_MS[m[2] as string] as number) : undefined;
}

/** Whether one cron field matches; `min` is where `*` starts counting steps (1 for days and months). */
function fieldMatches(field: string, value: number, min: number): boolean {
  if (field === '*' || field === '?') return true;
  if (/[LW#]/.test(field)) throw new Error(`Cron field ${field}: L, W and # are not supported by the local scheduler`);
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    const [lo, hi] = range === '*' ? [min, Number.MAX_SAFE_INTEGER] : (range as string).split('-').map(Number);
    const from = lo as number;
    const to = hi ?? (stepText ? Number.MAX_SAFE_INTEGER : from);
    return value >= from && value <= to && (value - from) % step === 0;
  });
}

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const named = (field: string, names: string[]) => field.replace(/[A-Z]{3}/g, (n) => String(names.indexOf(n) + 1));

/** Whether a `cron(min hour day-of-month month day-of-week year)` expression fires at `date` (UTC, minute precision). */
export function cronMatches(expression: string, date: Date): boolean {
  const m = /^cron\((.+)\)$/.exec(expression);
  if (!m) throw new Error(`Not a cron expression: ${expression}`);
  const [min, hour, dom, month, dow, year = '*'] = (m[1] as string).trim().split(/\s+/);
  return (
    fieldMatches(min as string, date.getUTCMinutes(), 0) &&
    fieldMatches(hour as string, date.getUTCHours(), 0) &&
    fieldMatches(dom as string, date.getUTCDate(), 1) &&
    fieldMatches(named(month as string, MONTH_NAMES), date.getUTCMonth() + 1, 1) &&
    fieldMatches(named(dow as string, DAY_NAMES), date.getUTCDay() + 1, 1) &&
    fieldMatches(year, date.getUTCFullYear(), 1970)
  );
}

export function scheduledEvent(schedule: ScheduleDecl, time: Date): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:000000000000:rule/hydrant-local-${schedule.name}`],
    detail: {},
  };
}

export interface ScheduleRunner {
  stop(): void;
}

export function startSchedules(schedules: readonly ScheduleDecl[], onError: (error: unknown) => void = console.error): ScheduleRunner {
  const timers: NodeJS.Timeout[] = [];
  const fire = (s: ScheduleDecl) => {
    invoke(s.name, s.handler, s.fn, scheduledEvent(s, new Date())).catch(onError);
  };
  for (const s of schedules) {
    const every = rateMs(s.expression);
    if (every !== undefined) timers.push(setInterval(() => fire(s), every));
  }
  const crons = schedules.filter((s) => rateMs(s.expression) === undefined);
  if (crons.length) {
    // Check cron expressions once a minute, on the minute.
    const tick = () => {
      const now = new Date();
      for (const s of crons) if (cronMatches(s.expression, now)) fire(s);
    };
    const first = setTimeout(() => {
      tick();
      timers.push(setInterval(tick, 60_000));
    }, 60_000 - (Date.now() % 60_000));
    timers.push(first);
  }
  for (const t of timers) t.unref();
  return { stop: () => timers.forEach((t) => clearInterval(t)) };
}
