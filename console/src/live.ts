/**
 * The one place the console learns that something changed server-side. Pages subscribe to
 * topics (`alerts`, `readings`, `work-orders`, `notifications`); the feed calls `publish`.
 *
 * The feed is the live WebSocket API (`startLiveSocket`): `?token=` with the session's current
 * access token; each message `{type, data}` publishes its topics (`alert.raised` and
 * `alert.cleared`: the alerts, and the readings, so the map refreshes the sensor's latest value
 * and alarm state; `notification`: the notifications). When the socket closes it reconnects
 * with a growing delay and a fresh token, and polls meanwhile (`startPolling`, the fallback);
 * a reconnection refreshes every topic once, for what was missed while down.
 */
export type LiveTopic = 'alerts' | 'readings' | 'work-orders' | 'notifications';

/** What changed, when a live message says it (polling knows nothing: undefined). */
export interface LiveChange {
  /** The sensor of an alert raised or cleared. */
  readonly sensorId?: string;
}

type Listener = (change?: LiveChange) => void;
const listeners = new Map<LiveTopic, Set<Listener>>();

/** Calls `listener` whenever `topic` changes; returns the unsubscribe function. */
export function subscribe(topic: LiveTopic, listener: Listener): () => void {
  const set = listeners.get(topic) ?? new Set();
  listeners.set(topic, set);
  set.add(listener);
  return () => set.delete(listener);
}

/** Tells the subscribers of `topic` that it changed (and what, when known). */
export function publish(topic: LiveTopic, change?: LiveChange): void {
  for (const l of [...(listeners.get(topic) ?? [])]) l(change);
}

/** A feed: started after sign-in, stopped at sign-out. */
export type LiveFeed = () => () => void;

/** The fallback feed: every topic refreshed every `everyMs` while the tab is visible. */
export const startPolling =
  (everyMs = 15_000): LiveFeed =>
  () => {
    const timer = setInterval(() => {
      // Read through globalThis: this module is also run by unit tests, without a document.
      const page = (globalThis as { document?: { visibilityState: string } }).document;
      if (page && page.visibilityState !== 'visible') return;
      for (const topic of listeners.keys()) publish(topic);
    }, everyMs);
    return () => clearInterval(timer);
  };

/** What a live message says changed: its alert's sensor. */
export function changeOf(message: unknown): LiveChange | undefined {
  const sensorId = (message as { data?: { sensorId?: unknown } } | null)?.data?.sensorId;
  return typeof sensorId === 'string' ? { sensorId } : undefined;
}

/** The topics a live message changes (none for a message the console does not know). */
export function topicsOf(message: unknown): LiveTopic[] {
  const type = (message as { type?: unknown } | null)?.type;
  if (type === 'alert.raised' || type === 'alert.cleared') return ['alerts', 'readings'];
  if (type === 'notification') return ['notifications'];
  return [];
}

/** The delay before reconnection attempt `attempt` (0-based): doubling from 1 s to 30 s, with jitter. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1_000 * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The part of the browser's WebSocket the feed uses (a test gives its own). */
export interface LiveSocket {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

export interface LiveSocketOptions {
  /** The live API's URL (`ws://…` or `wss://…/<stage>`), without the token. */
  readonly url: string;
  /** The session's current access token (refreshed when near its expiry); undefined when signed out. */
  readonly token: () => Promise<string | undefined>;
  /** Polling interval while the socket is down. @default 15 000 */
  readonly pollEveryMs?: number;
  /** A ping this often keeps the connection from the API's 10-minute idle timeout. @default 5 minutes */
  readonly pingEveryMs?: number;
  /** @default the browser's WebSocket */
  readonly open?: (url: string) => LiveSocket;
  /** @default reconnectDelay */
  readonly delay?: (attempt: number) => number;
}

/** The live feed: the WebSocket API, polling only while the socket is down. */
export const startLiveSocket =
  (options: LiveSocketOptions): LiveFeed =>
  () => {
    const openSocket = options.open ?? ((url: string) => new WebSocket(url) as unknown as LiveSocket);
    const delay = options.delay ?? reconnectDelay;
    let stopped = false;
    let socket: LiveSocket | undefined;
    let attempt = 0;
    let everOpened = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;
    let stopPolling: (() => void) | undefined;
    const polling = (on: boolean) => {
      if (on && !stopPolling) stopPolling = startPolling(options.pollEveryMs)();
      if (!on && stopPolling) {
        stopPolling();
        stopPolling = undefined;
      }
    };
    const later = () => {
      if (stopped) return;
      polling(true);
      retry = setTimeout(() => void connect(), delay(attempt++));
    };
    const connect = async () => {
      let token: string | undefined;
      try {
        token = await options.token();
      } catch {
        token = undefined;
      }
      if (stopped) return;
      if (!token) return later();
      let ws: LiveSocket;
      try {
        ws = openSocket(`${options.url}?token=${encodeURIComponent(token)}`);
      } catch {
        return later();
      }
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        polling(false);
        ping = setInterval(() => ws.send('{"action":"ping"}'), options.pingEveryMs ?? 5 * 60_000);
        // After a reconnection, what changed while the socket was down.
        if (everOpened) for (const topic of listeners.keys()) publish(topic);
        everOpened = true;
      };
      ws.onmessage = (event) => {
        let message: unknown;
        try {
          message = JSON.parse(String(event.data));
        } catch {
          return;
        }
        for (const topic of topicsOf(message)) publish(topic, changeOf(message));
      };
      ws.onclose = () => {
        clearInterval(ping);
        if (socket === ws) socket = undefined;
        later();
      };
    };
    polling(true);
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      polling(false);
      socket?.close(1000);
      socket = undefined;
    };
  };
