/**
 * `npm start` as a newcomer runs it: `bin/local.ts` in a process of its own (free ports)
 * prints `Hydrant local stack ready`, answers, takes the demo devices of `npm run simulate`
 * (registered through the API, publishing over mqtts) so that their readings are queryable,
 * and on Ctrl-C (SIGINT) stops with exit code 0 and leaves no Java process behind. And
 * `npm start` itself, started in the background: SIGTERM or SIGINT sent to the npm process
 * alone (not to its group, as a terminal's Ctrl-C would) stops the whole stack: every
 * process under npm ends and the API and MQTT ports are free again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';

const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/**
 * Runs a script as `npm start` does (`node --import tsx`, on this same Node), collecting its
 * output; resolves on exit. Not through the tsx CLI: it relays a signal to its child and
 * SIGKILLs it (exit 130) when the child does not acknowledge within 30 ms, which a loaded
 * machine misses.
 */
function run(script: string, args: string[], env: Record<string, string> = {}) {
  return runCommand(process.execPath, ['--import', 'tsx', script, ...args], env);
}

/** Runs a command, collecting its output; resolves on exit. */
function runCommand(command: string, args: string[], env: Record<string, string> = {}) {
  // The test process carries the shared stack's endpoints: the new stack must not inherit them.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('QUEUE_URL') && !k.endsWith('_TABLE_NAME')));
  const child = spawn(command, args, { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until<T>(read: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Java processes among the descendants of `pid` (walking /proc). */
function javaDescendants(pid: number): number[] {
  return descendants(pid).filter((p) => p.command.includes('java')).map((p) => p.pid);
}

/** Every descendant of `pid` with its command line (walking /proc). */
function descendants(pid: number): { pid: number; command: string }[] {
  const parentOf = new Map<number, number>();
  const commandOf = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      commandOf.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8'));
    } catch {
      // the process ended meanwhile
    }
  }
  const descends = (p: number): boolean => {
    for (let q = parentOf.get(p); q !== undefined && q > 1; q = parentOf.get(q)) if (q === pid) return true;
    return false;
  };
  return [...parentOf.keys()].filter(descends).map((p) => ({ pid: p, command: (commandOf.get(p) ?? '').replaceAll('\0', ' ') }));
}

/** Whether something accepts connections on the local port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  it('prints ready, serves the API, takes the simulator’s devices, and stops on Ctrl-C without leaving Java behind', async () => {
    const stack = run('bin/local.ts', [], { HYDRANT_PORT: '0', HYDRANT_MQTT_PORT: '0' });
    const apiUrl = await until(() => /Hydrant local stack ready in [\d.]+ s at (http:\/\/\S+)/.exec(stack.output())?.[1], 'the ready line', 90_000);
    expect(stack.output()).toContain('hydrant-local-demo-key-0001');
    expect((await fetch(`${apiUrl}/v1/health`)).status).toBe(200);
    const java = javaDescendants(stack.child.pid!);
    expect(java.length).toBeGreaterThan(0);

    const simulator = run('bin/simulate.ts', ['--seconds', '6', '--interval', '1', '--api', apiUrl]);
    expect(await simulator.exited, simulator.output()).toBe(0);
    expect(simulator.output()).toMatch(/PH_001\s+ph\s+→ mqtts:\/\/localhost:\d+ hydrant\/PH_001\/telemetry/);

    const login = await fetch(`${apiUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'manager@hydrant.local', password: DEMO_PASSWORD }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const latest = await until(
      async () => {
        const res = await fetch(`${apiUrl}/v1/sensors/PH_001/latest`, { headers: { 'x-api-key': DEMO_API_KEY, authorization: `Bearer ${access_token}` } });
        return res.status === 200 ? ((await res.json()) as { latest: { value: number; ts: string } }).latest ?? undefined : undefined;
      },
      'a reading of PH_001',
      10_000,
    );
    expect(latest.value).toBeGreaterThan(0);
    expect(latest.value).toBeLessThan(14);
    expect(Date.now() - Date.parse(latest.ts)).toBeLessThan(60_000);

    stack.child.kill('SIGINT');
    expect(await stack.exited).toBe(0);
    expect(stack.output()).toContain('Stopped.');
    await until(() => (java.some(alive) ? undefined : true), 'Java to exit', 10_000);
  }, 180_000);
});

describe('npm start in the background', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the whole stack on ${signal} to the npm process: no process left under npm, ports free`, async () => {
      // HYDRANT_PORT=0 alone also puts the MQTT broker on a free port (no clash with 8883).
      const npm = runCommand('npm', ['start'], { HYDRANT_PORT: '0' });
      const ready = await until(() => /Hydrant local stack ready in [\d.]+ s at (http:\/\/\S+)/.exec(npm.output())?.[1], 'the ready line', 150_000).catch((e: Error) => {
        throw new Error(`${e.message}; npm start said:\n${npm.output().slice(-3000)}`);
      });
      const apiPort = Number(new URL(ready).port);
      const mqttPort = Number(/MQTT \(IoT\)\s+mqtts:\/\/localhost:(\d+)/.exec(npm.output())?.[1]);
      expect(mqttPort).not.toBe(8883);
      expect(await listening(apiPort)).toBe(true);
      expect(await listening(mqttPort)).toBe(true);
      const under = descendants(npm.child.pid!);
      expect(under.some((p) => p.command.includes('java')), JSON.stringify(under)).toBe(true);

      npm.child.kill(signal);
      expect(await npm.exited, npm.output()).toBe(0);
      expect(npm.output()).toContain(`${signal}: stopping the local stack`);
      expect(npm.output()).toContain('Stopped.');
      await until(() => (under.some((p) => alive(p.pid)) ? undefined : true), 'every process under npm to exit', 10_000);
      expect(await listening(apiPort)).toBe(false);
      expect(await listening(mqttPort)).toBe(false);
    }, 240_000);
  }
});
