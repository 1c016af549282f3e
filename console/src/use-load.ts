/** Loads data for a page, again when its inputs change or its live topic publishes. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError } from './api';
import { t } from './i18n';
import { subscribe, type LiveTopic } from './live';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[], topic?: LiveTopic): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => (topic ? subscribe(topic, reload) : undefined), [topic, reload]);
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
