/** EventBridge schedule expressions (rate and 6-field AWS cron) and the scheduled event. */
import { describe, expect, it } from 'vitest';
import { cronMatches, rateMs, scheduledEvent } from '#lib/local/runtime/schedules';
import type { ScheduleDecl } from '#lib/model/types';

const at = (iso: string) => new Date(iso);

describe('rateMs', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(12 hours)', 43_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(7 days)', 604_800_000],
  ])('%s is %i ms', (expression, ms) => {
    expect(rateMs(expression)).toBe(ms);
  });

  it.each(['cron(0 12 * * ? *)', 'rate(5 seconds)', 'rate(five minutes)', 'rate(5minutes)', ' rate(5 minutes)'])('%s is not a rate', (expression) => {
    expect(rateMs(expression)).toBeUndefined();
  });
});

describe('cronMatches', () => {
  it('matches fixed minute and hour, any day', () => {
    expect(cronMatches('cron(0 12 * * ? *)', at('2026-11-21T12:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 12 * * ? *)', at('2026-11-21T12:00:59Z'))).toBe(true);
    expect(cronMatches('cron(0 12 * * ? *)', at('2026-11-21T12:01:00Z'))).toBe(false);
    expect(cronMatches('cron(0 12 * * ? *)', at('2026-11-21T13:00:00Z'))).toBe(false);
  });

  it('reads the date in UTC', () => {
    // 00:30 in Paris is 23:30 UTC the day before.
    expect(cronMatches('cron(30 23 20 11 ? 2026)', at('2026-11-21T00:30:00+01:00'))).toBe(true);
  });

  it('matches lists', () => {
    for (const hour of [6, 18]) expect(cronMatches('cron(0 6,18 * * ? *)', at(`2026-11-21T${String(hour).padStart(2, '0')}:00:00Z`))).toBe(true);
    expect(cronMatches('cron(0 6,18 * * ? *)', at('2026-11-21T12:00:00Z'))).toBe(false);
  });

  it('matches inclusive ranges', () => {
    expect(cronMatches('cron(0 9-17 * * ? *)', at('2026-11-21T09:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 9-17 * * ? *)', at('2026-11-21T17:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 9-17 * * ? *)', at('2026-11-21T08:00:00Z'))).toBe(false);
    expect(cronMatches('cron(0 9-17 * * ? *)', at('2026-11-21T18:00:00Z'))).toBe(false);
  });

  it('matches steps from a start value (0/15) and within a range (8-18/5)', () => {
    for (const m of [0, 15, 30, 45]) expect(cronMatches('cron(0/15 * * * ? *)', at(`2026-11-21T10:${String(m).padStart(2, '0')}:00Z`))).toBe(true);
    expect(cronMatches('cron(0/15 * * * ? *)', at('2026-11-21T10:50:00Z'))).toBe(false);
    expect(cronMatches('cron(5/20 * * * ? *)', at('2026-11-21T10:45:00Z'))).toBe(true);
    expect(cronMatches('cron(5/20 * * * ? *)', at('2026-11-21T10:00:00Z'))).toBe(false);
    expect(cronMatches('cron(0 8-18/5 * * ? *)', at('2026-11-21T13:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 8-18/5 * * ? *)', at('2026-11-21T23:00:00Z'))).toBe(false);
  });

  it('matches */n on fields that start at 0', () => {
    expect(cronMatches('cron(*/10 * * * ? *)', at('2026-11-21T10:20:00Z'))).toBe(true);
    expect(cronMatches('cron(*/10 * * * ? *)', at('2026-11-21T10:25:00Z'))).toBe(false);
  });

  // In AWS (Quartz) cron, `*` in a step means the field's first value: day-of-month and month start at 1.
  it('counts */n steps from 1 on day-of-month and month', () => {
    expect(cronMatches('cron(0 0 */10 * ? *)', at('2026-11-01T00:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 0 */10 * ? *)', at('2026-11-11T00:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 0 */10 * ? *)', at('2026-11-10T00:00:00Z'))).toBe(false);
    expect(cronMatches('cron(0 0 1 */3 ? *)', at('2026-01-01T00:00:00Z'))).toBe(true); // quarterly: Jan, Apr, Jul, Oct
    expect(cronMatches('cron(0 0 1 */3 ? *)', at('2026-03-01T00:00:00Z'))).toBe(false);
  });

  it('numbers days of week from SUN=1 and accepts MON-FRI names and lists', () => {
    const weekdays = 'cron(0 8 ? * MON-FRI *)';
    expect(cronMatches(weekdays, at('2026-11-23T08:00:00Z'))).toBe(true); // Monday
    expect(cronMatches(weekdays, at('2026-11-27T08:00:00Z'))).toBe(true); // Friday
    expect(cronMatches(weekdays, at('2026-11-21T08:00:00Z'))).toBe(false); // Saturday
    expect(cronMatches(weekdays, at('2026-11-22T08:00:00Z'))).toBe(false); // Sunday
    expect(cronMatches('cron(0 8 ? * 1 *)', at('2026-11-22T08:00:00Z'))).toBe(true); // 1 = Sunday
    expect(cronMatches('cron(0 8 ? * SAT,SUN *)', at('2026-11-21T08:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 8 ? * SAT,SUN *)', at('2026-11-24T08:00:00Z'))).toBe(false);
  });

  it('accepts ? for day-of-month when day-of-week is given, and the reverse', () => {
    expect(cronMatches('cron(0 0 ? * WED *)', at('2026-11-25T00:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 0 25 * ? *)', at('2026-11-25T00:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 0 25 * ? *)', at('2026-11-24T00:00:00Z'))).toBe(false);
  });

  it('accepts month names JAN-DEC, as EventBridge does', () => {
    expect(cronMatches('cron(0 0 1 JAN,JUL ? *)', at('2026-07-01T00:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 0 1 JAN,JUL ? *)', at('2026-06-01T00:00:00Z'))).toBe(false);
  });

  it('matches the year field', () => {
    expect(cronMatches('cron(0 0 1 1 ? 2027)', at('2027-01-01T00:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 0 1 1 ? 2027)', at('2026-01-01T00:00:00Z'))).toBe(false);
    expect(cronMatches('cron(0 0 1 1 ? 2026-2030)', at('2028-01-01T00:00:00Z'))).toBe(true);
    expect(cronMatches('cron(0 0 1 1 ? *)', at('2031-01-01T00:00:00Z'))).toBe(true);
  });

  it('throws on an expression that is not cron', () => {
    expect(() => cronMatches('rate(5 minutes)', new Date())).toThrow(/Not a cron expression/);
  });
});

describe('scheduledEvent', () => {
  const schedule: ScheduleDecl = { name: 'nightly-forecast', expression: 'cron(0 2 * * ? *)', handler: 'workers/forecast', fn: { access: {} } };

  it('has the shape of an EventBridge scheduled event', () => {
    const event = scheduledEvent(schedule, at('2026-11-21T02:00:00.123Z'));
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-11-21T02:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/hydrant-local-nightly-forecast'],
      detail: {},
    });
  });

  it('gives each event its own id', () => {
    const time = at('2026-11-21T02:00:00Z');
    expect(scheduledEvent(schedule, time).id).not.toBe(scheduledEvent(schedule, time).id);
  });
});
