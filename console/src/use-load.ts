/**
 * Loads data for a page, again when its inputs change or its live topic publishes. With
 * `refresh`, a change the live feed describes updates the data in place (e.g. one sensor of
 * the map) instead; `refresh` answering undefined asks for the full load.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from './api';
import { t } from './i18n';
import { subscribe, type LiveChange, type LiveTopic } from './live';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[], topic?: LiveTopic, refresh?: (current: T, change: LiveChange) => Promise<T> | undefined): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const latest = useRef<T | undefined>(undefined);
  latest.current = state.data;
  const refreshing = useRef(refresh);
  refreshing.current = refresh;
  useEffect(() => {
    if (!topic) return undefined;
    return subscribe(topic, (change) => {
      const data = latest.current;
      const refreshed = change && data !== undefined ? refreshing.current?.(data, change) : undefined;
      if (!refreshed) return reload();
      refreshed.then(
        // Another change landed meanwhile: the full load, rather than lose one.
        (next) => (latest.current === data ? setState({ data: next }) : reload()),
        () => reload(),
      );
    });
  }, [topic, reload]);
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ data }),
      (e: unknown) => current && setState((s) => ({ ...s, error: describeError(e, t('forbidden')) })),
    );
    return () => {
      current = false;
    };
  }, [...inputs, tick]);
  return { data: state.data, error: state.error, reload };
}
