/**
 * The one place the console learns that something changed server-side. Pages subscribe to
 * topics (`alerts`, `readings`, `work-orders`); whatever feeds the changes calls `publish`.
 * Today the feed is polling (`startPolling`); a WebSocket feed replaces it by calling
 * `publish` from its messages, without touching a page.
 */
export type LiveTopic = 'alerts' | 'readings' | 'work-orders';

const listeners = new Map<LiveTopic, Set<() => void>>();

/** Calls `listener` whenever `topic` changes; returns the unsubscribe function. */
export function subscribe(topic: LiveTopic, listener: () => void): () => void {
  const set = listeners.get(topic) ?? new Set();
  listeners.set(topic, set);
  set.add(listener);
  return () => set.delete(listener);
}

/** Tells the subscribers of `topic` that it changed. */
export function publish(topic: LiveTopic): void {
  for (const l of [...(listeners.get(topic) ?? [])]) l();
}

/** A feed: started after sign-in, stopped at sign-out. */
export type LiveFeed = () => () => void;

/** The fallback feed: every topic refreshed every `everyMs` while the tab is visible. */
export const startPolling =
  (everyMs = 15_000): LiveFeed =>
  () => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      for (const topic of listeners.keys()) publish(topic);
    }, everyMs);
    return () => clearInterval(timer);
  };
