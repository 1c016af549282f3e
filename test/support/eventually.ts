/**
 * Reads until the value is ready or the time is up (then the last value read, for the
 * caller's assertion to show): what the tests of asynchronous work (queues, workers) wait with.
 */
export async function eventually<T>(read: () => Promise<T>, ready: (value: T) => boolean, timeoutMs = 15_000, everyMs = 300): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ready(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
