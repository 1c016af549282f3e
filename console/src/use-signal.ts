/** The hook that re-renders a component when a signal changes. */
import { useEffect, useState } from 'preact/hooks';
import type { Signal } from './signal';

/** Re-renders the component when the signal changes. */
export function useSignal<T>(s: Signal<T>): T {
  const [, setTick] = useState(0);
  useEffect(() => s.subscribe(() => setTick((n) => n + 1)), [s]);
  return s.value;
}
