/**
 * The console's live feed with a stand-in socket and fake timers: messages publish their
 * topics, the connection carries the current token, a closed socket reconnects with a growing
 * delay and a fresh token, polling runs only while the socket is down.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeOf, publish, reconnectDelay, startLiveSocket, subscribe, topicsOf, type LiveChange, type LiveSocket } from '../../../console/src/live';

class FakeSocket implements LiveSocket {
  onopen: LiveSocket['onopen'] = null;
  onmessage: LiveSocket['onmessage'] = null;
  onclose: LiveSocket['onclose'] = null;
  sent: string[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
}

let sockets: FakeSocket[];
let tokens: number;
let stop: (() => void) | undefined;
const counts = { alerts: 0, readings: 0, notifications: 0, 'work-orders': 0 };
const unsubscribe: Array<() => void> = [];
let changes: Array<LiveChange | undefined>;

function start() {
  stop = startLiveSocket({
    url: 'ws://live.test/local',
    token: async () => `token-${++tokens}`,
    pollEveryMs: 15_000,
    pingEveryMs: 60_000,
    delay: (attempt) => 1_000 * 2 ** attempt,
    open: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  })();
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  tokens = 0;
  changes = [];
  unsubscribe.push(subscribe('readings', (change) => changes.push(change)));
  for (const k of Object.keys(counts) as (keyof typeof counts)[]) {
    counts[k] = 0;
    unsubscribe.push(subscribe(k, () => counts[k]++));
  }
});

afterEach(() => {
  stop?.();
  for (const u of unsubscribe.splice(0)) u();
  vi.useRealTimers();
});

describe('the live feed', () => {
  it('maps the messages to the topics they change', () => {
    expect(topicsOf({ type: 'alert.raised', data: {} })).toEqual(['alerts', 'readings']);
    expect(topicsOf({ type: 'alert.cleared', data: {} })).toEqual(['alerts', 'readings']);
    expect(topicsOf({ type: 'notification', data: {} })).toEqual(['notifications']);
    expect(topicsOf({ type: 'pong' })).toEqual([]);
    expect(topicsOf(null)).toEqual([]);
    expect(changeOf({ type: 'alert.cleared', data: { sensorId: 'S1' } })).toEqual({ sensorId: 'S1' });
    expect(changeOf({ type: 'alert.raised', data: { zoneId: 'Z1' } })).toBeUndefined();
  });

  it('connects with the current access token and publishes each message', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets.map((s) => s.url)).toEqual(['ws://live.test/local?token=token-1']);
    sockets[0]!.onopen!({});
    sockets[0]!.onmessage!({ data: JSON.stringify({ type: 'alert.raised', data: { sensorId: 'S1' } }) });
    expect(counts).toMatchObject({ alerts: 1, readings: 1, notifications: 0 });
    // The subscribers learn which sensor changed (the map refreshes that one).
    expect(changes).toEqual([{ sensorId: 'S1' }]);
    sockets[0]!.onmessage!({ data: JSON.stringify({ type: 'notification', data: {} }) });
    sockets[0]!.onmessage!({ data: 'not json' });
    expect(counts).toMatchObject({ alerts: 1, readings: 1, notifications: 1 });
    // Polling is off while the socket is open; a ping keeps it from the idle timeout.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(counts.alerts).toBe(1);
    expect(sockets[0]!.sent).toEqual(['{"action":"ping"}']);
  });

  it('polls while the socket is down, and reconnects with backoff and a fresh token', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.onopen!({});
    sockets[0]!.onclose!({});
    // Down: polling takes over; first retry after 1 s, the next (refused) after 2 s more.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]!.url).toBe('ws://live.test/local?token=token-2');
    sockets[1]!.onclose!({});
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(15_000 - 3_000);
    expect(counts.alerts).toBe(1);
    // Back up: every topic refreshed once (what was missed), then polling stops.
    sockets[2]!.onopen!({});
    expect(counts.alerts).toBe(2);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(counts.alerts).toBe(2);
  });

  it('stops for good at sign-out: the socket closed, no retry, no polling', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.onopen!({});
    stop!();
    stop = undefined;
    expect(sockets[0]!.closed).toBe(true);
    sockets[0]!.onclose!({});
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sockets).toHaveLength(1);
    expect(counts.alerts).toBe(0);
  });

  it('spreads reconnections: doubling up to 30 s, with jitter', () => {
    expect(reconnectDelay(0, () => 0)).toBe(500);
    expect(reconnectDelay(0, () => 1)).toBe(1_000);
    expect(reconnectDelay(3, () => 1)).toBe(8_000);
    expect(reconnectDelay(20, () => 1)).toBe(30_000);
    publish('alerts');
    expect(counts.alerts).toBe(1);
  });
});
