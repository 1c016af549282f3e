/**
 * The leak loop as the network lives it, through the local stack: `npm run simulate --
 * --network-only` (a process of its own) creates the demo district metered area, uploads its
 * inlet and outlet meters' last five weeks over the API with a leak from a night a week ago,
 * and publishes live over MQTT; the nightly `leak-detection` schedule fires as the local
 * runtime fires it (the model's declaration, a scheduled event at this instant); the zone's
 * leak alert is raised with the leak dated and sized, the zone's leak rule opens a leak
 * investigation whose best candidate has the `leak-detection` skill, and a subscribed
 * endpoint receives `leak.suspected`.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ZONE_NAME } from '#lib/local/simulator/demo-zone';
import { zoneSchedules } from '#lib/model/routes/zones';
import { apiUrl, call, tokenFor, USERS } from '../support/api';
import { startReceiver, type Receiver } from '../support/webhooks';

const DAY = 86_400_000;
const localDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
const LEAK_NIGHT = localDate(Date.now() - 7 * DAY);

let admin: string;
let manager: string;
let receiver: Receiver;

/** `npm run simulate` with `args`, as `npm start` runs scripts (`node --import tsx`); resolves with its exit code and output. */
function simulate(args: string[]): Promise<{ code: number | null; output: string }> {
  // The test process carries the stack's AWS endpoints: the simulator is a client of the API only.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/simulate.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

beforeAll(async () => {
  [admin, manager] = await Promise.all([tokenFor(USERS.admin), tokenFor(USERS.manager)]);
  receiver = await startReceiver();
});
afterAll(async () => receiver?.close());

describe('a leak in a simulated zone', () => {
  it('goes from the meters to an alert, a leak investigation for a leak-detection technician, and a webhook', async () => {
    const hook = await call('POST', '/v1/webhooks', { token: admin, body: { url: receiver.url('/e2e-leaks'), eventTypes: ['leak.suspected'] } });
    expect(hook.status).toBe(201);

    const run = await simulate(['--network-only', '--seconds', '2', '--interval', '1', '--history-nights', '35', '--leak-night', LEAK_NIGHT, '--api', apiUrl()]);
    expect(run.code, run.output).toBe(0);
    const rate = Number(/at ([\d.]+) m³\/h/.exec(run.output)?.[1]);
    expect(rate, run.output).toBeGreaterThan(0);

    // The zone the simulator says it feeds (the demo tenant holds many zones once the suite has run).
    const zoneId = /\/v1\/zones\/([0-9A-Z]+)\/night-flow/.exec(run.output)?.[1];
    expect(zoneId, run.output).toBeDefined();
    const zone = (await call('GET', `/v1/zones/${zoneId}`, { token: manager })).body as { id: string; name: string };
    expect(zone.name, 'the simulator created the demo zone').toBe(DEMO_ZONE_NAME);
    const rule = await call('POST', '/v1/alert-rules', { token: manager, body: { name: 'Leaks in the demo zone', zoneId: zone.id, condition: { type: 'leak' }, severity: 'major', openWorkOrder: true } });
    expect(rule.status).toBe(201);

    // The schedule fires as the local runtime fires it.
    Object.assign(process.env, inject('stackEnv'));
    const { invoke } = await import('#lib/local/runtime/lambda-invoker');
    const { scheduledEvent } = await import('#lib/local/runtime/schedules');
    const schedule = zoneSchedules.find((s) => s.name === 'leak-detection')!;
    await invoke(schedule.name, schedule.handler, schedule.fn, scheduledEvent(schedule, new Date()));

    const alerts = (await call('GET', `/v1/alerts?zoneId=${zone.id}&status=active&limit=10`, { token: manager })).body.data as any[];
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({ conditionType: 'leak', ruleId: rule.body.id, workOrderRequested: true });
    expect(Math.abs(Date.parse(alert.leak.startNight) - Date.parse(LEAK_NIGHT)) / DAY).toBeLessThanOrEqual(1);
    expect(alert.leak.addedFlowM3h).toBeGreaterThan(rate * 0.6);
    expect(alert.leak.addedFlowM3h).toBeLessThan(rate * 1.4);
    expect(alert.leak.volumeLostM3).toBeGreaterThan(0);

    const order = ((await call('GET', '/v1/work-orders?limit=100&type=inspection', { token: manager })).body.data as any[]).find((w) => w.sourceRef === alert.id);
    expect(order).toMatchObject({ source: 'alert', requiredSkills: ['leak-detection'] });
    const [best] = (await call('GET', `/v1/work-orders/${order.id}/candidates`, { token: manager })).body.data as any[];
    expect(best.missingSkills).toEqual([]);
    expect((await call('GET', `/v1/technicians/${best.technicianId}`, { token: manager })).body.skills).toContain('leak-detection');

    const [delivered] = await receiver.waitFor('/e2e-leaks', 1, 30_000, (r) => JSON.parse(r.body).data?.id === alert.id);
    expect(JSON.parse(delivered!.body)).toMatchObject({ type: 'leak.suspected', data: { zoneId: zone.id, leak: { startNight: alert.leak.startNight } } });
  }, 300_000);
});
